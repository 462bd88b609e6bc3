using System.Globalization;
using System.Linq;
using Kit.Generators.Model;

namespace Kit.Generators.Emitter
{
    /// <summary>Writes a schema file's validator class: the public entry points and one method per schema location.</summary>
    internal sealed class ValidatorEmitter
    {
        private readonly bool _tracksScope;
        private string _resource = "";

        private ValidatorEmitter(bool tracksScope) => _tracksScope = tracksScope;

        private const string Ctx = "global::Kit.Schema.ValidationContext";
        private const string Ev = "global::Kit.Schema.EvaluatedLocations";
        private const string Values = "global::Kit.Schema.JsonValues";
        private const string Elem = "global::System.Text.Json.JsonElement";
        private const string Kind = "global::System.Text.Json.JsonValueKind";

        public static void Emit(SourceWriter w, ContractUnitSpec unit) => new ValidatorEmitter(unit.TracksDynamicScope).EmitClass(w, unit);

        private void EmitClass(SourceWriter w, ContractUnitSpec unit)
        {
            var enterRoot = unit.TracksDynamicScope ? $"context.PushScope({Str(unit.RootResource)}); " : "";
            w.Line($"/// <summary>Validates JSON documents against <c>{CSharp.Xml(unit.FileName)}</c>. Every violation comes with its JSON pointer, keyword and message.</summary>");
            w.Open($"public static partial class {unit.ValidatorName}");
            w.Line($"/// <summary>The schema file this validator was generated from.</summary>");
            w.Line($"public const string SchemaFile = {CSharp.Literal(unit.FileName)};");
            w.Line();
            w.Line("/// <summary>Validates a parsed document and returns every violation.</summary>");
            w.Open($"public static global::Kit.Schema.ValidationResult Validate({Elem} document)");
            w.Line($"var context = {Ctx}.Rent(collectAll: true);");
            w.Line(enterRoot + "S0(document, context, null);");
            w.Line("return context.Complete();");
            w.Close();
            w.Line();
            w.Line("/// <summary>Parses UTF-8 JSON and validates it; a document that is not JSON gives one violation with keyword <c>json</c>.</summary>");
            w.Open("public static global::Kit.Schema.ValidationResult Validate(global::System.ReadOnlyMemory<byte> utf8Json)");
            w.Line("global::System.Text.Json.JsonDocument document;");
            w.Line("try { document = global::System.Text.Json.JsonDocument.Parse(utf8Json); }");
            w.Line("catch (global::System.Text.Json.JsonException e) { return global::Kit.Schema.ValidationResult.NotJson(e); }");
            w.Line("using (document) return Validate(document.RootElement);");
            w.Close();
            w.Line();
            w.Line("/// <summary>Parses JSON text and validates it.</summary>");
            w.Open("public static global::Kit.Schema.ValidationResult Validate(string json)");
            w.Line("global::System.Text.Json.JsonDocument document;");
            w.Line("try { document = global::System.Text.Json.JsonDocument.Parse(json); }");
            w.Line("catch (global::System.Text.Json.JsonException e) { return global::Kit.Schema.ValidationResult.NotJson(e); }");
            w.Line("using (document) return Validate(document.RootElement);");
            w.Close();
            w.Line();
            w.Line("/// <summary>True when the document is valid; stops at the first violation.</summary>");
            w.Open($"public static bool IsValid({Elem} document)");
            w.Line($"var context = {Ctx}.Rent(collectAll: false);");
            w.Line(enterRoot + "return context.Complete(S0(document, context, null));");
            w.Close();
            w.Line();
            w.Line("/// <summary>True when the UTF-8 JSON parses and is valid; stops at the first violation.</summary>");
            w.Open("public static bool IsValid(global::System.ReadOnlyMemory<byte> utf8Json)");
            w.Line("global::System.Text.Json.JsonDocument document;");
            w.Line("try { document = global::System.Text.Json.JsonDocument.Parse(utf8Json); }");
            w.Line("catch (global::System.Text.Json.JsonException) { return false; }");
            w.Line("using (document) return IsValid(document.RootElement);");
            w.Close();

            foreach (var literal in unit.Literals)
                w.Line($"private static readonly {Elem} {literal.FieldName} = {Values}.Literal({CSharp.Literal(literal.Json)});");
            foreach (var pattern in unit.Patterns)
                w.Line($"private static readonly global::System.Text.RegularExpressions.Regex {pattern.FieldName} = new global::System.Text.RegularExpressions.Regex({CSharp.Literal(pattern.Pattern)}, global::System.Text.RegularExpressions.RegexOptions.CultureInvariant | global::System.Text.RegularExpressions.RegexOptions.Compiled{(pattern.EcmaScript ? " | global::System.Text.RegularExpressions.RegexOptions.ECMAScript" : "")});");

            foreach (var node in unit.Nodes) EmitNode(w, node);
            w.Close();
        }

        private void EmitNode(SourceWriter w, NodeSpec node)
        {
            _resource = node.Resource;
            w.Line();
            w.Line("// " + CSharp.Xml(node.Location));
            w.Open($"internal static bool {node.MethodName}({Elem} e, {Ctx} c, {Ev}? ev)");
            if (node.Keywords.Count == 1 && node.Keywords[0].Kind == "false")
            {
                w.Line($"return c.Report(\"false\", {Str(node.Keywords[0].Location)}, \"no value is allowed by this schema\");");
                w.Close();
                return;
            }
            w.Line("var ok = true;");
            w.Line("var kind = e.ValueKind;");
            w.Line(node.TracksEvaluated ? $"var lev = new {Ev}();" : "var lev = ev;");
            var pass = ObjectPass.Plan(node, this);
            foreach (var k in node.Keywords)
            {
                if (pass != null && pass.Covers(k)) { if (k == pass.Properties) pass.Emit(w); continue; }
                EmitKeyword(w, k);
            }
            if (node.TracksEvaluated) w.Line("if (ok) ev?.MergeFrom(lev!);");
            w.Line("return ok;");
            w.Close();
            pass?.EmitIndexMethod(w, node.MethodName);
        }

        /// <summary>
        /// One pass over an object's members that serves properties, additionalProperties and required together:
        /// each member name is matched once (by UTF-8 length, then bytes) instead of a lookup per declared property.
        /// </summary>
        private sealed class ObjectPass
        {
            public KeywordSpec Properties = null!;
            private ValidatorEmitter _emitter = null!;
            private KeywordSpec? _additional;
            private KeywordSpec? _required;
            private string _method = "";

            public static ObjectPass? Plan(NodeSpec node, ValidatorEmitter emitter)
            {
                var properties = node.Keywords.FirstOrDefault(k => k.Kind == "properties");
                if (properties == null || properties.Args.Count == 0) return null;
                var additional = node.Keywords.FirstOrDefault(k => k.Kind == "additionalProperties");
                var required = node.Keywords.FirstOrDefault(k => k.Kind == "required");
                if (required != null && (properties.Args.Count > 64 || required.Args.Any(r => !properties.Args.Contains(r)))) required = null;
                return new ObjectPass { Properties = properties, _additional = additional, _required = required, _method = "Index" + node.MethodName, _emitter = emitter };
            }

            public bool Covers(KeywordSpec k) => k == Properties || k == _additional || k == _required;

            public void Emit(SourceWriter w)
            {
                var props = Properties.Args;
                w.Open($"if (kind == {Kind}.Object)");
                if (_required != null) w.Line("ulong seen = 0;");
                w.Open("foreach (var p in e.EnumerateObject())");
                w.Open("switch (" + _method + "(p))");
                for (var i = 0; i < props.Count; i++)
                {
                    w.Open($"case {i}:");
                    if (_required != null) w.Line($"seen |= {1UL << i}UL;");
                    w.Line($"{{ c.Push(p); var r = {_emitter.Call(Properties.Subschemas[i], "p.Value", "null", Properties.Location)}; c.Pop(); lev?.MarkProperty({Str(props[i])}); {Propagate} }}");
                    w.Line("break;");
                    w.Close();
                }
                if (_additional != null)
                {
                    w.Open("default:");
                    _emitter.EmitAdditionalMember(w, _additional, "break");
                    w.Line("break;");
                    w.Close();
                }
                w.Close();
                w.Close();
                if (_required != null)
                {
                    var mask = _required.Args.Aggregate(0UL, (m, r) => m | (1UL << props.ToList().IndexOf(r)));
                    w.Open($"if ((seen & {mask}UL) != {mask}UL)");
                    foreach (var r in _required.Args)
                        w.Line($"if ((seen & {1UL << props.ToList().IndexOf(r)}UL) == 0) {{ ok = false; c.ReportChild({Str(r)}, \"required\", {Str(_required.Location)}, {Str($"required property '{r}' is missing")}); if (!c.Collecting) return false; }}");
                    w.Close();
                }
                w.Close();
            }

            /// <summary>Maps a member to the index of its declared property, or -1.</summary>
            public void EmitIndexMethod(SourceWriter w, string node)
            {
                var props = Properties.Args;
                w.Line();
                w.Open($"private static int {_method}(global::System.Text.Json.JsonProperty p)");
                w.Line("var raw = global::System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(p);");
                var fast = props.Select((name, i) => (name, i)).Where(x => !x.name.Any(char.IsSurrogate)).ToList();
                w.Open("if (global::System.MemoryExtensions.IndexOf(raw, (byte)'\\\\') < 0)");
                w.Open("switch (raw.Length)");
                foreach (var byLength in fast.GroupBy(x => System.Text.Encoding.UTF8.GetByteCount(x.name)).OrderBy(g => g.Key))
                {
                    w.Open($"case {byLength.Key}:");
                    foreach (var (name, i) in byLength) w.Line($"if (global::System.MemoryExtensions.SequenceEqual(raw, {U8(name)})) return {i};");
                    w.Line("break;");
                    w.Close();
                }
                w.Close();
                if (fast.Count == props.Count) w.Line("return -1;");
                w.Close();
                for (var i = 0; i < props.Count; i++) w.Line($"if ({Values}.NameIs(p, {U8(props[i])})) return {i};");
                w.Line("return -1;");
                w.Close();
            }
        }

        private static string Fail(string keyword, string location, string message) =>
            $"{{ ok = false; c.Report({CSharp.Literal(keyword)}, {CSharp.Literal(location)}, {message}); if (!c.Collecting) return false; }}";

        private const string Propagate = "if (!r) { ok = false; if (!c.Collecting) return false; }";

        private string Call(SubschemaRef sub, string element, string ev, string location)
        {
            if (sub.IsTrue) return "true";
            if (sub.IsFalse) return $"c.Report(\"false\", {CSharp.Literal(location)}, \"no value is allowed here\")";
            var call = $"{sub.Method}({element}, c, {ev})";
            // Entering another schema resource extends the dynamic scope that $dynamicRef searches.
            return _tracksScope && sub.Resource != _resource ? $"(c.PushScope({Str(sub.Resource)}) && c.PopScope({call}))" : call;
        }

        private static string Str(string s) => CSharp.Literal(s);

        /// <summary>A UTF-8 literal, so lookups compare bytes without transcoding; a string when it cannot be one (lone surrogates).</summary>
        private static string U8(string s) => s.Any(char.IsSurrogate) ? CSharp.Literal(s) : CSharp.Literal(s) + "u8";

        private static string NumberLiteral(string raw, out bool isDecimal)
        {
            isDecimal = decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            var d = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
            if (double.IsInfinity(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture))) d = raw.StartsWith("-") ? "double.NegativeInfinity" : "double.PositiveInfinity";
            else d += "d";
            return isDecimal ? $"{raw}m, {d}" : d;
        }

        private void EmitKeyword(SourceWriter w, KeywordSpec k)
        {
            var loc = k.Location;
            switch (k.Kind)
            {
                case "$dynamicRef":
                    var candidates = string.Join(", ", k.Args.Select(Str));
                    var arms = string.Join(", ", k.Subschemas.Take(k.Args.Count).Select((sub, i) => $"{i} => {Call(sub, "e", "lev", loc)}"));
                    w.Line($"{{ var ix = c.FindOutermostScope({candidates}); var r = ix switch {{ {arms}, _ => {Call(k.Subschemas[k.Subschemas.Count - 1], "e", "lev", loc)} }}; {Propagate} }}");
                    break;

                case "$ref":
                case "allOf":
                    foreach (var sub in k.Subschemas) w.Line($"{{ var r = {Call(sub, "e", "lev", loc)}; {Propagate} }}");
                    break;

                case "type":
                    var conditions = k.Args.Select(t => t switch
                    {
                        "string" => $"kind == {Kind}.String",
                        "integer" => $"(kind == {Kind}.Number && {Values}.IsInteger(e))",
                        "number" => $"kind == {Kind}.Number",
                        "boolean" => $"kind == {Kind}.True || kind == {Kind}.False",
                        "object" => $"kind == {Kind}.Object",
                        "array" => $"kind == {Kind}.Array",
                        _ => $"kind == {Kind}.Null",
                    });
                    var expected = string.Join(" or ", k.Args);
                    w.Line($"if (!({string.Join(" || ", conditions)})) {Fail("type", loc, $"\"must be {expected}, but is \" + {Values}.KindName(e)")}");
                    break;

                case "const" when k.Extra[0].StartsWith("\"", System.StringComparison.Ordinal) && k.Extra[0].IndexOf('\\') < 0:
                    var constant = k.Extra[0].Substring(1, k.Extra[0].Length - 2);
                    w.Line($"if (!(kind == {Kind}.String && {Values}.ValueIs(e, {U8(constant)}))) {Fail("const", loc, Str("must be exactly " + Short(k.Extra[0])))}");
                    break;

                case "const":
                    w.Line($"if (!{Values}.DeepEquals(e, {k.Args[0]})) {Fail("const", loc, Str("must be exactly " + Short(k.Extra[0])))}");
                    break;

                case "enumStrings" when k.Args.Count == 0:
                case "enum" when k.Args.Count == 0:
                    w.Line($"{Fail("enum", loc, Str("no value is allowed: the enum is empty"))}");
                    break;

                case "enumStrings":
                    var tests = string.Join(" || ", k.Args.Select(v => $"{Values}.ValueIs(e, {U8(v)})"));
                    w.Line($"if (!(kind == {Kind}.String && ({tests}))) {Fail("enum", loc, $"{Values}.Describe(e) + {Str(" is not one of: " + Short(string.Join(", ", k.Args)))}")}");
                    break;

                case "enum":
                    var any = string.Join(" || ", k.Args.Select(f => $"{Values}.DeepEquals(e, {f})"));
                    w.Line($"if (!({any})) {Fail("enum", loc, $"{Values}.Describe(e) + {Str(" is not one of: " + Short(string.Join(", ", k.Extra)))}")}");
                    break;

                case "minLength":
                    w.Line($"if (kind == {Kind}.String && {Values}.IsShorterThan(e, {k.Args[0]})) {Fail(k.Kind, loc, $"\"must be at least {k.Args[0]} characters long, but has \" + {Values}.CodePointLength(e)")}");
                    break;
                case "maxLength":
                    w.Line($"if (kind == {Kind}.String && {Values}.IsLongerThan(e, {k.Args[0]})) {Fail(k.Kind, loc, $"\"must be at most {k.Args[0]} characters long, but has \" + {Values}.CodePointLength(e)")}");
                    break;
                case "minItems":
                    w.Line($"if (kind == {Kind}.Array && e.GetArrayLength() < {k.Args[0]}) {Fail(k.Kind, loc, $"\"must have at least {k.Args[0]} items, but has \" + e.GetArrayLength()")}");
                    break;
                case "maxItems":
                    w.Line($"if (kind == {Kind}.Array && e.GetArrayLength() > {k.Args[0]}) {Fail(k.Kind, loc, $"\"must have at most {k.Args[0]} items, but has \" + e.GetArrayLength()")}");
                    break;
                case "minProperties":
                    w.Line($"if (kind == {Kind}.Object && e.GetPropertyCount() < {k.Args[0]}) {Fail(k.Kind, loc, $"\"must have at least {k.Args[0]} properties, but has \" + e.GetPropertyCount()")}");
                    break;
                case "maxProperties":
                    w.Line($"if (kind == {Kind}.Object && e.GetPropertyCount() > {k.Args[0]}) {Fail(k.Kind, loc, $"\"must have at most {k.Args[0]} properties, but has \" + e.GetPropertyCount()")}");
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
                    w.Line($"if (kind == {Kind}.Number && {Values}.Compare(e, {NumberLiteral(k.Args[0], out _)}) {op}) {Fail(k.Kind, loc, $"\"must be {words} {k.Args[0]}, but is \" + e.GetRawText()")}");
                    break;

                case "multipleOf":
                    w.Line($"if (kind == {Kind}.Number && !{Values}.IsMultipleOf(e, {NumberLiteral(k.Args[0], out _)})) {Fail(k.Kind, loc, $"\"must be a multiple of {k.Args[0]}, but is \" + e.GetRawText()")}");
                    break;

                case "pattern":
                    w.Line($"if (kind == {Kind}.String && !{Values}.MatchString(e, {k.Args[0]})) {Fail(k.Kind, loc, $"{Values}.Describe(e) + {Str(" does not match the pattern " + k.Extra[0])}")}");
                    break;

                case "format":
                    var check = k.Args[0] switch { "date-time" => "IsDateTime", "date" => "IsDate", "email" => "IsEmail", "uri" => "IsUri", "uuid" => "IsUuid", "ipv4" => "IsIPv4", _ => "IsIPv6" };
                    w.Line($"if (!global::Kit.Schema.SchemaFormats.{check}(e)) {Fail(k.Kind, loc, $"{Values}.Describe(e) + {Str(" is not a valid " + k.Args[0])}")}");
                    break;

                case "required":
                    w.Open($"if (kind == {Kind}.Object)");
                    foreach (var name in k.Args)
                        w.Line($"if (!{Values}.TryGetProperty(e, {U8(name)}, out _)) {{ ok = false; c.ReportChild({Str(name)}, \"required\", {Str(loc)}, {Str($"required property '{name}' is missing")}); if (!c.Collecting) return false; }}");
                    w.Close();
                    break;

                case "dependentRequired":
                    w.Open($"if (kind == {Kind}.Object && {Values}.TryGetProperty(e, {U8(k.Args[0])}, out _))");
                    foreach (var name in k.Extra)
                        w.Line($"if (!{Values}.TryGetProperty(e, {U8(name)}, out _)) {{ ok = false; c.ReportChild({Str(name)}, \"dependentRequired\", {Str(loc)}, {Str($"property '{name}' is required when '{k.Args[0]}' is present")}); if (!c.Collecting) return false; }}");
                    w.Close();
                    break;

                case "uniqueItems":
                    w.Line($"if (kind == {Kind}.Array && !{Values}.AllDistinct(e)) {Fail(k.Kind, loc, Str("items must be unique, but some are equal"))}");
                    break;

                case "properties":
                    w.Open($"if (kind == {Kind}.Object)");
                    for (var i = 0; i < k.Args.Count; i++)
                        w.Line($"if ({Values}.TryGetProperty(e, {U8(k.Args[i])}, out var p{i})) {{ c.Push({Str(k.Args[i])}); var r = {Call(k.Subschemas[i], "p" + i, "null", loc)}; c.Pop(); lev?.MarkProperty({Str(k.Args[i])}); {Propagate} }}");
                    w.Close();
                    break;

                case "patternProperties":
                    w.Open($"if (kind == {Kind}.Object) foreach (var p in e.EnumerateObject())");
                    w.Line("var n = global::Kit.Schema.JsonValues.NameOf(p);");
                    for (var i = 0; i < k.Args.Count; i++)
                        w.Line($"if ({k.Extra[i]}.IsMatch(n)) {{ c.Push(p); var r = {Call(k.Subschemas[i], "p.Value", "null", loc)}; c.Pop(); lev?.MarkProperty(n); {Propagate} }}");
                    w.Close();
                    break;

                case "additionalProperties":
                    w.Open($"if (kind == {Kind}.Object) foreach (var p in e.EnumerateObject())");
                    if (k.Args.Count > 0) w.Line($"if ({string.Join(" || ", k.Args.Select(n => $"{Values}.NameIs(p, {U8(n)})"))}) continue;");
                    EmitAdditionalMember(w, k, "continue");
                    w.Close();
                    break;

                case "unevaluatedProperties":
                    w.Open($"if (kind == {Kind}.Object)");
                    w.Open("foreach (var p in e.EnumerateObject())");
                    w.Line("if (lev!.IsPropertyEvaluated(global::Kit.Schema.JsonValues.NameOf(p))) continue;");
                    w.Line("c.Push(p);");
                    w.Line(k.Subschemas[0].IsFalse
                        ? $"var r = c.Report(\"unevaluatedProperties\", {Str(loc)}, {Values}.NotAllowedMessage(global::Kit.Schema.JsonValues.NameOf(p), {Names(k.Args)}));"
                        : $"var r = {Call(k.Subschemas[0], "p.Value", "null", loc)};");
                    w.Line("c.Pop();");
                    w.Line(Propagate);
                    w.Close();
                    w.Line("lev!.MarkAllProperties();");
                    w.Close();
                    break;

                case "items":
                    w.Open($"if (kind == {Kind}.Array)");
                    w.Line("var i = 0;");
                    w.Line($"foreach (var item in e.EnumerateArray()) {{ if (i >= {k.Args[0]}) {{ c.Push(i); var r = {Call(k.Subschemas[0], "item", "null", loc)}; c.Pop(); {Propagate} }} i++; }}");
                    w.Line($"if (i > {k.Args[0]}) lev?.MarkAllItems();");
                    w.Close();
                    break;

                case "prefixItems":
                    w.Open($"if (kind == {Kind}.Array)");
                    w.Line("var i = 0;");
                    w.Open("foreach (var item in e.EnumerateArray())");
                    w.Line($"if (i >= {k.Subschemas.Count}) break;");
                    w.Line("c.Push(i);");
                    w.Line($"var r = i switch {{ {string.Join(", ", k.Subschemas.Select((s, i) => $"{i} => {Call(s, "item", "null", loc)}"))}, _ => true }};");
                    w.Line("c.Pop();");
                    w.Line(Propagate);
                    w.Line("i++;");
                    w.Close();
                    w.Line("lev?.MarkItemPrefix(i);");
                    w.Close();
                    break;

                case "contains":
                    w.Open($"if (kind == {Kind}.Array)");
                    w.Line("var matches = 0;");
                    w.Line("var i = 0;");
                    w.Line($"foreach (var item in e.EnumerateArray()) {{ c.EnterQuiet(); var r = {Call(k.Subschemas[0], "item", "null", loc)}; c.ExitQuiet(); if (r) {{ matches++; lev?.MarkItem(i); }} i++; }}");
                    if (k.Args[0] != "0")
                        w.Line($"if (matches < {k.Args[0]}) {Fail(k.Args[0] == "1" ? "contains" : "minContains", loc, $"\"must contain at least {k.Args[0]} item(s) matching contains, but has \" + matches")}");
                    if (k.Args[1].Length > 0)
                        w.Line($"if (matches > {k.Args[1]}) {Fail("maxContains", loc, $"\"must contain at most {k.Args[1]} item(s) matching contains, but has \" + matches")}");
                    w.Close();
                    break;

                case "unevaluatedItems":
                    w.Open($"if (kind == {Kind}.Array)");
                    w.Line("var i = 0;");
                    w.Open("foreach (var item in e.EnumerateArray())");
                    w.Open("if (!lev!.IsItemEvaluated(i))");
                    w.Line("c.Push(i);");
                    w.Line(k.Subschemas[0].IsFalse
                        ? $"var r = c.Report(\"unevaluatedItems\", {Str(loc)}, \"this item is not allowed here (unevaluatedItems)\");"
                        : $"var r = {Call(k.Subschemas[0], "item", "null", loc)};");
                    w.Line("c.Pop();");
                    w.Line(Propagate);
                    w.Close();
                    w.Line("i++;");
                    w.Close();
                    w.Line("lev!.MarkAllItems();");
                    w.Close();
                    break;

                case "propertyNames":
                    w.Line($"if (kind == {Kind}.Object) foreach (var p in e.EnumerateObject()) {{ c.Push(p); var r = {Call(k.Subschemas[0], $"{Values}.NameAsElement(global::Kit.Schema.JsonValues.NameOf(p))", "null", loc)}; c.Pop(); {Propagate} }}");
                    break;

                case "dependentSchemas":
                    w.Open($"if (kind == {Kind}.Object)");
                    for (var i = 0; i < k.Args.Count; i++)
                        w.Line($"if ({Values}.TryGetProperty(e, {U8(k.Args[i])}, out _)) {{ var r = {Call(k.Subschemas[i], "e", "lev", loc)}; {Propagate} }}");
                    w.Close();
                    break;

                case "anyOf":
                    w.Open("");
                    w.Line("var any = false;");
                    foreach (var sub in k.Subschemas)
                        w.Line($"if (!any || lev != null) {{ var bev = lev == null ? null : new {Ev}(); c.EnterQuiet(); var r = {Call(sub, "e", "bev", loc)}; c.ExitQuiet(); if (r) {{ any = true; if (bev != null) lev!.MergeFrom(bev); }} }}");
                    w.Line($"if (!any) {Fail("anyOf", loc, Str($"matches none of the {k.Subschemas.Count} alternatives in anyOf"))}");
                    w.Close();
                    break;

                case "oneOf":
                    w.Open("");
                    w.Line("var matched = 0;");
                    w.Line($"{Ev}? chosen = null;");
                    foreach (var sub in k.Subschemas)
                        w.Line($"{{ var bev = lev == null ? null : new {Ev}(); c.EnterQuiet(); var r = {Call(sub, "e", "bev", loc)}; c.ExitQuiet(); if (r) {{ matched++; chosen = bev; }} }}");
                    w.Line($"if (matched != 1) {Fail("oneOf", loc, $"(matched == 0 ? {Str($"matches none of the {k.Subschemas.Count} alternatives in oneOf")} : \"matches \" + matched + \" alternatives in oneOf; exactly one must match\")")}");
                    w.Line("else if (chosen != null) lev!.MergeFrom(chosen);");
                    w.Close();
                    break;

                case "not":
                    w.Line($"{{ c.EnterQuiet(); var r = {Call(k.Subschemas[0], "e", "null", loc)}; c.ExitQuiet(); if (r) {Fail("not", loc, Str("must not match the schema in not"))} }}");
                    break;

                case "if":
                    w.Open("");
                    w.Line($"var bev = lev == null ? null : new {Ev}();");
                    w.Line($"c.EnterQuiet(); var matchesIf = {Call(k.Subschemas[0], "e", "bev", loc)}; c.ExitQuiet();");
                    w.Open("if (matchesIf)");
                    w.Line("if (bev != null) lev!.MergeFrom(bev);");
                    if (!k.Subschemas[1].IsTrue) w.Line($"var r = {Call(k.Subschemas[1], "e", "lev", loc)}; {Propagate}");
                    w.Close();
                    if (!k.Subschemas[2].IsTrue)
                    {
                        w.Open("else");
                        w.Line($"var r = {Call(k.Subschemas[2], "e", "lev", loc)}; {Propagate}");
                        w.Close();
                    }
                    w.Close();
                    break;

            }
        }

        /// <summary>
        /// additionalProperties for one member that no declared property matched: skip it when a patternProperties
        /// pattern matches (with <paramref name="skip"/>), otherwise apply the schema, or report it by name when false.
        /// </summary>
        private void EmitAdditionalMember(SourceWriter w, KeywordSpec a, string skip)
        {
            if (a.Extra.Count > 0) w.Line($"{{ var n = global::Kit.Schema.JsonValues.NameOf(p); if ({string.Join(" || ", a.Extra.Select(f => $"{f}.IsMatch(n)"))}) {skip}; }}");
            w.Line("c.Push(p);");
            w.Line(a.Subschemas[0].IsFalse
                ? $"var ra = c.Report(\"additionalProperties\", {Str(a.Location)}, {Values}.NotAllowedMessage(global::Kit.Schema.JsonValues.NameOf(p), {Names(a.Args)}));"
                : $"var ra = {Call(a.Subschemas[0], "p.Value", "null", a.Location)};");
            w.Line("c.Pop();");
            w.Line("lev?.MarkProperty(global::Kit.Schema.JsonValues.NameOf(p));");
            w.Line("if (!ra) { ok = false; if (!c.Collecting) return false; }");
        }

        private static string Names(EquatableArray<string> names) =>
            names.Count == 0 ? "global::System.Array.Empty<string>()" : "new[] { " + string.Join(", ", names.Select(Str)) + " }";

        private static string Short(string text) => text.Length <= 200 ? text : text.Substring(0, 197) + "...";
    }
}
