using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Kit.Generators.Parser
{
    /// <summary>Turns file names, property names and wire values into C# identifiers.</summary>
    internal static class Naming
    {
        public static string TypeNameFromFile(string fileName)
        {
            var stem = fileName.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase)
                ? fileName.Substring(0, fileName.Length - ".schema.json".Length)
                : System.IO.Path.GetFileNameWithoutExtension(fileName);
            return Pascal(stem);
        }

        /// <summary>PascalCase from camelCase, snake_case, kebab-case, dotted or spaced words; always a valid identifier.</summary>
        public static string Pascal(string raw)
        {
            var sb = new StringBuilder();
            var words = SplitWords(raw);
            foreach (var w in words)
            {
                if (w.Length == 0) continue;
                sb.Append(char.ToUpperInvariant(w[0]));
                // Keep inner capitals of camelCase words; lower-case words that were ALL CAPS (BANK_TRANSFER).
                var rest = w.Substring(1);
                sb.Append(w.All(c => !char.IsLetter(c) || char.IsUpper(c)) ? rest.ToLowerInvariant() : rest);
            }
            var name = sb.Length == 0 ? "Value" : sb.ToString();
            if (!SyntaxFacts.IsIdentifierStartCharacter(name[0])) name = "_" + name;
            if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None) name = "@" + name;
            return name;
        }

        private static List<string> SplitWords(string raw)
        {
            var words = new List<string>();
            var current = new StringBuilder();
            foreach (var c in raw)
            {
                if (SyntaxFacts.IsIdentifierPartCharacter(c) && c != '_')
                    current.Append(c);
                else if (current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }
            }
            if (current.Length > 0) words.Add(current.ToString());
            return words;
        }

        /// <summary>The wire value made into an identifier as it stands (used when PascalCase would make two members equal).</summary>
        public static string Verbatim(string raw)
        {
            var sb = new StringBuilder();
            foreach (var c in raw) sb.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
            var name = sb.Length == 0 ? "Empty" : sb.ToString();
            if (!SyntaxFacts.IsIdentifierStartCharacter(name[0])) name = "_" + name;
            if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None) name = "@" + name;
            return name;
        }

        public static bool IsIdentifier(string s) => SyntaxFacts.IsValidIdentifier(s);

        /// <summary>Returns <paramref name="name"/>, or it with a number appended, whichever is not taken yet.</summary>
        public static string Unique(string name, ICollection<string> taken)
        {
            var candidate = name;
            for (var i = 2; taken.Contains(candidate); i++) candidate = name + i;
            taken.Add(candidate);
            return candidate;
        }

        public static string Singular(string name) =>
            name.EndsWith("ies", StringComparison.Ordinal) ? name.Substring(0, name.Length - 3) + "y"
            : name.EndsWith("s", StringComparison.Ordinal) && !name.EndsWith("ss", StringComparison.Ordinal) && name.Length > 1 ? name.Substring(0, name.Length - 1)
            : name + "Item";
    }
}
