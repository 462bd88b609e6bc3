using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kit.Schema;
using Xunit;

namespace Kit.Generators.Tests;

/// <summary>SchemaPattern matches simple ASCII patterns on UTF-8 bytes; it must answer exactly as the Regex it stands in for.</summary>
public class SchemaPatternTests
{
    // As the generator passes them: `$` already rewritten to "nothing follows".
    private static string Translated(string pattern) => pattern.EndsWith('$') ? pattern[..^1] + @"(?![\s\S])" : pattern;

    public static TheoryData<string, bool> Patterns => new()
    {
        { "^[A-Z]{3}$", true },
        { "^[1-9][0-9]*$", true },
        { "^[a]*[b]?[a]$", true },
        { "^[A-Z]{2,3}[0-9]+x?$", true },
        { "^[A-Z]{2,3}[A-Z0-9]+$", true },
        { "00$", true },
        { "^[A-Z][A-Z0-9_]*$", true },
        { "^[A-Z]{2}$", true },
        { @"^\d{2,4}-\w+$", true },
        { "[a-c]?x*", true },
        { "ab{2,}c", true },
        { @"[-.]x\.", true },
        { "^[a-z]*[a-z]*[a-z]*x$", true },
        { "", true },
        { "^", true },
        { "^([A-Z]{2}|GLOBAL)$", false },
        { "a{-1}", false },
        { "a{ 1}", false },
        { "a{1,x}", false },
        { "^[^0-9]+$", false },
        { "a.c", false },
        { "^ก+$", false },
    };

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Byte_matching_agrees_with_the_regex(string pattern, bool compilesToBytes)
    {
        var translated = Translated(pattern);
        var subject = new SchemaPattern(translated, ecmaScript: true);
        var regex = new Regex(translated, RegexOptions.ECMAScript);
        Assert.Equal(compilesToBytes, subject.IsAsciiProgram);

        var random = new Random(pattern.Length * 7919 + 17);
        const string alphabet = "ABCTHBIDRGLOBALabcx0129_-. \nก";
        var inputs = new List<string> { "aa", "aba", "a", "AB12", "ABC12x", "ABCD1", "AB", "", "THB", "THB\n", "125000", "125000\n", "012", "1250.00", "ab-cd", "aabbbc", "IDR", "GLOBAL", "a.x.", "a{-1}", "a{ 1}", "a{1,x}", "a", new string('a', 300) + "x" };
        for (var n = 0; n < 3000; n++)
        {
            var length = random.Next(0, 10);
            var sb = new StringBuilder();
            for (var i = 0; i < length; i++) sb.Append(alphabet[random.Next(alphabet.Length)]);
            inputs.Add(sb.ToString());
        }
        foreach (var input in inputs)
        {
            var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(input, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            var reader = new Utf8JsonReader(json);
            reader.Read();
            Assert.True(regex.IsMatch(input) == subject.IsMatch(ref reader), $"pattern {pattern} on {JsonSerializer.Serialize(input)}: regex says {regex.IsMatch(input)}");
        }
    }

    [Theory]
    [InlineData("^[A-Z]{3}$", true)]
    [InlineData("^[1-9][0-9]*$", true)]
    [InlineData("^[A-Z][A-Z0-9_]*$", true)]
    [InlineData("^[a]*[b]?[a]$", false)]
    [InlineData("^[A-Z]{2,3}[A-Z0-9]+$", false)]
    [InlineData("00$", false)]
    public void Only_patterns_where_greedy_is_exact_take_the_one_pass_path(string pattern, bool greedy) =>
        Assert.Equal(greedy, new SchemaPattern(Translated(pattern), ecmaScript: true).IsGreedy);
}
