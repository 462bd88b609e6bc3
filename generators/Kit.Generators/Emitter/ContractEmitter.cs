using System.Linq;
using Kit.Generators.Model;

namespace Kit.Generators.Emitter
{
    /// <summary>Writes records, string enums and their System.Text.Json converters.</summary>
    internal static class ContractEmitter
    {
        private const string Reader = "global::System.Text.Json.Utf8JsonReader";
        private const string Writer = "global::System.Text.Json.Utf8JsonWriter";
        private const string Options = "global::System.Text.Json.JsonSerializerOptions";
        private const string Token = "global::System.Text.Json.JsonTokenType";
        private const string JsonException = "global::System.Text.Json.JsonException";

        public static void Emit(SourceWriter w, TypeSpec type)
        {
            if (type.IsEnum) EmitEnum(w, type);
            else EmitRecord(w, type);
        }

        private static void EmitRecord(SourceWriter w, TypeSpec type)
        {
            CSharp.Summary(w, type.Doc);
            w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({type.Name}JsonConverter))]");
            w.Open($"public sealed partial record {type.Name}");
            foreach (var p in type.Properties)
            {
                CSharp.Summary(w, p.Doc);
                w.Line($"/// <remarks>JSON property <c>{CSharp.Xml(p.WireName)}</c>{(p.Required ? ", required" : ", optional")}.</remarks>");
                w.Line($"public {(p.Required ? "required " : "")}{p.Type.CSharpNullable} {p.MemberName} {{ get; init; }}");
            }
            w.Close();
            w.Line();

            w.Line($"/// <summary>Reads and writes <see cref=\"{type.Name}\"/> with the exact wire names of its schema.</summary>");
            w.Open($"public sealed class {type.Name}JsonConverter : global::System.Text.Json.Serialization.JsonConverter<{type.Name}>");
            w.Line($"public static readonly {type.Name}JsonConverter Instance = new();");
            w.Line();
            w.Open($"public override {type.Name} Read(ref {Reader} reader, global::System.Type typeToConvert, {Options} options)");
            w.Line($"if (reader.TokenType != {Token}.StartObject) throw new {JsonException}({CSharp.Literal($"Expected a JSON object for {type.Name}.")});");
            var props = type.Properties;
            for (var i = 0; i < props.Count; i++)
            {
                w.Line($"{Local(props[i].Type)} v{i} = default;");
                if (props[i].Required) w.Line($"var has{i} = false;");
            }
            w.Open("while (reader.Read())");
            w.Line($"if (reader.TokenType == {Token}.EndObject) break;");
            w.Line($"if (reader.TokenType != {Token}.PropertyName) throw new {JsonException}(\"Expected a property name.\");");
            for (var i = 0; i < props.Count; i++)
            {
                w.Open($"{(i == 0 ? "" : "else ")}if (reader.ValueTextEquals({CSharp.Literal(props[i].WireName)}))");
                w.Line("reader.Read();");
                EmitRead(w, props[i].Type, $"v{i}", 0);
                if (props[i].Required) w.Line($"has{i} = true;");
                w.Close();
            }
            if (props.Count > 0) w.Line("else { reader.Read(); reader.Skip(); }");
            else w.Line("reader.Read(); reader.Skip();");
            w.Close();
            for (var i = 0; i < props.Count; i++)
                if (props[i].Required)
                    w.Line($"if (!has{i}) throw new {JsonException}({CSharp.Literal($"{type.Name}: required property '{props[i].WireName}' is missing.")});");
            var init = string.Join(", ", props.Select((p, i) => $"{p.MemberName} = v{i}{(!p.Type.Nullable && !p.Type.IsValueType ? "!" : "")}"));
            w.Line($"return new {type.Name} {{ {init} }};");
            w.Close();
            w.Line();
            w.Open($"public override void Write({Writer} writer, {type.Name} value, {Options} options)");
            w.Line("writer.WriteStartObject();");
            foreach (var p in props)
            {
                if (p.Type.Nullable && !p.Required)
                {
                    w.Open($"if (value.{p.MemberName} is not null)");
                    w.Line($"writer.WritePropertyName({CSharp.Literal(p.WireName)});");
                    EmitWrite(w, p.Type, $"value.{p.MemberName}", 0);
                    w.Close();
                }
                else
                {
                    w.Line($"writer.WritePropertyName({CSharp.Literal(p.WireName)});");
                    EmitWrite(w, p.Type, $"value.{p.MemberName}", 0);
                }
            }
            w.Line("writer.WriteEndObject();");
            w.Close();
            w.Close();
            w.Line();
        }

        /// <summary>The type of a local that holds a value while reading: reference types may be null until assigned.</summary>
        private static string Local(TypeRefSpec t) => t.IsValueType ? t.CSharpNullable : t.CSharp + "?";

        /// <summary>Reads the value under the reader into <paramref name="target"/>.</summary>
        private static void EmitRead(SourceWriter w, TypeRefSpec t, string target, int depth)
        {
            if (t.Nullable)
            {
                w.Line($"if (reader.TokenType == {Token}.Null) {target} = null;");
                w.Open("else");
            }
            switch (t.Kind)
            {
                case TypeKind.String:
                    w.Line($"{target} = reader.TokenType == {Token}.String ? global::Kit.Schema.JsonValues.ReadString(ref reader) : throw new {JsonException}(\"Expected a JSON string.\");");
                    break;
                case TypeKind.Int64:
                    w.Line($"{target} = reader.GetInt64();");
                    break;
                case TypeKind.Double:
                    w.Line($"{target} = reader.GetDouble();");
                    break;
                case TypeKind.Boolean:
                    w.Line($"{target} = reader.GetBoolean();");
                    break;
                case TypeKind.Element:
                    w.Line($"{target} = global::System.Text.Json.JsonElement.ParseValue(ref reader);");
                    break;
                case TypeKind.Named:
                    w.Line($"{target} = {t.Name}JsonConverter.Instance.Read(ref reader, typeof({t.Name}), options);");
                    break;
                case TypeKind.List:
                    var list = $"list{depth}";
                    var item = $"item{depth}";
                    w.Line($"if (reader.TokenType != {Token}.StartArray) throw new {JsonException}(\"Expected a JSON array.\");");
                    w.Line($"var {list} = new global::System.Collections.Generic.List<{t.Item!.CSharpNullable}>();");
                    w.Open($"while (reader.Read() && reader.TokenType != {Token}.EndArray)");
                    w.Line($"{Local(t.Item)} {item} = default;");
                    EmitRead(w, t.Item, item, depth + 1);
                    w.Line($"{list}.Add({item}{(!t.Item.Nullable && !t.Item.IsValueType ? "!" : "")});");
                    w.Close();
                    w.Line($"{target} = {list};");
                    break;
                case TypeKind.Map:
                    var map = $"map{depth}";
                    var key = $"key{depth}";
                    var value = $"value{depth}";
                    w.Line($"if (reader.TokenType != {Token}.StartObject) throw new {JsonException}(\"Expected a JSON object.\");");
                    w.Line($"var {map} = new global::System.Collections.Generic.Dictionary<string, {t.Item!.CSharpNullable}>();");
                    w.Open($"while (reader.Read() && reader.TokenType != {Token}.EndObject)");
                    w.Line($"var {key} = global::Kit.Schema.JsonValues.ReadString(ref reader);");
                    w.Line("reader.Read();");
                    w.Line($"{Local(t.Item)} {value} = default;");
                    EmitRead(w, t.Item, value, depth + 1);
                    w.Line($"{map}[{key}] = {value}{(!t.Item.Nullable && !t.Item.IsValueType ? "!" : "")};");
                    w.Close();
                    w.Line($"{target} = {map};");
                    break;
            }
            if (t.Nullable) w.Close();
        }

        private static void EmitWrite(SourceWriter w, TypeRefSpec t, string value, int depth)
        {
            var v = t.Nullable && t.IsValueType ? value + ".Value" : value;
            if (t.Nullable)
            {
                w.Line($"if ({value} is null) writer.WriteNullValue();");
                w.Open("else");
            }
            switch (t.Kind)
            {
                case TypeKind.String: w.Line($"writer.WriteStringValue({v});"); break;
                case TypeKind.Int64:
                case TypeKind.Double: w.Line($"writer.WriteNumberValue({v});"); break;
                case TypeKind.Boolean: w.Line($"writer.WriteBooleanValue({v});"); break;
                case TypeKind.Element: w.Line($"{v}.WriteTo(writer);"); break;
                case TypeKind.Named: w.Line($"{t.Name}JsonConverter.Instance.Write(writer, {v}, options);"); break;
                case TypeKind.List:
                    w.Line("writer.WriteStartArray();");
                    w.Open($"foreach (var item{depth} in {v})");
                    EmitWrite(w, t.Item!, $"item{depth}", depth + 1);
                    w.Close();
                    w.Line("writer.WriteEndArray();");
                    break;
                case TypeKind.Map:
                    w.Line("writer.WriteStartObject();");
                    w.Open($"foreach (var entry{depth} in {v})");
                    w.Line($"writer.WritePropertyName(entry{depth}.Key);");
                    EmitWrite(w, t.Item!, $"entry{depth}.Value", depth + 1);
                    w.Close();
                    w.Line("writer.WriteEndObject();");
                    break;
            }
            if (t.Nullable) w.Close();
        }

        private static void EmitEnum(SourceWriter w, TypeSpec type)
        {
            CSharp.Summary(w, type.Doc);
            w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({type.Name}JsonConverter))]");
            w.Open($"public enum {type.Name}");
            foreach (var m in type.Members)
            {
                w.Line($"/// <summary>Wire value <c>{CSharp.Xml(m.WireValue)}</c>.</summary>");
                w.Line($"{m.MemberName},");
            }
            w.Close();
            w.Line();
            w.Line($"/// <summary>Converts <see cref=\"{type.Name}\"/> to and from its exact wire values.</summary>");
            w.Open($"public static class {type.Name}Wire");
            w.Line($"/// <summary>The wire value of a member.</summary>");
            w.Open($"public static string ToWireValue(this {type.Name} value) => value switch");
            foreach (var m in type.Members) w.Line($"{type.Name}.{m.MemberName} => {CSharp.Literal(m.WireValue)},");
            w.Line($"_ => throw new global::System.ArgumentOutOfRangeException(nameof(value), value, {CSharp.Literal($"not a member of {type.Name}")}),");
            w.Close(";");
            w.Line($"/// <summary>Finds the member with this exact (case-sensitive) wire value.</summary>");
            w.Open($"public static bool TryParse(string wireValue, out {type.Name} value)");
            w.Open("switch (wireValue)");
            foreach (var m in type.Members) w.Line($"case {CSharp.Literal(m.WireValue)}: value = {type.Name}.{m.MemberName}; return true;");
            w.Line("default: value = default; return false;");
            w.Close();
            w.Close();
            w.Close();
            w.Line();
            w.Line($"/// <summary>Reads and writes <see cref=\"{type.Name}\"/> as its exact wire string.</summary>");
            w.Open($"public sealed class {type.Name}JsonConverter : global::System.Text.Json.Serialization.JsonConverter<{type.Name}>");
            w.Line($"public static readonly {type.Name}JsonConverter Instance = new();");
            w.Line();
            w.Open($"public override {type.Name} Read(ref {Reader} reader, global::System.Type typeToConvert, {Options} options)");
            w.Line($"if (reader.TokenType != {Token}.String) throw new {JsonException}({CSharp.Literal($"Expected a JSON string for {type.Name}.")});");
            foreach (var m in type.Members)
                w.Line($"if (reader.ValueTextEquals({CSharp.Literal(m.WireValue)})) return {type.Name}.{m.MemberName};");
            w.Line($"throw new {JsonException}(\"'\" + global::Kit.Schema.JsonValues.ReadString(ref reader) + {CSharp.Literal($"' is not a value of {type.Name}; expected one of: {string.Join(", ", type.Members.Select(m => m.WireValue))}.")});");
            w.Close();
            w.Line();
            w.Line($"public override void Write({Writer} writer, {type.Name} value, {Options} options) => writer.WriteStringValue(value.ToWireValue());");
            w.Close();
            w.Line();
        }
    }
}
