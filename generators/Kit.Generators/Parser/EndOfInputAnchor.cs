using System.Text;

namespace Kit.Generators.Parser
{
    /// <summary>
    /// In ECMA-262 (the dialect of JSON Schema's pattern) `$` without the m flag matches only at the end of the input;
    /// in .NET, even with RegexOptions.ECMAScript, it also matches before a final "\n", so "THB\n" would pass
    /// "^[A-Z]{3}$". This rewrites every `$` anchor (not an escaped one, not one inside a character class) to
    /// `(?![\s\S])`, which means "nothing follows" in both dialects.
    /// </summary>
    internal static class EndOfInputAnchor
    {
        private const string EndOfInput = @"(?![\s\S])";

        public static string Translate(string pattern)
        {
            if (pattern.IndexOf('$') < 0) return pattern;
            var result = new StringBuilder(pattern.Length + 16);
            var inClass = false;
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '\\' && i + 1 < pattern.Length)
                {
                    result.Append(c).Append(pattern[++i]);
                    continue;
                }
                if (inClass)
                {
                    if (c == ']') inClass = false;
                }
                else if (c == '[') inClass = true;
                else if (c == '$')
                {
                    result.Append(EndOfInput);
                    continue;
                }
                result.Append(c);
            }
            return result.ToString();
        }
    }
}
