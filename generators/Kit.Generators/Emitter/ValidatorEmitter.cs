using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Kit.Generators.Model;

namespace Kit.Generators.Emitter
{
    /// <summary>
    /// Writes a schema file's validator class: the public entry points and one method per schema location. The
    /// methods validate while the JSON is read: each takes a <c>Utf8JsonReader</c> on a value and leaves it on the
    /// value's last token. Keywords that look at the whole value in place (<c>$ref</c>, <c>allOf</c>, <c>anyOf</c>,
    /// <c>if</c>, ...) read a copy of the reader, which is a checkpoint into the same bytes.
    /// </summary>
    internal sealed class ValidatorEmitter
    {
        private readonly bool _tracksScope;
        private readonly Dictionary<string, NodeSpec> _nodes;
        private string _resource = "";
        private bool _copies;
        private readonly List<string> _nameLists = new List<string>();
        private readonly List<string> _sites = new List<string>();

        private ValidatorEmitter(ContractUnitSpec unit)
        {
            _tracksScope = unit.TracksDynamicScope;
            _nodes = unit.Nodes.ToDictionary(n => n.MethodName);
        }

        private const string Ctx = "global::Kit.Schema.ValidationContext";
        private const string Ev = "global::Kit.Schema.EvaluatedLocations";
        private const string Values = "global::Kit.Schema.JsonValues";
        private const string Run = "global::Kit.Schema.SchemaValidation";
        private const string Reader = "global::System.Text.Json.Utf8JsonReader";
        private const string Token = "global::System.Text.Json.JsonTokenType";
        private const string Result = "global::Kit.Schema.ValidationResult";

        private static readonly HashSet<string> Scalar = new HashSet<string>
        {
            "type", "const", "enumStrings", "enum", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "pattern", "format", "uniqueItems",
        };

        private static readonly HashSet<string> InPlace = new HashSet<string> { "$ref", "$dynamicRef", "allOf", "anyOf", "oneOf", "not", "if", "dependentSchemas" };

        private static readonly HashSet<string> ObjectKeywords = new HashSet<string>
        {
            "properties", "patternProperties", "additionalProperties", "unevaluatedProperties", "required",
            "dependentRequired", "minProperties", "maxProperties", "propertyNames",
        };

        private static readonly HashSet<string> ArrayKeywords = new HashSet<string> { "prefixItems", "items", "contains", "unevaluatedItems", "minItems", "maxItems" };

        public static void Emit(SourceWriter w, ContractUnitSpec unit) => new ValidatorEmitter(unit).EmitClass(w, unit);

        private void EmitClass(SourceWriter w, ContractUnitSpec unit)
        {
            var scope = unit.TracksDynamicScope ? Str(unit.RootResource) : "null";
            w.Line($"/// <summary>Validates JSON documents against <c>{CSharp.Xml(unit.FileName)}</c>. Every violation comes with its JSON pointer, keyword and message.</summary>");
            w.Open($"public static partial class {unit.ValidatorName}");
            w.Line($"/// <summary>The schema file this validator was generated from.</summary>");
            w.Line($"public const string SchemaFile = {CSharp.Literal(unit.FileName)};");
            w.Line();
            w.Line("private static readonly global::Kit.Schema.SchemaNode Root = S0;");
            w.Line();
            w.Line("/// <summary>Validates UTF-8 JSON while reading it and returns every violation; a document that is not JSON gives one violation with keyword <c>json</c>.</summary>");
            w.Line($"public static {Result} Validate(global::System.ReadOnlyMemory<byte> utf8Json) => {Run}.Validate(utf8Json, Root, {scope});");
            w.Line();
            w.Line("/// <summary>Validates JSON text and returns every violation.</summary>");
            w.Line($"public static {Result} Validate(string json) => {Run}.Validate(json, Root, {scope});");
            w.Line();
            w.Line("/// <summary>Validates a parsed element and returns every violation.</summary>");
            w.Line($"public static {Result} Validate(global::System.Text.Json.JsonElement document) => {Run}.Validate(document, Root, {scope});");
            w.Line();
            w.Line("/// <summary>True when the UTF-8 JSON parses and is valid; stops at the first violation.</summary>");
            w.Line($"public static bool IsValid(global::System.ReadOnlyMemory<byte> utf8Json) => {Run}.IsValid(utf8Json, Root, {scope});");
            w.Line();
            w.Line("/// <summary>True when the JSON text parses and is valid; stops at the first violation.</summary>");
            w.Line($"public static bool IsValid(string json) => {Run}.IsValid(json, Root, {scope});");
            w.Line();
            w.Line("/// <summary>True when the element is valid; stops at the first violation.</summary>");
            w.Line($"public static bool IsValid(global::System.Text.Json.JsonElement document) => {Run}.IsValid(document, Root, {scope});");

            foreach (var literal in unit.Literals)
                w.Line($"private static readonly global::System.Text.Json.JsonElement {literal.FieldName} = {Values}.Literal({CSharp.Literal(literal.Json)});");
            foreach (var pattern in unit.Patterns)
                w.Line($"private static readonly global::Kit.Schema.SchemaPattern {pattern.FieldName} = new global::Kit.Schema.SchemaPattern({CSharp.Literal(pattern.Pattern)}, ecmaScript: {(pattern.EcmaScript ? "true" : "false")});");

            foreach (var node in unit.Nodes) EmitNode(w, node);
            if (_nameLists.Count + _sites.Count > 0) w.Line();
            for (var i = 0; i < _nameLists.Count; i++) w.Line($"private static readonly string[] N{i} = {_nameLists[i]};");
            for (var i = 0; i < _sites.Count; i++) w.Line($"private static readonly global::Kit.Schema.ViolationSite V{i} = {_sites[i]};");
            w.Close();
        }

        private void EmitNode(SourceWriter w, NodeSpec node)
        {
            _resource = node.Resource;
            w.Line();
            w.Line("// " + CSharp.Xml(node.Location));
            w.Open($"internal static bool {node.MethodName}(ref {Reader} r, {Ctx} c, {Ev}? ev)");
            if (node.Keywords.Count == 1 && node.Keywords[0].Kind == "false")
            {
                w.Line("r.Skip();");
                w.Line($"return c.Report({Site("false", node.Keywords[0].Location, "no value is allowed by this schema")});");
                w.Close();
                return;
            }
            // The body first, to know whether it declares the reader copy.
            var body = w.Nested();
            _copies = false;
            var names = EmitBody(body, node);
            if (_copies) w.Line($"{Reader} v;");
            w.Append(body);
            w.Close();
            if (names != null) EmitIndexMethod(w, node.MethodName, names);
        }

        /// <summary>A validator method's statements; returns the name table of its object pass, or null when it has none.</summary>
        private List<string>? EmitBody(SourceWriter w, NodeSpec node)
        {
            w.Line("var ok = true;");
            w.Line("var kind = r.TokenType;");
            // Only nodes that may be asked what they evaluated see a non-null ev; elsewhere a constant null lets the
            // JIT drop every annotation branch.
            w.Line(node.TracksEvaluated ? $"var lev = new {Ev}();" : node.CollectsAnnotations ? "var lev = ev;" : $"{Ev}? lev = null;");
            foreach (var k in node.Keywords.Where(k => Scalar.Contains(k.Kind))) EmitScalar(w, k);

            var objectPass = node.Keywords.Where(k => ObjectKeywords.Contains(k.Kind)).ToList();
            var arrayPass = node.Keywords.Where(k => ArrayKeywords.Contains(k.Kind)).ToList();
            var inPlace = node.Keywords.Where(k => InPlace.Contains(k.Kind)).ToList();
            var fused = node.CollectsAnnotations ? new List<KeywordSpec>() : inPlace.Where(k => IsFusable(k, node)).ToList();
            // With null-as-absent, fused conditions keep presence bits of their own; that needs a table of at most 64 names.
            if (node.NullAsAbsent && fused.Count > 0 && NameTable(objectPass, Conditions(fused)).Count > 64) fused.Clear();
            inPlace = inPlace.Except(fused).ToList();
            var hasObjectPass = objectPass.Count > 0 || fused.Count > 0;
            // A node that only refers elsewhere lets its last plain reference read the value itself, not a copy.
            var direct = !hasObjectPass && arrayPass.Count == 0 && inPlace.Count > 0 && inPlace[inPlace.Count - 1].Kind is "$ref" or "allOf";
            for (var i = 0; i < inPlace.Count; i++) EmitInPlace(w, inPlace[i], direct && i == inPlace.Count - 1);
            if (fused.Count > 0)
            {
                // Fused keywords are decided in the object pass; any other value gets them the usual way.
                w.Open($"if (kind != {Token}.StartObject)");
                foreach (var k in fused) EmitInPlace(w, k, false);
                w.Close();
            }

            if (!direct)
            {
                if (hasObjectPass)
                {
                    w.Open($"if (kind == {Token}.StartObject)");
                    EmitObjectPass(w, node, objectPass, fused);
                    w.Close();
                }
                if (arrayPass.Count > 0)
                {
                    w.Open($"{(hasObjectPass ? "else " : "")}if (kind == {Token}.StartArray)");
                    EmitArrayPass(w, arrayPass);
                    w.Close();
                }
                // Skip is a call: the common scalar case only compares the token.
                if (hasObjectPass && arrayPass.Count > 0) w.Line("else r.Skip();");
                else if (hasObjectPass) w.Line($"else if (kind == {Token}.StartArray) r.Skip();");
                else if (arrayPass.Count > 0) w.Line($"else if (kind == {Token}.StartObject) r.Skip();");
                else w.Line($"if (kind == {Token}.StartObject || kind == {Token}.StartArray) r.Skip();");
            }
            if (node.TracksEvaluated) w.Line("if (ok) ev?.MergeFrom(lev!);");
            w.Line("return ok;");
            return hasObjectPass ? NameTable(objectPass, Conditions(fused)) : null;
        }

        /// <summary>A message: constant text, or constant words around one value (a string or a count) known only at run time.</summary>
        private sealed class Message
        {
            public Message(string prefix, string? value = null, string suffix = "") { Prefix = prefix; Value = value; Suffix = suffix; }
            public string Prefix { get; }
            public string? Value { get; }
            public string Suffix { get; }
        }

        private static Message Text(string text) => new Message(text);

        private static Message Parts(string prefix, string value, string suffix = "") => new Message(prefix, value, suffix);

        /// <summary>Reports a violation at a static site (made once per keyword) and stops unless collecting.</summary>
        private string Fail(string keyword, string location, Message message)
        {
            var site = Site(keyword, location, message.Prefix, message.Suffix);
            var report = message.Value == null ? $"c.Report({site})" : $"c.Report({site}, {message.Value})";
            return $"{{ ok = false; {report}; if (!c.Collecting) return false; }}";
        }

        /// <summary>The static <c>ViolationSite</c> field for a keyword's message, one per distinct site.</summary>
        private string Site(string keyword, string location, string prefix, string suffix = "", string? names = null)
        {
            var initializer = $"new global::Kit.Schema.ViolationSite({Str(keyword)}, {Str(location)}, {Str(prefix)}, {Str(suffix)}{(names == null ? "" : ", " + names)})";
            var index = _sites.IndexOf(initializer);
            if (index < 0) { index = _sites.Count; _sites.Add(initializer); }
            return "V" + index;
        }

        private const string Propagate = "if (!rr) { ok = false; if (!c.Collecting) return false; }";

        /// <summary>
        /// A call of a subschema on a reader. <paramref name="consumes"/>: the reader is the value's own and must be
        /// left on its last token; otherwise it is a copy, and the constant schemas need not read it.
        /// </summary>
        private string Call(SubschemaRef sub, string reader, string ev, string location, bool consumes)
        {
            if (sub.IsTrue) return consumes ? $"{Values}.Skip(ref {reader})" : "true";
            if (sub.IsFalse)
            {
                var site = Site("false", location, "no value is allowed here");
                return consumes ? $"c.Reject(ref {reader}, {site})" : $"c.Report({site})";
            }
            var call = $"{sub.Method}(ref {reader}, c, {ev})";
            // Entering another schema resource extends the dynamic scope that $dynamicRef searches.
            return _tracksScope && sub.Resource != _resource ? $"(c.PushScope({Str(sub.Resource)}) && c.PopScope({call}))" : call;
        }

        /// <summary>A statement that applies a subschema to the value, on a copy of the reader unless <paramref name="consumes"/>.</summary>
        private string Apply(SubschemaRef sub, string ev, string location, bool consumes, string after = "", string from = "r") =>
            consumes
                ? $"{{ var rr = {Call(sub, "r", ev, location, true)}; {after}{Propagate} }}"
                : $"{{ {CopyOf(from)} var rr = {Call(sub, "v", ev, location, false)}; {after}{Propagate} }}";

        /// <summary>
        /// Sets the method's one copy of the reader, <c>v</c>, to <paramref name="from"/>. One local for every copy in a
        /// method: a reader holds references, so the JIT zeroes each reader local on entry, and a copy per keyword or
        /// per member (one per switch arm) made large validators spend more zeroing their frames than reading.
        /// </summary>
        private string CopyOf(string from = "r")
        {
            _copies = true;
            return $"v = {from};";
        }

        /// <summary>
        /// A statement that reads the value the reader is on without moving it: a scalar (one token, which no validator
        /// moves past) in place, an object or array on the copy.
        /// </summary>
        private string OnCheckpoint(System.Func<string, string> statement) =>
            $"if (r.TokenType > {Token}.PropertyName) {statement("r")} else {{ {CopyOf()} {statement("v")} }}";

        /// <summary>A subschema whose failure is not the document's (anyOf branches, not, if, contains), on a copy.</summary>
        private string Quiet(SubschemaRef sub, string ev, string location, string result) =>
            $"{{ {CopyOf()} var q = c.EnterQuiet(); {result} = {Call(sub, "v", ev, location, false)}; c.ExitQuiet(q); }}";

        private static string Str(string s) => CSharp.Literal(s);

        /// <summary>A UTF-8 literal, so comparisons work on bytes without transcoding; a string when it cannot be one (lone surrogates).</summary>
        private static string U8(string s) => s.Any(char.IsSurrogate) ? CSharp.Literal(s) : CSharp.Literal(s) + "u8";

        private static string NumberLiteral(string raw)
        {
            var isDecimal = decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            var value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
            var d = double.IsInfinity(value)
                ? (raw.StartsWith("-") ? "double.NegativeInfinity" : "double.PositiveInfinity")
                : value.ToString("R", CultureInfo.InvariantCulture) + "d";
            return isDecimal ? $"{raw}m, {d}" : d;
        }

        private void EmitScalar(SourceWriter w, KeywordSpec k)
        {
            var loc = k.Location;
            switch (k.Kind)
            {
                case "type":
                    var conditions = k.Args.Select(t => t switch
                    {
                        "string" => $"kind == {Token}.String",
                        "integer" => $"(kind == {Token}.Number && {Values}.IsInteger(ref r))",
                        "number" => $"kind == {Token}.Number",
                        "boolean" => $"kind == {Token}.True || kind == {Token}.False",
                        "object" => $"kind == {Token}.StartObject",
                        "array" => $"kind == {Token}.StartArray",
                        _ => $"kind == {Token}.Null",
                    });
                    w.Line($"if (!({string.Join(" || ", conditions)})) {Fail("type", loc, Parts($"must be {string.Join(" or ", k.Args)}, but is ", $"{Values}.KindName(ref r)"))}");
                    break;

                case "const" when k.Extra[0].StartsWith("\"", System.StringComparison.Ordinal) && k.Extra[0].IndexOf('\\') < 0:
                    var constant = k.Extra[0].Substring(1, k.Extra[0].Length - 2);
                    w.Line($"if (!(kind == {Token}.String && {Values}.ValueIs(ref r, {U8(constant)}))) {Fail("const", loc, Text("must be exactly " + Short(k.Extra[0])))}");
                    break;

                case "const":
                    w.Line($"if (!{Values}.EqualsLiteral(ref r, {k.Args[0]})) {Fail("const", loc, Text("must be exactly " + Short(k.Extra[0])))}");
                    break;

                case "enumStrings" when k.Args.Count == 0:
                case "enum" when k.Args.Count == 0:
                    w.Line(Fail("enum", loc, Text("no value is allowed: the enum is empty")));
                    break;

                case "enumStrings":
                    var tests = string.Join(" || ", k.Args.Select(v => $"{Values}.ValueIs(ref r, {U8(v)})"));
                    w.Line($"if (!(kind == {Token}.String && ({tests}))) {Fail("enum", loc, Parts("", $"{Values}.Describe(ref r)", " is not one of: " + Short(string.Join(", ", k.Args))))}");
                    break;

                case "enum":
                    var any = string.Join(" || ", k.Args.Select(f => $"{Values}.EqualsLiteral(ref r, {f})"));
                    w.Line($"if (!({any})) {Fail("enum", loc, Parts("", $"{Values}.Describe(ref r)", " is not one of: " + Short(string.Join(", ", k.Extra))))}");
                    break;

                case "minLength":
                    w.Line($"if (kind == {Token}.String && {Values}.IsShorterThan(ref r, {k.Args[0]})) {Fail(k.Kind, loc, Parts($"must be at least {k.Args[0]} characters long, but has ", $"{Values}.CodePointLength(ref r)"))}");
                    break;
                case "maxLength":
                    w.Line($"if (kind == {Token}.String && {Values}.IsLongerThan(ref r, {k.Args[0]})) {Fail(k.Kind, loc, Parts($"must be at most {k.Args[0]} characters long, but has ", $"{Values}.CodePointLength(ref r)"))}");
                    break;

                case "minimum":
                case "maximum":
                case "exclusiveMinimum":
                case "exclusiveMaximum":
                    var (op, words) = k.Kind switch
                    {
                        "minimum" => ("< 0", "at least"),
                        "maximum" => ("> 0", "at most"),
                        "exclusiveMinimum" => ("<= 0", "greater than"),
                        _ => (">= 0", "less than"),
                    };
                    w.Line($"if (kind == {Token}.Number && {Values}.Compare(ref r, {NumberLiteral(k.Args[0])}) {op}) {Fail(k.Kind, loc, Parts($"must be {words} {k.Args[0]}, but is ", $"{Values}.NumberText(ref r)"))}");
                    break;

                case "multipleOf":
                    w.Line($"if (kind == {Token}.Number && !{Values}.IsMultipleOf(ref r, {NumberLiteral(k.Args[0])})) {Fail(k.Kind, loc, Parts($"must be a multiple of {k.Args[0]}, but is ", $"{Values}.NumberText(ref r)"))}");
                    break;

                case "pattern":
                    w.Line($"if (kind == {Token}.String && !{k.Args[0]}.IsMatch(ref r)) {Fail(k.Kind, loc, Parts("", $"{Values}.Describe(ref r)", " does not match the pattern " + k.Extra[0]))}");
                    break;

                case "format":
                    var check = AssertedFormats.Checks[k.Args[0]];
                    w.Line($"if (!global::Kit.Schema.SchemaFormats.{check}(ref r)) {Fail(k.Kind, loc, Parts("", $"{Values}.Describe(ref r)", " is not a valid " + k.Args[0]))}");
                    break;

                case "uniqueItems":
                    w.Line($"if (kind == {Token}.StartArray && !{Values}.AllDistinct(r)) {Fail(k.Kind, loc, Text("items must be unique, but some are equal"))}");
                    break;
            }
        }

        private void EmitInPlace(SourceWriter w, KeywordSpec k, bool consumeLast)
        {
            var loc = k.Location;
            switch (k.Kind)
            {
                case "$ref":
                case "allOf":
                    for (var i = 0; i < k.Subschemas.Count; i++)
                        w.Line(Apply(k.Subschemas[i], "lev", loc, consumeLast && i == k.Subschemas.Count - 1));
                    break;

                case "$dynamicRef":
                    var candidates = string.Join(", ", k.Args.Select(Str));
                    var arms = string.Join(", ", k.Subschemas.Take(k.Args.Count).Select((sub, i) => $"{i} => {Call(sub, "v", "lev", loc, false)}"));
                    w.Line($"{{ {CopyOf()} var ix = c.FindOutermostScope({candidates}); var rr = ix switch {{ {arms}, _ => {Call(k.Subschemas[k.Subschemas.Count - 1], "v", "lev", loc, false)} }}; {Propagate} }}");
                    break;

                case "anyOf":
                    w.Open("");
                    w.Line("var any = false;");
                    foreach (var sub in k.Subschemas)
                        w.Line($"if (!any || lev != null) {{ var bev = lev == null ? null : new {Ev}(); bool m; {Quiet(sub, "bev", loc, "m")} if (m) {{ any = true; if (bev != null) lev!.MergeFrom(bev); }} }}");
                    w.Line($"if (!any) {Fail("anyOf", loc, Text($"matches none of the {k.Subschemas.Count} alternatives in anyOf"))}");
                    w.Close();
                    break;

                case "oneOf":
                    w.Open("");
                    w.Line("var matched = 0;");
                    w.Line($"{Ev}? chosen = null;");
                    foreach (var sub in k.Subschemas)
                        w.Line($"{{ var bev = lev == null ? null : new {Ev}(); bool m; {Quiet(sub, "bev", loc, "m")} if (m) {{ matched++; chosen = bev; }} }}");
                    w.Line($"if (matched == 0) {Fail("oneOf", loc, Text($"matches none of the {k.Subschemas.Count} alternatives in oneOf"))}");
                    w.Line($"else if (matched > 1) {Fail("oneOf", loc, Parts("matches ", "matched", " alternatives in oneOf; exactly one must match"))}");
                    w.Line("else if (chosen != null) lev!.MergeFrom(chosen);");
                    w.Close();
                    break;

                case "not":
                    w.Line($"{{ bool m; {Quiet(k.Subschemas[0], "null", loc, "m")} if (m) {Fail("not", loc, Text("must not match the schema in not"))} }}");
                    break;

                case "if":
                    w.Open("");
                    w.Line($"var bev = lev == null ? null : new {Ev}();");
                    w.Line($"bool matchesIf; {Quiet(k.Subschemas[0], "bev", loc, "matchesIf")}");
                    w.Open("if (matchesIf)");
                    w.Line("if (bev != null) lev!.MergeFrom(bev);");
                    if (!k.Subschemas[1].IsTrue) w.Line(Apply(k.Subschemas[1], "lev", loc, false));
                    w.Close();
                    if (!k.Subschemas[2].IsTrue) w.Line("else " + Apply(k.Subschemas[2], "lev", loc, false));
                    w.Close();
                    break;

                case "dependentSchemas":
                    w.Open($"if (kind == {Token}.StartObject)");
                    for (var i = 0; i < k.Args.Count; i++)
                        w.Line($"if ({Values}.HasProperty(r, {Str(k.Args[i])})) {Apply(k.Subschemas[i], "lev", loc, false)}");
                    w.Close();
                    break;
            }
        }

        /// <summary>Every member name the object keywords of a node (and its fused conditions) ask about, each once; a member's index in it is what the pass switches on.</summary>
        private static List<string> NameTable(List<KeywordSpec> keywords, List<NodeSpec> conditions)
        {
            var names = new List<string>();
            void Add(string n) { if (!names.Contains(n)) names.Add(n); }
            foreach (var k in keywords.Concat(conditions.SelectMany(c => c.Keywords)))
            {
                switch (k.Kind)
                {
                    case "properties": case "required": case "additionalProperties":
                        foreach (var n in k.Args) Add(n);
                        break;
                    case "dependentRequired":
                        Add(k.Args[0]);
                        foreach (var n in k.Extra) Add(n);
                        break;
                }
            }
            return names;
        }

        /// <summary>
        /// An in-place keyword whose subschemas only ask which members an object has and what some of them hold
        /// (<c>properties</c> and <c>required</c>: a discriminator <c>if</c>, a <c>oneOf</c> of <c>required</c>
        /// lists) is decided within the node's own pass over the members, instead of reading the object again for
        /// each subschema. Only the answer matters (they are quiet), and only in nodes that are never asked what
        /// they evaluated (for unevaluated*), which would need what the subschemas evaluated.
        /// </summary>
        private bool IsFusable(KeywordSpec k, NodeSpec owner)
        {
            switch (k.Kind)
            {
                case "if":
                case "not":
                    return IsMemberCondition(k.Subschemas[0], owner);
                case "anyOf":
                case "oneOf":
                    return k.Subschemas.All(s => IsMemberCondition(s, owner));
                default:
                    return false;
            }
        }

        private bool IsMemberCondition(SubschemaRef sub, NodeSpec owner) =>
            !sub.IsTrue && !sub.IsFalse && _nodes.TryGetValue(sub.Method, out var node) && node.Keywords.Count > 0
            && node.NullAsAbsent == owner.NullAsAbsent
            && node.Keywords.All(k => k.Kind is "properties" or "required") && (!_tracksScope || node.Resource == _resource);

        /// <summary>The condition subschemas of fused keywords, in order; condition j's answer is the variable <c>cj</c>.</summary>
        private List<NodeSpec> Conditions(List<KeywordSpec> fused) =>
            fused.SelectMany(k => k.Kind is "if" or "not" ? new[] { k.Subschemas[0] } : k.Subschemas.ToArray()).Select(s => _nodes[s.Method]).ToList();

        /// <summary>
        /// One pass over an object's members serves every object keyword of the node: each name is matched once (by
        /// UTF-8 length, then bytes), presence is a bit per known name, and the member's value is read by the one
        /// subschema that applies to it, or by copies when several may (patternProperties, unevaluatedProperties).
        /// </summary>
        private void EmitObjectPass(SourceWriter w, NodeSpec node, List<KeywordSpec> keywords, List<KeywordSpec> fused)
        {
            var method = node.MethodName;
            var nullAsAbsent = node.NullAsAbsent;
            var conditions = Conditions(fused);
            KeywordSpec? Find(string kind) => keywords.FirstOrDefault(k => k.Kind == kind);
            var properties = Find("properties");
            var patternProperties = Find("patternProperties");
            var additional = Find("additionalProperties");
            var unevaluated = Find("unevaluatedProperties");
            var required = Find("required");
            var dependentRequired = keywords.Where(k => k.Kind == "dependentRequired").ToList();
            var minProperties = Find("minProperties");
            var maxProperties = Find("maxProperties");
            var propertyNames = Find("propertyNames");
            var table = NameTable(keywords, conditions);
            var patterns = patternProperties?.Extra ?? additional?.Extra ?? EquatableArray<string>.Empty;
            var conditionRequired = conditions.Select(n => (KeywordSpec?)n.Keywords.FirstOrDefault(k => k.Kind == "required")).ToList();
            var conditionProperties = conditions.Select(n => (KeywordSpec?)n.Keywords.FirstOrDefault(k => k.Kind == "properties")).ToList();
            var needsSeen = required != null || dependentRequired.Count > 0 || conditionRequired.Any(k => k != null);
            var wide = table.Count > 64;
            var marks = properties != null || patternProperties != null || additional != null || unevaluated != null;
            var single = patternProperties == null && unevaluated == null; // at most one subschema reads each member
            var counts = minProperties != null || maxProperties != null;
            var nulls = nullAsAbsent && needsSeen; // which members were null: for required's message and the conditions' presence

            string Seen(string name) => wide ? $"seen[{table.IndexOf(name)}]" : $"(seen & {1UL << table.IndexOf(name)}UL) != 0";
            string WasNull(string name) => wide ? $"nulls[{table.IndexOf(name)}]" : $"(nulls & {1UL << table.IndexOf(name)}UL) != 0";
            // A fused condition j sees a null member only when its own properties accept null for it (bits cpj).
            string ConditionSeen(int j, string name) => !nullAsAbsent ? Seen(name)
                : conditionProperties[j] != null ? $"((seen & ~nulls | cp{j}) & {1UL << table.IndexOf(name)}UL) != 0"
                : $"(seen & ~nulls & {1UL << table.IndexOf(name)}UL) != 0";

            if (fused.Any(k => k.Kind == "if" && !(k.Subschemas[1].IsTrue && k.Subschemas[2].IsTrue))) w.Line("var start = r;");
            if (needsSeen) w.Line(wide ? $"global::System.Span<bool> seen = stackalloc bool[{table.Count}];" : "ulong seen = 0;");
            if (nulls) w.Line(wide ? $"global::System.Span<bool> nulls = stackalloc bool[{table.Count}];" : "ulong nulls = 0;");
            for (var j = 0; j < conditions.Count; j++)
                if (nullAsAbsent && conditionRequired[j] != null && conditionProperties[j] != null) w.Line($"ulong cp{j} = 0;");
            for (var j = 0; j < conditions.Count; j++) if (conditionProperties[j] != null) w.Line($"var f{j} = true;");
            if (counts) w.Line("var count = 0;");
            w.Open($"while (r.Read() && r.TokenType == {Token}.PropertyName)");
            if (needsSeen || properties != null || conditions.Count > 0) w.Line($"var ix = Index{method}(ref r);");
            if (counts && !nullAsAbsent) w.Line("count++;");
            if (marks) w.Line($"var name = lev == null ? null : {Values}.GetString(ref r);");
            for (var j = 0; j < patterns.Count; j++) w.Line($"var m{j} = {patterns[j]}.IsMatch(ref r);");
            w.Line("c.Push(ref r);");
            var propertyNamesCheck = propertyNames == null ? null
                : $"{{ var rr = {Call(propertyNames.Subschemas[0], "nr", "null", propertyNames.Location, false)}; {Propagate} }}";
            if (propertyNamesCheck != null)
                w.Line(nullAsAbsent ? "var nr = c.NameAsValue(ref r);" : $"{{ var nr = c.NameAsValue(ref r); {propertyNamesCheck.Substring(2)}");
            w.Line("r.Read();");
            if (nullAsAbsent)
            {
                EmitNullDecision(w, table, properties, patternProperties, additional, conditionProperties, conditionRequired, nulls, wide);
                if (counts) w.Line("count++;");
                if (propertyNamesCheck != null) w.Line(propertyNamesCheck);
            }
            if (needsSeen) w.Line(wide ? "if (ix >= 0) seen[ix] = true;" : "if (ix >= 0) seen |= 1UL << ix;");
            // A null member's conditions were decided above.
            EmitConditionTests(w, table, conditionProperties, nullAsAbsent ? $"r.TokenType != {Token}.Null" : null);
            const string Mark = "if (name != null) lev!.MarkProperty(name); ";

            if (single)
            {
                if (properties != null)
                {
                    w.Open("switch (ix)");
                    for (var i = 0; i < properties.Args.Count; i++)
                        w.Line($"case {table.IndexOf(properties.Args[i])}: {Apply(properties.Subschemas[i], "null", properties.Location, true, Mark)} break;");
                    w.Open("default:");
                }
                if (additional != null) EmitAdditional(w, additional, true, Mark);
                else w.Line("r.Skip();");
                if (properties != null)
                {
                    w.Line("break;");
                    w.Close();
                    w.Close();
                }
            }
            else
            {
                if (additional != null) w.Line("var declared = false;");
                if (unevaluated != null) w.Line("var evaluated = false;");
                var evaluatedFlag = unevaluated != null ? "evaluated = true; " : "";
                if (properties != null)
                {
                    w.Open("switch (ix)");
                    for (var i = 0; i < properties.Args.Count; i++)
                        w.Line($"case {table.IndexOf(properties.Args[i])}: {(additional != null ? "declared = true; " : "")}{Apply(properties.Subschemas[i], "null", properties.Location, false, Mark + evaluatedFlag)} break;");
                    w.Close();
                }
                if (patternProperties != null)
                    for (var j = 0; j < patternProperties.Subschemas.Count; j++)
                        w.Line($"if (m{j}) {Apply(patternProperties.Subschemas[j], "null", patternProperties.Location, false, Mark + evaluatedFlag)}");
                if (additional != null)
                {
                    var anyPattern = string.Concat(Enumerable.Range(0, patterns.Count).Select(j => $" && !m{j}"));
                    w.Open($"if (!declared{anyPattern})");
                    EmitAdditional(w, additional, false, Mark + evaluatedFlag);
                    w.Close();
                }
                if (unevaluated != null)
                    EmitUnevaluated(w, "!lev!.IsPropertyEvaluated(name!)", unevaluated,
                        $"c.ReportNotAllowed({Site("unevaluatedProperties", unevaluated.Location, "", "", Names(unevaluated.Args))})");
                w.Line("r.Skip();");
            }
            w.Line("c.Pop();");
            w.Close();

            if (required != null)
            {
                if (!wide)
                {
                    var mask = required.Args.Aggregate(0UL, (m, n) => m | (1UL << table.IndexOf(n)));
                    w.Open($"if ((seen & {mask}UL) != {mask}UL)");
                }
                else w.Open("");
                foreach (var n in required.Args)
                {
                    var missing = Site("required", required.Location, $"required property '{n}' is missing");
                    var site = nullAsAbsent ? $"({WasNull(n)} ? {Site("required", required.Location, $"required property '{n}' is null; it must have a value")} : {missing})" : missing;
                    w.Line($"if (!({Seen(n)})) {{ ok = false; c.ReportChild({Str(n)}, {site}); if (!c.Collecting) return false; }}");
                }
                w.Close();
            }
            foreach (var k in dependentRequired)
            {
                w.Open($"if ({Seen(k.Args[0])})");
                foreach (var n in k.Extra)
                    w.Line($"if (!({Seen(n)})) {{ ok = false; c.ReportChild({Str(n)}, {Site("dependentRequired", k.Location, $"property '{n}' is required when '{k.Args[0]}' is present")}); if (!c.Collecting) return false; }}");
                w.Close();
            }
            if (minProperties != null)
                w.Line($"if (count < {minProperties.Args[0]}) {Fail("minProperties", minProperties.Location, Parts($"must have at least {minProperties.Args[0]} properties, but has ", "count"))}");
            if (maxProperties != null)
                w.Line($"if (count > {maxProperties.Args[0]}) {Fail("maxProperties", maxProperties.Location, Parts($"must have at most {maxProperties.Args[0]} properties, but has ", "count"))}");
            if (unevaluated != null) w.Line("lev!.MarkAllProperties();");
            EmitFusedDecisions(w, fused, conditionProperties, conditionRequired, ConditionSeen);
        }

        /// <summary>
        /// With null-as-absent, on a member whose value is null: the member stays only when a subschema this node gives
        /// it (its <c>properties</c> entry, the matching <c>patternProperties</c>, else <c>additionalProperties</c>)
        /// accepts null; otherwise the pass goes on as if it were not there. Each fused condition decides the same
        /// for itself from its own <c>properties</c>.
        /// </summary>
        private void EmitNullDecision(SourceWriter w, List<string> table, KeywordSpec? properties, KeywordSpec? patternProperties, KeywordSpec? additional,
            List<KeywordSpec?> conditionProperties, List<KeywordSpec?> conditionRequired, bool nulls, bool wide)
        {
            w.Open($"if (r.TokenType == {Token}.Null)");
            if (properties == null && patternProperties == null && additional == null) w.Line("var keep = false;");
            else
            {
                w.Line("var applies = false;");
                w.Line("var keep = true;");
                if (properties != null)
                {
                    w.Open("switch (ix)");
                    for (var i = 0; i < properties.Args.Count; i++)
                        w.Line($"case {table.IndexOf(properties.Args[i])}: applies = true; {AcceptsNull(properties.Subschemas[i], properties.Location, "keep")} break;");
                    w.Close();
                }
                if (patternProperties != null)
                    for (var j = 0; j < patternProperties.Subschemas.Count; j++)
                        w.Line($"if (m{j}) {{ applies = true; if (keep) {{ {AcceptsNull(patternProperties.Subschemas[j], patternProperties.Location, "keep")} }} }}");
                if (additional != null)
                    w.Line($"if (!applies) {{ applies = true; {AcceptsNull(additional.Subschemas[0], additional.Location, "keep")} }}");
                w.Line("keep = keep && applies;");
            }
            var tests = new List<(int Index, string Test)>();
            for (var j = 0; j < conditionProperties.Count; j++)
            {
                var props = conditionProperties[j];
                if (props == null || conditionRequired[j] == null) continue;
                for (var i = 0; i < props.Args.Count; i++)
                    tests.Add((table.IndexOf(props.Args[i]), $"{{ var a = true; {AcceptsNull(props.Subschemas[i], props.Location, "a")} if (a) cp{j} |= 1UL << ix; }}"));
            }
            if (tests.Count > 0)
            {
                w.Open("switch (ix)");
                foreach (var byIndex in tests.GroupBy(t => t.Index).OrderBy(g => g.Key))
                    w.Line($"case {byIndex.Key}: {string.Concat(byIndex.Select(t => t.Test + " "))}break;");
                w.Close();
            }
            if (nulls) w.Line(wide ? "if (ix >= 0) nulls[ix] = true;" : "if (ix >= 0) nulls |= 1UL << ix;");
            w.Line("if (!keep) { c.Pop(); continue; }");
            w.Close();
        }

        /// <summary>A statement that sets <paramref name="target"/> to false unless the subschema accepts the null the reader is on (quietly).</summary>
        private string AcceptsNull(SubschemaRef sub, string location, string target)
        {
            if (sub.IsTrue) return "";
            if (sub.IsFalse) return $"{target} = false;";
            // A null is one token, which no validator moves the reader past: it is read in place, not on a copy.
            return $"{{ var q = c.EnterQuiet(); {target} = {Call(sub, "r", "null", location, false)}; c.ExitQuiet(q); }}";
        }

        /// <summary>While on a member's value: the fused conditions' <c>properties</c> subschemas for that member, quietly, on a copy.</summary>
        private void EmitConditionTests(SourceWriter w, List<string> table, List<KeywordSpec?> conditionProperties, string? guard)
        {
            var tests = new List<(int Index, string Test)>();
            for (var j = 0; j < conditionProperties.Count; j++)
            {
                var props = conditionProperties[j];
                if (props == null) continue;
                for (var i = 0; i < props.Args.Count; i++)
                {
                    var sub = props.Subschemas[i];
                    if (sub.IsTrue) continue;
                    tests.Add((table.IndexOf(props.Args[i]), sub.IsFalse
                        ? $"f{j} = false;"
                        : $"if (f{j}) {{ var q = c.EnterQuiet(); {OnCheckpoint(reader => $"f{j} = {Call(sub, reader, "null", props.Location, false)};")} c.ExitQuiet(q); }}"));
                }
            }
            if (tests.Count == 0) return;
            if (guard != null) w.Open($"if ({guard})");
            w.Open("switch (ix)");
            foreach (var byIndex in tests.GroupBy(t => t.Index).OrderBy(g => g.Key))
                w.Line($"case {byIndex.Key}: {string.Concat(byIndex.Select(t => t.Test + " "))}break;");
            w.Close();
            if (guard != null) w.Close();
        }

        /// <summary>After the pass: each condition's answer from its member tests and presence bits, then the fused keywords.</summary>
        private void EmitFusedDecisions(SourceWriter w, List<KeywordSpec> fused, List<KeywordSpec?> conditionProperties, List<KeywordSpec?> conditionRequired, System.Func<int, string, string> seen)
        {
            for (var j = 0; j < conditionProperties.Count; j++)
            {
                var parts = new List<string>();
                if (conditionProperties[j] != null) parts.Add($"f{j}");
                if (conditionRequired[j] != null) parts.AddRange(conditionRequired[j]!.Args.Select(n => $"({seen(j, n)})"));
                w.Line($"var c{j} = {(parts.Count == 0 ? "true" : string.Join(" && ", parts))};");
            }
            var next = 0;
            foreach (var k in fused)
            {
                var loc = k.Location;
                switch (k.Kind)
                {
                    case "if":
                        var id = next++;
                        if (!k.Subschemas[1].IsTrue) w.Line($"if (c{id}) {Apply(k.Subschemas[1], "lev", loc, false, from: "start")}");
                        if (!k.Subschemas[2].IsTrue) w.Line($"if (!c{id}) {Apply(k.Subschemas[2], "lev", loc, false, from: "start")}");
                        break;
                    case "not":
                        w.Line($"if (c{next++}) {Fail("not", loc, Text("must not match the schema in not"))}");
                        break;
                    case "anyOf":
                        var any = string.Join(" || ", k.Subschemas.Select(_ => $"c{next++}"));
                        w.Line($"if (!({any})) {Fail("anyOf", loc, Text($"matches none of the {k.Subschemas.Count} alternatives in anyOf"))}");
                        break;
                    case "oneOf":
                        var count = string.Join(" + ", k.Subschemas.Select(_ => $"(c{next++} ? 1 : 0)"));
                        w.Open("");
                        w.Line($"var matched = {count};");
                        w.Line($"if (matched == 0) {Fail("oneOf", loc, Text($"matches none of the {k.Subschemas.Count} alternatives in oneOf"))}");
                        w.Line($"else if (matched > 1) {Fail("oneOf", loc, Parts("matches ", "matched", " alternatives in oneOf; exactly one must match"))}");
                        w.Close();
                        break;
                }
            }
        }

        /// <summary>additionalProperties for a member that no declared property or pattern matched: its schema, or a report naming it when false.</summary>
        private void EmitAdditional(SourceWriter w, KeywordSpec additional, bool consumes, string after)
        {
            if (additional.Subschemas[0].IsFalse)
            {
                w.Line($"var rr = c.ReportNotAllowed({Site("additionalProperties", additional.Location, "", "", Names(additional.Args))});");
                if (consumes) w.Line("r.Skip();");
                w.Line(after + Propagate);
            }
            else w.Line(Apply(additional.Subschemas[0], "null", additional.Location, consumes, after));
        }

        /// <summary>
        /// One pass over an array's items for every array keyword of the node; as for objects, an item is read by
        /// the one subschema that applies, or by copies when contains or unevaluatedItems also look at it.
        /// </summary>
        private void EmitArrayPass(SourceWriter w, List<KeywordSpec> keywords)
        {
            KeywordSpec? Find(string kind) => keywords.FirstOrDefault(k => k.Kind == kind);
            var prefix = Find("prefixItems");
            var items = Find("items");
            var contains = Find("contains");
            var unevaluated = Find("unevaluatedItems");
            var minItems = Find("minItems");
            var maxItems = Find("maxItems");
            var single = contains == null && unevaluated == null;
            var n = prefix?.Subschemas.Count ?? 0;
            var start = items != null ? items.Args[0] : "0";

            w.Line("var i = 0;");
            if (contains != null) w.Line("var matches = 0;");
            w.Open($"while (r.Read() && r.TokenType != {Token}.EndArray)");
            w.Line("c.Push(i);");
            var flag = unevaluated != null ? "evaluated = true; " : "";
            if (unevaluated != null) w.Line("var evaluated = false;");
            if (contains != null)
                w.Line($"{{ bool m; {Quiet(contains.Subschemas[0], "null", contains.Location, "m")} if (m) {{ matches++; lev?.MarkItem(i); {flag}}} }}");
            if (prefix != null)
            {
                var reader = single ? "r" : "v";
                var arms = string.Join(", ", prefix.Subschemas.Select((s, i) => $"{i} => {Call(s, reader, "null", prefix.Location, single)}"));
                w.Line($"if (i < {n}) {{ {(single ? "" : CopyOf() + " ")}var rr = i switch {{ {arms}, _ => true }}; {flag}{Propagate} }}");
            }
            var elseIf = prefix != null ? "else " : "";
            if (items != null) w.Line($"{elseIf}if (i >= {start}) {Apply(items.Subschemas[0], "null", items.Location, single, flag)}");
            if (single) w.Line(prefix != null || items != null ? "else r.Skip();" : "r.Skip();");
            else
            {
                if (unevaluated != null)
                    EmitUnevaluated(w, "!lev!.IsItemEvaluated(i)", unevaluated,
                        $"c.Report({Site("unevaluatedItems", unevaluated.Location, "this item is not allowed here (unevaluatedItems)")})");
                w.Line("r.Skip();");
            }
            w.Line("c.Pop();");
            w.Line("i++;");
            w.Close();

            if (prefix != null) w.Line($"lev?.MarkItemPrefix(i < {n} ? i : {n});");
            if (items != null) w.Line($"if (i > {start}) lev?.MarkAllItems();");
            if (minItems != null)
                w.Line($"if (i < {minItems.Args[0]}) {Fail("minItems", minItems.Location, Parts($"must have at least {minItems.Args[0]} items, but has ", "i"))}");
            if (maxItems != null)
                w.Line($"if (i > {maxItems.Args[0]}) {Fail("maxItems", maxItems.Location, Parts($"must have at most {maxItems.Args[0]} items, but has ", "i"))}");
            if (contains != null)
            {
                if (contains.Args[0] != "0")
                    w.Line($"if (matches < {contains.Args[0]}) {Fail(contains.Args[0] == "1" ? "contains" : "minContains", contains.Location, Parts($"must contain at least {contains.Args[0]} item(s) matching contains, but has ", "matches"))}");
                if (contains.Args[1].Length > 0)
                    w.Line($"if (matches > {contains.Args[1]}) {Fail("maxContains", contains.Location, Parts($"must contain at most {contains.Args[1]} item(s) matching contains, but has ", "matches"))}");
            }
            if (unevaluated != null) w.Line("lev!.MarkAllItems();");
        }

        /// <summary>unevaluatedProperties or unevaluatedItems for a member or item nothing else evaluated: its schema, or <paramref name="rejection"/> when false.</summary>
        private void EmitUnevaluated(SourceWriter w, string notEvaluatedElsewhere, KeywordSpec unevaluated, string rejection)
        {
            w.Open($"if (!evaluated && {notEvaluatedElsewhere})");
            w.Line(unevaluated.Subschemas[0].IsFalse
                ? $"var rr = {rejection};"
                : $"{CopyOf()} var rr = {Call(unevaluated.Subschemas[0], "v", "null", unevaluated.Location, false)};");
            w.Line(Propagate);
            w.Close();
        }

        /// <summary>Maps the member name the reader is on to its index in the node's name table, or -1.</summary>
        private static void EmitIndexMethod(SourceWriter w, string method, List<string> table)
        {
            if (table.Count == 0) return;
            w.Line();
            w.Open($"private static int Index{method}(ref {Reader} r)");
            var fast = table.Select((name, i) => (name, i)).Where(x => !x.name.Any(char.IsSurrogate)).ToList();
            w.Open("if (!r.ValueIsEscaped)");
            w.Line("var n = r.ValueSpan;");
            w.Open("switch (n.Length)");
            foreach (var byLength in fast.GroupBy(x => System.Text.Encoding.UTF8.GetByteCount(x.name)).OrderBy(g => g.Key))
            {
                w.Open($"case {byLength.Key}:");
                foreach (var (name, i) in byLength) w.Line($"if (global::System.MemoryExtensions.SequenceEqual(n, {U8(name)})) return {i};");
                w.Line("break;");
                w.Close();
            }
            w.Close();
            if (fast.Count == table.Count) w.Line("return -1;");
            w.Close();
            w.Open($"switch ({Values}.GetString(ref r))");
            for (var i = 0; i < table.Count; i++) w.Line($"case {Str(table[i])}: return {i};");
            w.Close();
            w.Line("return -1;");
            w.Close();
        }

        /// <summary>A static field holding the allowed names a not-allowed message suggests from, one per distinct list.</summary>
        private string Names(EquatableArray<string> names)
        {
            var initializer = names.Count == 0 ? "global::System.Array.Empty<string>()" : "new[] { " + string.Join(", ", names.Select(Str)) + " }";
            var index = _nameLists.IndexOf(initializer);
            if (index < 0) { index = _nameLists.Count; _nameLists.Add(initializer); }
            return "N" + index;
        }

        private static string Short(string text) => text.Length <= 200 ? text : text.Substring(0, 197) + "...";
    }
}
