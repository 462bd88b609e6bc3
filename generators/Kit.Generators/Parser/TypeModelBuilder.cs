using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Kit.Generators.Model;

namespace Kit.Generators.Parser
{
    /// <summary>
    /// Decides the C# type of each schema location: records for object schemas with properties, enums for string
    /// enums, lists, maps and primitives, and JsonElement where no single C# type fits (anyOf, mixed types).
    /// </summary>
    internal sealed class TypeModelBuilder
    {
        private static readonly HashSet<string> ReservedMembers = new HashSet<string>(StringComparer.Ordinal)
        {
            "Equals", "GetHashCode", "ToString", "GetType", "EqualityContract", "Deconstruct", "PrintMembers", "MemberwiseClone", "Finalize",
        };

        private readonly SchemaResolver _resolver;
        private readonly SchemaSetCompiler _compiler;
        private readonly Dictionary<(SchemaDocument, string), TypeRefSpec> _byLocation = new Dictionary<(SchemaDocument, string), TypeRefSpec>();
        private readonly Dictionary<string, Dictionary<string, string>> _names = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        private readonly HashSet<(SchemaDocument, string)> _resolving = new HashSet<(SchemaDocument, string)>();

        public TypeModelBuilder(SchemaResolver resolver, SchemaSetCompiler compiler)
        {
            _resolver = resolver;
            _compiler = compiler;
        }

        public void BuildRoot(SchemaDocument doc)
        {
            Claim(doc, "", doc.ValidatorName, isExplicit: true);
            TypeOf(doc, "", doc.Root, doc.RootTypeName);
            if (doc.Root.ValueKind == JsonValueKind.Object && doc.Root.TryGetProperty("$defs", out var defs) && defs.ValueKind == JsonValueKind.Object)
                foreach (var def in defs.EnumerateObject())
                    TypeOf(doc, "/$defs/" + JsonPointer.Escape(def.Name), def.Value, Naming.Pascal(def.Name));
        }

        private TypeRefSpec TypeOf(SchemaDocument doc, string pointer, JsonElement el, string hint, string? fallbackHint = null)
        {
            var key = (doc, pointer);
            if (_byLocation.TryGetValue(key, out var known)) return known;
            if (!_resolving.Add(key)) return Element(false); // a $ref cycle with no record in it
            try
            {
                var result = Decide(doc, pointer, el, hint, fallbackHint);
                _byLocation[key] = result;
                return result;
            }
            finally
            {
                _resolving.Remove(key);
            }
        }

        private TypeRefSpec Decide(SchemaDocument doc, string pointer, JsonElement el, string hint, string? fallbackHint)
        {
            if (el.ValueKind != JsonValueKind.Object) return Element(false);

            if (el.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String && !el.TryGetProperty("properties", out _))
            {
                var baseUri = SchemaResolver.EffectiveBase(el, _resolver.ParentBase(doc, pointer));
                var target = _resolver.Lookup(baseUri, reference.GetString()!, out _);
                if (target is null) return Element(false); // reported by the validator compiler
                var t = target.Value;
                return TypeOf(t.Doc, t.Pointer, t.Element, hint);
            }

            var types = new List<string>();
            if (el.TryGetProperty("type", out var type))
            {
                if (type.ValueKind == JsonValueKind.String) types.Add(type.GetString()!);
                else if (type.ValueKind == JsonValueKind.Array) types.AddRange(type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!));
            }
            var nullable = types.Remove("null");

            if (el.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
            {
                var items = values.EnumerateArray().ToList();
                var enumNullable = nullable || items.Any(i => i.ValueKind == JsonValueKind.Null);
                var strings = items.Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!).Distinct().ToList();
                if (strings.Count > 0 && strings.Count + (enumNullable ? 1 : 0) >= items.Count && (types.Count == 0 || (types.Count == 1 && types[0] == "string")))
                    return Enum(doc, pointer, el, hint, fallbackHint, strings, enumNullable);
                return Element(nullable);
            }
            if (el.TryGetProperty("const", out var constant))
                return constant.ValueKind == JsonValueKind.String ? new TypeRefSpec(TypeKind.String, nullable, null, null) : Element(nullable);

            var hasProperties = el.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object;
            if (types.Count == 0) return hasProperties ? Record(doc, pointer, el, hint, fallbackHint, nullable) : Element(nullable);
            if (types.Count > 1)
                return types.All(t => t == "integer" || t == "number") ? new TypeRefSpec(TypeKind.Double, nullable, null, null) : Element(nullable);

            switch (types[0])
            {
                case "string": return new TypeRefSpec(TypeKind.String, nullable, null, null);
                case "integer": return new TypeRefSpec(TypeKind.Int64, nullable, null, null);
                case "number": return new TypeRefSpec(TypeKind.Double, nullable, null, null);
                case "boolean": return new TypeRefSpec(TypeKind.Boolean, nullable, null, null);
                case "object":
                    if (hasProperties) return Record(doc, pointer, el, hint, fallbackHint, nullable);
                    if (el.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
                        return new TypeRefSpec(TypeKind.Map, nullable, null, TypeOf(doc, pointer + "/additionalProperties", additional, hint + "Value"));
                    return Element(nullable);
                case "array":
                    if (el.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object && !el.TryGetProperty("prefixItems", out _))
                        return new TypeRefSpec(TypeKind.List, nullable, null, TypeOf(doc, pointer + "/items", items, Naming.Singular(hint), fallbackHint is null ? null : Naming.Singular(fallbackHint)));
                    return Element(nullable);
                default:
                    return Element(true);
            }
        }

        private static TypeRefSpec Element(bool nullable) => new TypeRefSpec(TypeKind.Element, nullable, null, null);

        private TypeRefSpec Record(SchemaDocument doc, string pointer, JsonElement el, string hint, string? fallbackHint, bool nullable)
        {
            var name = NameFor(doc, pointer, el, hint, fallbackHint);
            var fullName = $"global::{doc.Namespace}.{name}";
            var reference = new TypeRefSpec(TypeKind.Named, false, fullName, null);
            _byLocation[(doc, pointer)] = reference; // before the properties, so recursive schemas terminate

            var required = new HashSet<string>(StringComparer.Ordinal);
            if (el.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array)
                foreach (var r in req.EnumerateArray()) if (r.ValueKind == JsonValueKind.String) required.Add(r.GetString()!);

            var members = new HashSet<string>(StringComparer.Ordinal) { name };
            members.UnionWith(ReservedMembers);
            var props = new List<PropertySpec>();
            foreach (var p in el.GetProperty("properties").EnumerateObject())
            {
                var member = Naming.Pascal(p.Name);
                member = Naming.Unique(member == name || ReservedMembers.Contains(member) ? member + "Value" : member, members);
                var t = TypeOf(doc, pointer + "/properties/" + JsonPointer.Escape(p.Name), p.Value, Naming.Pascal(p.Name), name + Naming.Pascal(p.Name).TrimStart('@'));
                var isRequired = required.Contains(p.Name);
                props.Add(new PropertySpec(p.Name, member, t with { Nullable = t.Nullable || !isRequired }, isRequired, Description(p.Value)));
            }
            doc.Types.Add(new TypeSpec(name, fullName, Description(el), false, props.ToEquatableArray(), EquatableArray<EnumMemberSpec>.Empty));
            return nullable ? reference with { Nullable = true } : reference;
        }

        private TypeRefSpec Enum(SchemaDocument doc, string pointer, JsonElement el, string hint, string? fallbackHint, List<string> values, bool nullable)
        {
            var name = NameFor(doc, pointer, el, hint, fallbackHint);
            var fullName = $"global::{doc.Namespace}.{name}";
            var pascal = values.Select(Naming.Pascal).ToList();
            var names = pascal.Distinct(StringComparer.Ordinal).Count() == pascal.Count ? pascal : values.Select(Naming.Verbatim).ToList();
            var taken = new HashSet<string>(StringComparer.Ordinal) { "value__" };
            var members = values.Select((v, i) => new EnumMemberSpec(v, Naming.Unique(names[i], taken))).ToEquatableArray();
            doc.Types.Add(new TypeSpec(name, fullName, Description(el), true, EquatableArray<PropertySpec>.Empty, members));
            return new TypeRefSpec(TypeKind.Named, nullable, fullName, null) { IsEnum = true };
        }

        /// <summary>Root and $defs types are named by their file or key and must be unique; other names yield to them.</summary>
        private string NameFor(SchemaDocument doc, string pointer, JsonElement el, string hint, string? fallbackHint)
        {
            string? explicitName = el.TryGetProperty("x-kit-type-name", out var x) && x.ValueKind == JsonValueKind.String && Naming.IsIdentifier(x.GetString()!)
                ? x.GetString() : null;
            if (pointer.Length == 0) return Claim(doc, pointer, explicitName ?? doc.RootTypeName, isExplicit: true);
            var parts = pointer.Split('/');
            if (parts.Length == 3 && parts[1] == "$defs") return Claim(doc, pointer, explicitName ?? Naming.Pascal(JsonPointer.Unescape(parts[2])), isExplicit: true);
            if (explicitName != null) return Claim(doc, pointer, explicitName, isExplicit: true);
            // A derived name that is taken becomes Parent+Property (Result inside an acknowledgement: NotifyPaymentAcknowledgementResult).
            if (fallbackHint != null && _names.TryGetValue(doc.Namespace, out var taken) && taken.ContainsKey(hint)) hint = fallbackHint;
            return Claim(doc, pointer, hint, isExplicit: false);
        }

        private string Claim(SchemaDocument doc, string pointer, string name, bool isExplicit)
        {
            // A record named ToString or Equals would clash with its own synthesized members.
            if (ReservedMembers.Contains(name)) name += "Object";
            if (!_names.TryGetValue(doc.Namespace, out var taken))
                _names[doc.Namespace] = taken = new Dictionary<string, string>(StringComparer.Ordinal);
            var owner = doc.FileName + "#" + pointer;
            if (taken.TryGetValue(name, out var other))
            {
                if (isExplicit) _compiler.Report(DiagnosticDescriptors.NameClash.Id, doc, pointer, name, other);
                var candidate = name;
                for (var i = 2; taken.ContainsKey(candidate); i++) candidate = name + i;
                name = candidate;
            }
            taken[name] = owner;
            return name;
        }

        private static string? Description(JsonElement el) =>
            el.ValueKind == JsonValueKind.Object && el.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
    }
}
