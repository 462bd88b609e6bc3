using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Kit.Generators.Parser
{
    /// <summary>
    /// Knows every schema resource ($id), anchor ($anchor, $dynamicAnchor) and schema location of all files, and
    /// resolves $ref values against them (RFC 3986 resolution, then a JSON pointer or anchor fragment).
    /// </summary>
    internal sealed class SchemaResolver
    {
        private readonly Dictionary<string, (SchemaDocument Doc, string Pointer)> _resources = new Dictionary<string, (SchemaDocument, string)>(StringComparer.Ordinal);
        private readonly Dictionary<string, (SchemaDocument Doc, string Pointer)> _anchors = new Dictionary<string, (SchemaDocument, string)>(StringComparer.Ordinal);
        private readonly Dictionary<(SchemaDocument, string), string> _parentBases = new Dictionary<(SchemaDocument, string), string>();
        private readonly Action<SchemaDocument, string, string, string> _duplicate;
        private readonly Dictionary<string, List<(string Resource, SchemaDocument Doc, string Pointer)>> _dynamicAnchors = new Dictionary<string, List<(string, SchemaDocument, string)>>(StringComparer.Ordinal);

        /// <summary>True when some schema uses $dynamicRef and some defines $dynamicAnchor: validators then track dynamic scope.</summary>
        public bool UsesDynamicScope => _sawDynamicRef && _dynamicAnchors.Count > 0;
        private bool _sawDynamicRef;

        /// <summary>Every resource that defines a $dynamicAnchor of this name, in the order the files were indexed.</summary>
        public IReadOnlyList<(string Resource, SchemaDocument Doc, string Pointer)> DynamicAnchors(string name) =>
            _dynamicAnchors.TryGetValue(name, out var list) ? list : (IReadOnlyList<(string, SchemaDocument, string)>)Array.Empty<(string, SchemaDocument, string)>();

        internal static readonly string[] SchemaMapKeywords = { "properties", "patternProperties", "$defs", "dependentSchemas" };
        internal static readonly string[] SchemaKeywords = { "items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "not", "if", "then", "else", "contains", "propertyNames" };
        internal static readonly string[] SchemaArrayKeywords = { "prefixItems", "allOf", "anyOf", "oneOf" };

        /// <param name="duplicate">Called with (document, pointer, identifier, other location) when an identifier is defined twice.</param>
        public SchemaResolver(Action<SchemaDocument, string, string, string> duplicate) => _duplicate = duplicate;

        public void Index(SchemaDocument doc)
        {
            Register(_resources, Normalize(doc.RetrievalUri), doc, "");
            Walk(doc, doc.Root, "", doc.RetrievalUri);
        }

        private void Walk(SchemaDocument doc, JsonElement element, string pointer, string parentBase)
        {
            _parentBases[(doc, pointer)] = parentBase;
            if (element.ValueKind != JsonValueKind.Object) return;
            var baseUri = EffectiveBase(element, parentBase);
            if (!ReferenceEquals(baseUri, parentBase)) Register(_resources, Normalize(baseUri), doc, pointer);
            if (element.TryGetProperty("$anchor", out var anchor) && anchor.ValueKind == JsonValueKind.String)
                Register(_anchors, Normalize(baseUri) + "#" + anchor.GetString(), doc, pointer);
            if (element.TryGetProperty("$dynamicAnchor", out var dynamicAnchor) && dynamicAnchor.ValueKind == JsonValueKind.String)
            {
                var name = dynamicAnchor.GetString()!;
                if (!_anchors.ContainsKey(Normalize(baseUri) + "#" + name)) Register(_anchors, Normalize(baseUri) + "#" + name, doc, pointer);
                if (!_dynamicAnchors.TryGetValue(name, out var list)) _dynamicAnchors[name] = list = new List<(string, SchemaDocument, string)>();
                list.Add((Normalize(baseUri), doc, pointer));
            }
            if (element.TryGetProperty("$dynamicRef", out _)) _sawDynamicRef = true;

            foreach (var property in element.EnumerateObject())
            {
                var child = pointer + "/" + JsonPointer.Escape(property.Name);
                if (Array.IndexOf(SchemaKeywords, property.Name) >= 0)
                    Walk(doc, property.Value, child, baseUri);
                else if (Array.IndexOf(SchemaMapKeywords, property.Name) >= 0 && property.Value.ValueKind == JsonValueKind.Object)
                    foreach (var entry in property.Value.EnumerateObject())
                        Walk(doc, entry.Value, child + "/" + JsonPointer.Escape(entry.Name), baseUri);
                else if (Array.IndexOf(SchemaArrayKeywords, property.Name) >= 0 && property.Value.ValueKind == JsonValueKind.Array)
                {
                    var i = 0;
                    foreach (var item in property.Value.EnumerateArray()) Walk(doc, item, child + "/" + i++, baseUri);
                }
            }
        }

        private void Register(Dictionary<string, (SchemaDocument Doc, string Pointer)> table, string key, SchemaDocument doc, string pointer)
        {
            if (table.TryGetValue(key, out var existing))
            {
                if (!ReferenceEquals(existing.Doc, doc) || existing.Pointer != pointer)
                    _duplicate(doc, pointer, key, existing.Doc.FileName + "#" + existing.Pointer);
                return;
            }
            table[key] = (doc, pointer);
        }

        /// <summary>The base URI in effect at a location before its own $id is applied.</summary>
        public string ParentBase(SchemaDocument doc, string pointer)
        {
            if (_parentBases.TryGetValue((doc, pointer), out var known)) return known;
            // A location no walk reached (inside an unknown keyword): inherit from the nearest walked ancestor.
            var p = pointer;
            while (p.Length > 0)
            {
                p = p.Substring(0, p.LastIndexOf('/'));
                if (_parentBases.TryGetValue((doc, p), out var ancestorParent))
                {
                    var ancestor = JsonPointer.Navigate(doc.Root, p);
                    return ancestor.HasValue ? EffectiveBase(ancestor.Value, ancestorParent) : ancestorParent;
                }
            }
            return doc.RetrievalUri;
        }

        public static string EffectiveBase(JsonElement element, string parentBase) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$id", out var id) && id.ValueKind == JsonValueKind.String
                ? StripFragment(Resolve(parentBase, id.GetString()!))
                : parentBase;

        /// <summary>Finds what a $ref points at; null when nothing is there. <paramref name="looked"/> is the absolute URI tried.</summary>
        public (SchemaDocument Doc, string Pointer, JsonElement Element)? Lookup(string baseUri, string reference, out string looked)
        {
            looked = Resolve(baseUri, reference);
            var hash = looked.IndexOf('#');
            var uriPart = Normalize(hash < 0 ? looked : looked.Substring(0, hash));
            var fragment = hash < 0 ? "" : Uri.UnescapeDataString(looked.Substring(hash + 1));
            SchemaDocument doc;
            string pointer;
            if (fragment.Length == 0 || fragment[0] == '/')
            {
                if (!_resources.TryGetValue(uriPart, out var resource)) return null;
                doc = resource.Doc;
                pointer = resource.Pointer + fragment;
            }
            else
            {
                if (!_anchors.TryGetValue(uriPart + "#" + fragment, out var anchor)) return null;
                doc = anchor.Doc;
                pointer = anchor.Pointer;
            }
            var element = JsonPointer.Navigate(doc.Root, pointer);
            return element.HasValue ? (doc, pointer, element.Value) : ((SchemaDocument, string, JsonElement)?)null;
        }

        public static string Resolve(string baseUri, string reference)
        {
            if (reference.StartsWith("#", StringComparison.Ordinal)) return StripFragment(baseUri) + reference;
            if (reference.IndexOf(':') > 1 && Uri.TryCreate(reference, UriKind.Absolute, out var absolute)) return absolute.AbsoluteUri;
            if (Uri.TryCreate(baseUri, UriKind.Absolute, out var b) && Uri.TryCreate(b, reference, out var resolved)) return resolved.AbsoluteUri;
            return reference;
        }

        public static string StripFragment(string uri)
        {
            var hash = uri.IndexOf('#');
            return hash < 0 ? uri : uri.Substring(0, hash);
        }

        public static string Normalize(string uri) =>
            Uri.TryCreate(StripFragment(uri), UriKind.Absolute, out var u) ? StripFragment(u.AbsoluteUri) : StripFragment(uri);
    }
}
