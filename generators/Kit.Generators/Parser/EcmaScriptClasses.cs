using System.Text;

namespace Kit.Generators.Parser
{
    /// <summary>
    /// Gives ECMA-262's meaning (with the u flag, as JSON Schema's patterns are read) to the pieces where .NET's
    /// differs, by spelling them out: <c>\s</c>/<c>\S</c> are ECMA-262's WhiteSpace and LineTerminator (U+00A0,
    /// U+FEFF, U+2028/2029, U+2000–200A and the rest, which .NET's ECMAScript mode lacks); <c>\d</c>, <c>\w</c> and
    /// <c>\b</c> are ASCII (.NET's are Unicode outside that mode); <c>.</c> excludes all four line terminators and
    /// takes a surrogate pair as one character; a character outside the BMP (written as itself or as
    /// <c>\u{…}</c>) is one character to a quantifier. Inside a character class <c>\s</c>, <c>\d</c> and <c>\w</c>
    /// are spelled out too; the negated ones keep .NET's meaning there, which differs only for the whitespace .NET's
    /// ECMAScript mode lacks.
    /// </summary>
    internal static class EcmaScriptClasses
    {
        private const string Space = @"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
        private const string Word = "a-zA-Z0-9_";
        private const string Dot = @"(?:[\ud800-\udbff][\udc00-\udfff]|[^\n\r\u2028\u2029])";
        private const string WordBoundary = "(?:(?<=[" + Word + "])(?![" + Word + "])|(?<![" + Word + "])(?=[" + Word + "]))";
        private const string NotWordBoundary = "(?:(?<=[" + Word + "])(?=[" + Word + "])|(?<![" + Word + "])(?![" + Word + "]))";

        public static string Translate(string pattern)
        {
            var result = new StringBuilder(pattern.Length + 16);
            var inClass = false;
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '\\' && i + 1 < pattern.Length)
                {
                    var e = pattern[++i];
                    if (e == 'u' && i + 1 < pattern.Length && pattern[i + 1] == '{' && CodePoint(pattern, i + 2, out var value, out var close))
                    {
                        i = close;
                        Literal(result, value, inClass);
                        continue;
                    }
                    var spelled = inClass ? InClass(e) : Outside(e);
                    if (spelled is not null) result.Append(spelled);
                    else result.Append('\\').Append(e);
                    continue;
                }
                if (inClass)
                {
                    if (c == ']') inClass = false;
                    result.Append(c);
                    continue;
                }
                if (c == '[')
                {
                    inClass = true;
                    result.Append(c);
                    // A ] right after [ or [^ is a literal in .NET but ends an empty class in ECMA-262: leave it to the Regex.
                    continue;
                }
                if (c == '.')
                {
                    result.Append(Dot);
                    continue;
                }
                if (char.IsHighSurrogate(c) && i + 1 < pattern.Length && char.IsLowSurrogate(pattern[i + 1]))
                {
                    result.Append("(?:").Append(c).Append(pattern[++i]).Append(')');
                    continue;
                }
                result.Append(c);
            }
            return result.ToString();
        }

        private static string? Outside(char e) => e switch
        {
            's' => "[" + Space + "]",
            'S' => "[^" + Space + "]",
            'd' => "[0-9]",
            'D' => "[^0-9]",
            'w' => "[" + Word + "]",
            'W' => "[^" + Word + "]",
            'b' => WordBoundary,
            'B' => NotWordBoundary,
            _ => null,
        };

        private static string? InClass(char e) => e switch
        {
            's' => Space,
            'd' => "0-9",
            'w' => Word,
            _ => null,
        };

        /// <summary>Reads the hex digits of <c>\u{…}</c> starting at <paramref name="start"/>.</summary>
        private static bool CodePoint(string pattern, int start, out int value, out int close)
        {
            value = 0;
            close = pattern.IndexOf('}', start);
            if (close <= start || close - start > 6) return false;
            for (var i = start; i < close; i++)
            {
                var d = pattern[i];
                var digit = d >= '0' && d <= '9' ? d - '0' : d >= 'a' && d <= 'f' ? d - 'a' + 10 : d >= 'A' && d <= 'F' ? d - 'A' + 10 : -1;
                if (digit < 0) return false;
                value = value * 16 + digit;
            }
            return value <= 0x10FFFF;
        }

        private static void Literal(StringBuilder result, int value, bool inClass)
        {
            if (value < 0x10000)
            {
                result.Append("\\u").Append(value.ToString("x4"));
                return;
            }
            var text = char.ConvertFromUtf32(value);
            if (inClass) result.Append(text); // a pair inside a class stays two code units (see the summary)
            else result.Append("(?:").Append(text).Append(')');
        }
    }
}
