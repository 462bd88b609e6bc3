using System.Text;
using Xunit;

namespace Kit.Generators.Tests;

/// <summary>
/// Patterns mean what ECMA-262 (with the u flag) says, however .NET reads them, and documents and schemas nest as
/// deep as real ones do.
/// </summary>
public sealed class DialectAndDepthTests
{
    private static Func<string, Kit.Schema.ValidationResult> Compile(string name, string schema)
    {
        var (output, diagnostics, _) = GeneratorHarness.Run([new SchemaFile($"/s/{name}.schema.json", schema)]);
        Assert.Empty(diagnostics);
        var (assembly, errors) = GeneratorHarness.Load(output);
        Assert.True(assembly is not null, string.Join("\n", errors));
        var validator = assembly!.GetType($"Test.Schemas.{char.ToUpperInvariant(name[0])}{name[1..]}Validator")!;
        return json => (Kit.Schema.ValidationResult)validator.GetMethod("Validate", [typeof(string)])!.Invoke(null, [json])!;
    }

    private static string Quoted(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    [Theory]
    [InlineData(@"^\s$", "\u00a0", true)]     // NO-BREAK SPACE is ECMA-262 whitespace, not .NET ECMAScript's
    [InlineData(@"^\s$", "\ufeff", true)]
    [InlineData(@"^\s$", "\u2029", true)]
    [InlineData(@"^\s$", "\u2003", true)]
    [InlineData(@"^\S$", "\u00a0", false)]
    [InlineData(@"^\s$", "\u0085", false)]    // NEL is .NET whitespace, not ECMA-262's
    [InlineData(@"^\d$", "\u0663", false)]    // ARABIC-INDIC DIGIT THREE: \d is ASCII
    [InlineData(@"^\w+$", "é", false)]
    [InlineData(@"\bx", "éx", true)]          // é is not an ASCII word character, so there is a boundary before x
    [InlineData(@"^.$", "\u2028", false)]     // . excludes every ECMA-262 line terminator
    [InlineData(@"^.$", "🐲", true)]          // and takes a surrogate pair as one character
    [InlineData(@"^🐲*$", "🐲🐲", true)]       // a quantifier applies to the whole non-BMP character
    [InlineData(@"^\u{1F432}{2}$", "🐲🐲", true)]
    [InlineData(@"^[\s\d]+$", "1\u00a02", true)]
    [InlineData(@"^\p{Letter}+$", "กข", true)] // with a property escape the Regex runs without ECMAScript mode: \d etc. stay ASCII there too
    [InlineData(@"^\p{Letter}\d$", "ก\u0663", false)]
    public void Patterns_follow_ECMA_262(string pattern, string input, bool matches)
    {
        var validate = Compile("pattern", $$"""{ "type": "string", "pattern": {{Quoted(pattern)}} }""");
        Assert.Equal(matches, validate(Quoted(input)).IsValid);
    }

    [Fact]
    public void Documents_nest_far_deeper_than_64_levels_and_past_the_limit_the_message_says_so()
    {
        var validate = Compile("tree", """{ "type": "array", "items": { "$ref": "#" } }""");
        string Nested(int depth) => new string('[', depth) + new string(']', depth);
        Assert.True(validate(Nested(100)).IsValid);
        Assert.True(validate(Nested(900)).IsValid);
        var tooDeep = Assert.Single(validate(Nested(Kit.Schema.SchemaValidation.MaxDepth + 5)).Violations);
        Assert.Equal("json", tooDeep.Keyword);
        Assert.Contains("deeper than 1000 levels", tooDeep.Message);
    }

    [Fact]
    public void Schemas_nested_deeper_than_64_levels_compile()
    {
        var schema = new StringBuilder();
        for (var i = 0; i < 100; i++) schema.Append("""{ "type": "object", "properties": { "a": """);
        schema.Append("""{ "type": "integer" }""");
        for (var i = 0; i < 100; i++) schema.Append(" } }");
        var validate = Compile("deep", schema.ToString());
        var document = new StringBuilder();
        for (var i = 0; i < 100; i++) document.Append("""{ "a": """);
        document.Append("\"not a number\"");
        for (var i = 0; i < 100; i++) document.Append(" }");
        var violation = Assert.Single(validate(document.ToString()).Violations);
        Assert.Equal(string.Concat(Enumerable.Repeat("/a", 100)), violation.InstancePointer);
    }
}
