using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using Kit.Generators.Model;

namespace Kit.Generators.Parser
{
    /// <summary>The project-wide options (MSBuild properties KitSchemaNamespace, KitSchemaContextName, KitSchemaAssertFormat, KitSchemaNullAsAbsent, KitSchemaJsonEscaping).</summary>
    public sealed record GeneratorOptions(string ContextNamespace, string ContextName, bool AssertFormat, bool NullAsAbsent = false, JsonEscaping Escaping = JsonEscaping.Default);

    /// <summary>
    /// Compiles all schema files together into the spec model: one validator method per reachable schema location,
    /// records and enums for object and enum schemas, and the serializer context. $ref may cross files.
    /// </summary>
    public sealed class SchemaSetCompiler
    {
        private static readonly HashSet<string> AnnotationKeywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "$schema", "$id", "$anchor", "$dynamicAnchor", "$defs", "$comment", "title", "description", "default", "examples",
            "deprecated", "readOnly", "writeOnly", "contentMediaType", "contentEncoding", "contentSchema", "format",
        };

        private static readonly HashSet<string> TypeNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "string", "integer", "number", "boolean", "object", "array", "null",
        };

        private readonly List<SchemaDocument> _docs = new List<SchemaDocument>();
        private readonly List<DiagnosticInfo> _diagnostics = new List<DiagnosticInfo>();
        private readonly SchemaResolver _resolver;
        private readonly Queue<(SchemaDocument Doc, string Pointer, JsonElement Element)> _pending = new Queue<(SchemaDocument, string, JsonElement)>();
        private readonly GeneratorOptions _options;
        private readonly CancellationToken _cancellationToken;

        private SchemaSetCompiler(GeneratorOptions options, CancellationToken cancellationToken)
        {
            _options = options;
            _cancellationToken = cancellationToken;
            _resolver = new SchemaResolver((doc, pointer, id, other) =>
                Report(DiagnosticDescriptors.DuplicateId.Id, doc, pointer, id, other));
        }

        public static CompiledSchemaSetSpec Compile(ImmutableArray<SchemaDocumentSpec> documents, GeneratorOptions options, CancellationToken cancellationToken)
        {
            var compiler = new SchemaSetCompiler(options, cancellationToken);
            try
            {
                return compiler.Run(documents);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                var first = documents.FirstOrDefault()?.Input.Path ?? "(schemas)";
                return new CompiledSchemaSetSpec(EquatableArray<ContractUnitSpec>.Empty, null, new[]
                {
                    new DiagnosticInfo(DiagnosticDescriptors.InternalError.Id, null, new[] { first, e.GetType().Name + ": " + e.Message }.ToEquatableArray()),
                }.ToEquatableArray());
            }
            finally
            {
                foreach (var doc in compiler._docs) doc.Json.Dispose();
            }
        }

        private CompiledSchemaSetSpec Run(ImmutableArray<SchemaDocumentSpec> documents)
        {
            foreach (var spec in documents.OrderBy(d => d.Input.Path, StringComparer.Ordinal))
            {
                if (!spec.IsJson) continue;
                _docs.Add(new SchemaDocument(spec.Input, JsonDocument.Parse(spec.Input.Text, SchemaDocumentParser.Options)));
            }
            foreach (var doc in _docs) _resolver.Index(doc);

            var types = new TypeModelBuilder(_resolver, this);
            // Every validator's entry point is S0, its root; reserve them all before any $ref creates other nodes.
            foreach (var doc in _docs)
            {
                if (doc.Root.ValueKind == JsonValueKind.True || doc.Root.ValueKind == JsonValueKind.False)
                {
                    doc.NodeMethods[""] = "S0";
                    var rejectAll = doc.Root.ValueKind == JsonValueKind.False
                        ? new[] { new KeywordSpec("false", doc.FileName + "#", EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<SubschemaRef>.Empty) }
                        : Array.Empty<KeywordSpec>();
                    doc.Nodes.Add(new NodeSpec("S0", doc.FileName + "#", false, rejectAll.ToEquatableArray(), ResourceOf(doc, "", doc.Root)));
                }
                else NodeRef(doc, "", doc.Root);
            }
            foreach (var doc in _docs) types.BuildRoot(doc);
            while (_pending.Count > 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var (d, p, e) = _pending.Dequeue();
                d.Nodes.Add(CompileNode(d, p, e));
            }

            MarkAnnotationCollectors();
            var hints = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var units = _docs.Select(d => new ContractUnitSpec(
                Naming.Unique(d.Namespace + "." + d.RootTypeName, hints), d.Namespace, d.ValidatorName, d.FileName,
                d.Types.ToEquatableArray(), d.Nodes.ToEquatableArray(), d.Literals.ToEquatableArray(), d.Patterns.ToEquatableArray(),
                _resolver.UsesDynamicScope, ResourceOf(d, "", d.Root))).ToList();

            SerializerContextSpec? context = null;
            var allTypes = _docs.SelectMany(d => d.Types).ToList();
            if (allTypes.Count > 0)
            {
                var taken = new HashSet<string>(StringComparer.Ordinal) { "Default", "Options", "GetTypeInfo", "GeneratedSerializerOptions" };
                context = new SerializerContextSpec(_options.ContextNamespace, _options.ContextName, allTypes
                    .Select(t => new ContextEntrySpec(Naming.Unique(t.Name, taken), t.FullName, t.FullName + "JsonConverter"))
                    .ToEquatableArray(), _options.Escaping);
            }
            return new CompiledSchemaSetSpec(units.ToEquatableArray(), context, _diagnostics.ToEquatableArray());
        }

        /// <summary>
        /// Marks the nodes that may be asked what they evaluated: those using unevaluated*, and every node they apply
        /// in place ($ref, allOf, anyOf, oneOf, if/then/else, dependentSchemas, $dynamicRef), transitively.
        /// </summary>
        private void MarkAnnotationCollectors()
        {
            var byName = new Dictionary<string, (SchemaDocument Doc, int Index)>(StringComparer.Ordinal);
            foreach (var doc in _docs)
                for (var i = 0; i < doc.Nodes.Count; i++) byName[doc.QualifiedValidator + "." + doc.Nodes[i].MethodName] = (doc, i);
            var pending = new Queue<(SchemaDocument Doc, int Index)>();
            foreach (var doc in _docs)
                for (var i = 0; i < doc.Nodes.Count; i++)
                    if (doc.Nodes[i].TracksEvaluated) pending.Enqueue((doc, i));
            while (pending.Count > 0)
            {
                var (doc, index) = pending.Dequeue();
                var node = doc.Nodes[index];
                if (node.CollectsAnnotations) continue;
                doc.Nodes[index] = node with { CollectsAnnotations = true };
                foreach (var k in node.Keywords)
                {
                    if (k.Kind is not ("$ref" or "$dynamicRef" or "allOf" or "anyOf" or "oneOf" or "if" or "dependentSchemas")) continue;
                    foreach (var sub in k.Subschemas)
                    {
                        if (sub.IsTrue || sub.IsFalse) continue;
                        var name = sub.Method.IndexOf('.') >= 0 ? sub.Method : doc.QualifiedValidator + "." + sub.Method;
                        if (byName.TryGetValue(name, out var target)) pending.Enqueue(target);
                    }
                }
            }
        }

        internal void Report(string id, SchemaDocument doc, string pointer, params string[] args)
        {
            var arguments = new[] { doc.FileName, pointer.Length == 0 ? "/" : pointer }.Concat(args).ToEquatableArray();
            _diagnostics.Add(new DiagnosticInfo(id, doc.Locator.Locate(pointer), arguments));
        }

        /// <summary>The validator method for a schema location, compiling it later if it is new.</summary>
        private SubschemaRef NodeRef(SchemaDocument doc, string pointer, JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.True) return SubschemaRef.True;
            if (element.ValueKind == JsonValueKind.False) return SubschemaRef.False;
            if (!doc.NodeMethods.TryGetValue(pointer, out var method))
            {
                method = "S" + doc.NodeMethods.Count;
                doc.NodeMethods[pointer] = method;
                _pending.Enqueue((doc, pointer, element));
            }
            return new SubschemaRef(method, ResourceOf(doc, pointer, element));
        }

        private SubschemaRef Sub(SchemaDocument doc, string pointer, JsonElement element, SchemaDocument from)
        {
            if (element.ValueKind != JsonValueKind.Object && element.ValueKind != JsonValueKind.True && element.ValueKind != JsonValueKind.False)
            {
                Report(DiagnosticDescriptors.InvalidKeywordValue.Id, doc, pointer, "a schema must be an object or a boolean; this value is ignored");
                return SubschemaRef.True;
            }
            var r = NodeRef(doc, pointer, element);
            return ReferenceEquals(doc, from) || r.IsTrue || r.IsFalse ? r : new SubschemaRef(doc.QualifiedValidator + "." + r.Method, r.Resource);
        }

        private string ResourceOf(SchemaDocument doc, string pointer, JsonElement element) =>
            _resolver.UsesDynamicScope ? SchemaResolver.Normalize(SchemaResolver.EffectiveBase(element, _resolver.ParentBase(doc, pointer))) : "";

        private NodeSpec CompileNode(SchemaDocument doc, string pointer, JsonElement el)
        {
            var method = doc.NodeMethods[pointer];
            var location = doc.FileName + "#" + pointer;
            var keywords = new List<KeywordSpec>();
            if (el.ValueKind != JsonValueKind.Object)
            {
                Report(DiagnosticDescriptors.InvalidKeywordValue.Id, doc, pointer, "a schema must be an object or a boolean");
                return new NodeSpec(method, location, false, keywords.ToEquatableArray());
            }

            var baseUri = SchemaResolver.EffectiveBase(el, _resolver.ParentBase(doc, pointer));
            var tracks = el.TryGetProperty("unevaluatedProperties", out _) || el.TryGetProperty("unevaluatedItems", out _);
            var late = new List<KeywordSpec>();

            foreach (var property in el.EnumerateObject())
            {
                var kw = property.Name;
                var value = property.Value;
                var kwPointer = pointer + "/" + JsonPointer.Escape(kw);
                var kwLocation = doc.FileName + "#" + kwPointer;

                KeywordSpec K(string kind, IEnumerable<string>? args = null, IEnumerable<string>? extra = null, IEnumerable<SubschemaRef>? subs = null) =>
                    new KeywordSpec(kind, kwLocation, (args ?? Array.Empty<string>()).ToEquatableArray(),
                        (extra ?? Array.Empty<string>()).ToEquatableArray(), (subs ?? Array.Empty<SubschemaRef>()).ToEquatableArray());

                SubschemaRef S(string childPointer, JsonElement child) => Sub(doc, childPointer, child, doc);

                void Invalid(string message) => Report(DiagnosticDescriptors.InvalidKeywordValue.Id, doc, kwPointer, message);

                switch (kw)
                {
                    case "$ref":
                    case "$dynamicRef":
                        if (value.ValueKind != JsonValueKind.String) { Invalid($"{kw} must be a string URI reference"); break; }
                        var target = _resolver.Lookup(baseUri, value.GetString()!, out var looked);
                        if (target is null)
                        {
                            Report(DiagnosticDescriptors.UnresolvedRef.Id, doc, kwPointer, value.GetString()!, looked);
                            break;
                        }
                        var staticTarget = Sub(target.Value.Doc, target.Value.Pointer, target.Value.Element, doc);
                        var anchorName = looked.IndexOf('#') is var hash && hash >= 0 ? looked.Substring(hash + 1) : "";
                        // Bookending: $dynamicRef is dynamic only when its static target declares the same $dynamicAnchor.
                        if (kw == "$dynamicRef" && anchorName.Length > 0 && anchorName[0] != '/'
                            && target.Value.Element.ValueKind == JsonValueKind.Object
                            && target.Value.Element.TryGetProperty("$dynamicAnchor", out var declared) && declared.ValueKind == JsonValueKind.String && declared.GetString() == anchorName)
                        {
                            var candidates = _resolver.DynamicAnchors(anchorName);
                            var dynamicTargets = candidates.Select(a => Sub(a.Doc, a.Pointer, JsonPointer.Navigate(a.Doc.Root, a.Pointer)!.Value, doc)).ToList();
                            dynamicTargets.Add(staticTarget);
                            keywords.Insert(0, K("$dynamicRef", candidates.Select(a => a.Resource), subs: dynamicTargets));
                        }
                        else
                            keywords.Insert(0, K("$ref", subs: new[] { staticTarget }));
                        break;

                    case "type":
                        var typeNames = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : new List<JsonElement> { value };
                        if (typeNames.Any(t => t.ValueKind != JsonValueKind.String || !TypeNames.Contains(t.GetString()!)))
                        {
                            Invalid("type must be one of string, integer, number, boolean, object, array, null, or an array of them");
                            break;
                        }
                        keywords.Add(K("type", typeNames.Select(t => t.GetString()!)));
                        break;

                    case "const":
                        keywords.Add(K("const", new[] { Literal(doc, value) }, new[] { value.GetRawText() }));
                        break;

                    case "enum":
                        if (value.ValueKind != JsonValueKind.Array) { Invalid("enum must be an array"); break; }
                        var items = value.EnumerateArray().ToList();
                        if (items.All(i => i.ValueKind == JsonValueKind.String))
                            keywords.Add(K("enumStrings", items.Select(i => i.GetString()!)));
                        else
                            keywords.Add(K("enum", items.Select(i => Literal(doc, i)), items.Select(i => i.GetRawText())));
                        break;

                    case "minLength": case "maxLength": case "minItems": case "maxItems":
                    case "minProperties": case "maxProperties": case "minContains": case "maxContains":
                        if (!IsNonNegativeInteger(value, out var count)) { Invalid($"{kw} must be a non-negative integer"); break; }
                        if (kw == "minContains" || kw == "maxContains") break; // read together with contains
                        keywords.Add(K(kw, new[] { count.ToString(CultureInfo.InvariantCulture) }));
                        break;

                    case "minimum": case "maximum": case "exclusiveMinimum": case "exclusiveMaximum": case "multipleOf":
                        if (value.ValueKind != JsonValueKind.Number || (kw == "multipleOf" && value.GetDouble() <= 0))
                        {
                            Invalid(kw == "multipleOf" ? "multipleOf must be a number greater than 0" : $"{kw} must be a number");
                            break;
                        }
                        keywords.Add(K(kw, new[] { value.GetRawText() }));
                        break;

                    case "pattern":
                        if (value.ValueKind != JsonValueKind.String) { Invalid("pattern must be a string"); break; }
                        var field = Pattern(doc, value.GetString()!, Invalid);
                        if (field != null) keywords.Add(K("pattern", new[] { field }, new[] { value.GetString()! }));
                        break;

                    case "format":
                        if (value.ValueKind != JsonValueKind.String) { Invalid("format must be a string"); break; }
                        if (doc.AssertFormat || _options.AssertFormat)
                        {
                            var format = value.GetString()!;
                            if (!AssertedFormats.Checks.ContainsKey(format))
                                Report(DiagnosticDescriptors.UnsupportedKeyword.Id, doc, kwPointer, "format", $"format '{format}' is not asserted (asserted: {AssertedFormats.Names})");
                            else
                                keywords.Add(K("format", new[] { format }));
                        }
                        break;

                    case "required":
                        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                        {
                            Invalid("required must be an array of property names");
                            break;
                        }
                        keywords.Add(K("required", value.EnumerateArray().Select(v => v.GetString()!)));
                        break;

                    case "dependentRequired":
                        if (value.ValueKind != JsonValueKind.Object) { Invalid("dependentRequired must be an object of arrays of property names"); break; }
                        foreach (var dep in value.EnumerateObject())
                        {
                            if (dep.Value.ValueKind != JsonValueKind.Array || dep.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                            {
                                Invalid($"dependentRequired/{dep.Name} must be an array of property names");
                                continue;
                            }
                            keywords.Add(K("dependentRequired", new[] { dep.Name }, dep.Value.EnumerateArray().Select(v => v.GetString()!)));
                        }
                        break;

                    case "uniqueItems":
                        if (value.ValueKind != JsonValueKind.True && value.ValueKind != JsonValueKind.False) { Invalid("uniqueItems must be a boolean"); break; }
                        if (value.ValueKind == JsonValueKind.True) keywords.Add(K("uniqueItems"));
                        break;

                    case "properties":
                    case "patternProperties":
                    case "dependentSchemas":
                        if (value.ValueKind != JsonValueKind.Object) { Invalid($"{kw} must be an object of schemas"); break; }
                        var names = new List<string>();
                        var subs = new List<SubschemaRef>();
                        var fields = new List<string>();
                        foreach (var entry in value.EnumerateObject())
                        {
                            if (kw == "patternProperties")
                            {
                                var f = Pattern(doc, entry.Name, m => Report(DiagnosticDescriptors.InvalidKeywordValue.Id, doc, kwPointer + "/" + JsonPointer.Escape(entry.Name), m));
                                if (f == null) continue;
                                fields.Add(f);
                            }
                            names.Add(entry.Name);
                            subs.Add(S(kwPointer + "/" + JsonPointer.Escape(entry.Name), entry.Value));
                        }
                        keywords.Add(K(kw, names, fields, subs));
                        break;

                    case "additionalProperties":
                        var known = el.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object
                            ? props.EnumerateObject().Select(p => p.Name).ToList() : new List<string>();
                        var patterns = el.TryGetProperty("patternProperties", out var pp) && pp.ValueKind == JsonValueKind.Object
                            ? pp.EnumerateObject().Select(p => Pattern(doc, p.Name, _ => { })).Where(p => p != null).Select(p => p!).ToList() : new List<string>();
                        keywords.Add(K(kw, known, patterns, new[] { S(kwPointer, value) }));
                        break;

                    case "unevaluatedProperties":
                    case "unevaluatedItems":
                        var knownNames = kw == "unevaluatedProperties" && el.TryGetProperty("properties", out var ps) && ps.ValueKind == JsonValueKind.Object
                            ? ps.EnumerateObject().Select(p => p.Name).ToList() : new List<string>();
                        late.Add(K(kw, knownNames, subs: new[] { S(kwPointer, value) }));
                        break;

                    case "items":
                        var prefix = el.TryGetProperty("prefixItems", out var pi) && pi.ValueKind == JsonValueKind.Array ? pi.GetArrayLength() : 0;
                        if (value.ValueKind == JsonValueKind.Array) { Invalid("items must be a schema in draft 2020-12 (use prefixItems for tuples)"); break; }
                        keywords.Add(K("items", new[] { prefix.ToString(CultureInfo.InvariantCulture) }, subs: new[] { S(kwPointer, value) }));
                        break;

                    case "prefixItems":
                    case "allOf":
                    case "anyOf":
                    case "oneOf":
                        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0) { Invalid($"{kw} must be a non-empty array of schemas"); break; }
                        keywords.Add(K(kw, subs: value.EnumerateArray().Select((s, i) => S(kwPointer + "/" + i, s)).ToList()));
                        break;

                    case "contains":
                        var min = el.TryGetProperty("minContains", out var mc) && IsNonNegativeInteger(mc, out var mcv) ? mcv : 1;
                        var max = el.TryGetProperty("maxContains", out var xc) && IsNonNegativeInteger(xc, out var xcv) ? xcv.ToString(CultureInfo.InvariantCulture) : "";
                        keywords.Add(K("contains", new[] { min.ToString(CultureInfo.InvariantCulture), max }, subs: new[] { S(kwPointer, value) }));
                        break;

                    case "not":
                    case "propertyNames":
                        keywords.Add(K(kw, subs: new[] { S(kwPointer, value) }));
                        break;

                    case "if":
                        var then = el.TryGetProperty("then", out var t2) ? S(pointer + "/then", t2) : SubschemaRef.True;
                        var @else = el.TryGetProperty("else", out var e2) ? S(pointer + "/else", e2) : SubschemaRef.True;
                        keywords.Add(K("if", subs: new[] { S(kwPointer, value), then, @else }));
                        break;

                    case "then":
                    case "else":
                        break; // compiled with if; alone they do nothing

                    case "$vocabulary":
                        Report(DiagnosticDescriptors.UnsupportedKeyword.Id, doc, kwPointer, kw, "vocabularies are not read; every keyword Kit knows is applied");
                        break;

                    default:
                        if (AnnotationKeywords.Contains(kw) || kw.StartsWith("x-", StringComparison.Ordinal)) break;
                        Report(DiagnosticDescriptors.UnknownKeyword.Id, doc, kwPointer, kw,
                            kw == "definitions" ? " (draft 2020-12 uses $defs)" : kw == "dependencies" ? " (use dependentRequired or dependentSchemas)" : "");
                        break;
                }
            }
            keywords.AddRange(late);
            return new NodeSpec(method, location, tracks, keywords.ToEquatableArray(), ResourceOf(doc, pointer, el),
                NullAsAbsent: doc.Input.NullAsAbsent ?? _options.NullAsAbsent);
        }

        private static bool IsNonNegativeInteger(JsonElement value, out long result)
        {
            result = 0;
            if (value.ValueKind != JsonValueKind.Number) return false;
            if (value.TryGetInt64(out result)) return result >= 0;
            if (value.TryGetDouble(out var d) && d >= 0 && Math.Floor(d) == d && d < long.MaxValue) { result = (long)d; return true; }
            return false;
        }

        private static string Literal(SchemaDocument doc, JsonElement value)
        {
            var json = value.GetRawText();
            var existing = doc.Literals.FirstOrDefault(l => l.Json == json);
            if (existing != null) return existing.FieldName;
            var name = "L" + doc.Literals.Count;
            doc.Literals.Add(new LiteralSpec(name, json));
            return name;
        }

        /// <summary>Checks an ECMA-262 pattern and returns the static field that will hold it, or null.</summary>
        private static string? Pattern(SchemaDocument doc, string pattern, Action<string> invalid)
        {
            pattern = EndOfInputAnchor.Translate(EcmaScriptClasses.Translate(UnicodePropertyNames.Translate(pattern)));
            var existing = doc.Patterns.FirstOrDefault(p => p.Pattern == pattern);
            if (existing != null) return existing.FieldName;
            bool ecma;
            try
            {
                _ = new Regex(pattern, RegexOptions.ECMAScript);
                ecma = true;
            }
            catch (ArgumentException)
            {
                try
                {
                    _ = new Regex(pattern);
                    ecma = false;
                }
                catch (ArgumentException e)
                {
                    invalid($"pattern '{pattern}' is not a valid regular expression: {e.Message}");
                    return null;
                }
            }
            var name = "P" + doc.Patterns.Count;
            doc.Patterns.Add(new PatternSpec(name, pattern, ecma));
            return name;
        }
    }
}
