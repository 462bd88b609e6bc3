using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Kit.Generators
{
    /// <summary>Every diagnostic the schema generator reports. Messages name the file and JSON pointer.</summary>
    public static class DiagnosticDescriptors
    {
        private const string Category = "Kit.Schema";

        public static readonly DiagnosticDescriptor MalformedJson = new DiagnosticDescriptor(
            "KIT001", "Schema file is not valid JSON",
            "{0}: not valid JSON: {1}. Fix the JSON syntax at the position shown.",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnresolvedRef = new DiagnosticDescriptor(
            "KIT002", "$ref cannot be resolved",
            "{0}#{1}: $ref '{2}' does not resolve to a schema (looked for '{3}'). Add the referenced file to AdditionalFiles or fix the reference.",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor NameClash = new DiagnosticDescriptor(
            "KIT003", "Generated type name clash",
            "{0}#{1}: the type name '{2}' is already used by {3}. Rename one schema file or $defs entry, or set x-kit-type-name.",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnsupportedKeyword = new DiagnosticDescriptor(
            "KIT004", "Keyword not fully supported",
            "{0}#{1}: keyword '{2}' is not fully supported: {3}",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InvalidKeywordValue = new DiagnosticDescriptor(
            "KIT005", "Invalid keyword value",
            "{0}#{1}: {2}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnknownKeyword = new DiagnosticDescriptor(
            "KIT006", "Unknown keyword",
            "{0}#{1}: unknown keyword '{2}' is ignored{3}. Remove it, or prefix extensions with 'x-'.",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InternalError = new DiagnosticDescriptor(
            "KIT007", "Schema generator failed",
            "{0}: the schema generator failed: {1}. Please report this with the schema file.",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor DuplicateId = new DiagnosticDescriptor(
            "KIT008", "Duplicate schema identifier",
            "{0}#{1}: '{2}' identifies another schema already ({3}). Each $id and $anchor must be unique.",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        private static readonly Dictionary<string, DiagnosticDescriptor> ById = new[]
        {
            MalformedJson, UnresolvedRef, NameClash, UnsupportedKeyword, InvalidKeywordValue, UnknownKeyword, InternalError, DuplicateId,
        }.ToDictionary(d => d.Id);

        public static DiagnosticDescriptor Get(string id) => ById[id];
    }
}
