using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Kit.Generators.Parser
{
    /// <summary>
    /// ECMA-262 patterns may name Unicode general categories in full (\p{Letter}); .NET knows only the short
    /// aliases (\p{L}). This rewrites the long names so such patterns compile with the same meaning.
    /// </summary>
    internal static class UnicodePropertyNames
    {
        private static readonly Dictionary<string, string> Aliases = new Dictionary<string, string>
        {
            ["Letter"] = "L", ["Uppercase_Letter"] = "Lu", ["Lowercase_Letter"] = "Ll", ["Titlecase_Letter"] = "Lt",
            ["Modifier_Letter"] = "Lm", ["Other_Letter"] = "Lo", ["Mark"] = "M", ["Nonspacing_Mark"] = "Mn",
            ["Spacing_Mark"] = "Mc", ["Enclosing_Mark"] = "Me", ["Number"] = "N", ["Decimal_Number"] = "Nd", ["digit"] = "Nd",
            ["Letter_Number"] = "Nl", ["Other_Number"] = "No", ["Punctuation"] = "P", ["Connector_Punctuation"] = "Pc",
            ["Dash_Punctuation"] = "Pd", ["Open_Punctuation"] = "Ps", ["Close_Punctuation"] = "Pe", ["Initial_Punctuation"] = "Pi",
            ["Final_Punctuation"] = "Pf", ["Other_Punctuation"] = "Po", ["Symbol"] = "S", ["Math_Symbol"] = "Sm",
            ["Currency_Symbol"] = "Sc", ["Modifier_Symbol"] = "Sk", ["Other_Symbol"] = "So", ["Separator"] = "Z",
            ["Space_Separator"] = "Zs", ["Line_Separator"] = "Zl", ["Paragraph_Separator"] = "Zp", ["Other"] = "C",
            ["Control"] = "Cc", ["Format"] = "Cf", ["Surrogate"] = "Cs", ["Private_Use"] = "Co", ["Unassigned"] = "Cn",
        };

        private static readonly Regex Property = new Regex(@"\\([pP])\{(?:General_Category=|gc=)?([A-Za-z_]+)\}");

        public static string Translate(string pattern) =>
            Property.Replace(pattern, m => Aliases.TryGetValue(m.Groups[2].Value, out var alias) ? $"\\{m.Groups[1].Value}{{{alias}}}" : m.Value);
    }
}
