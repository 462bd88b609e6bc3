using System.Collections.Generic;
using System.Linq;

namespace Kit.Generators.Model
{
    /// <summary>
    /// The draft 2020-12 formats Kit asserts, each with the Kit.Schema.SchemaFormats method that checks it: the one
    /// list the parser (which formats it accepts) and the emitter (which check it calls) both read.
    /// </summary>
    internal static class AssertedFormats
    {
        public static readonly IReadOnlyDictionary<string, string> Checks = new Dictionary<string, string>
        {
            ["date-time"] = "IsDateTime", ["date"] = "IsDate", ["time"] = "IsTime", ["duration"] = "IsDuration",
            ["email"] = "IsEmail", ["idn-email"] = "IsIdnEmail", ["hostname"] = "IsHostname", ["idn-hostname"] = "IsIdnHostname", ["ipv4"] = "IsIPv4", ["ipv6"] = "IsIPv6",
            ["uri"] = "IsUri", ["uri-reference"] = "IsUriReference", ["iri"] = "IsIri", ["iri-reference"] = "IsIriReference",
            ["uri-template"] = "IsUriTemplate", ["uuid"] = "IsUuid", ["json-pointer"] = "IsJsonPointer",
            ["relative-json-pointer"] = "IsRelativeJsonPointer", ["regex"] = "IsRegex",
        };

        public static string Names => string.Join(", ", Checks.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
    }
}
