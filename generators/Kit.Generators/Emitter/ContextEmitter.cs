using Kit.Generators.Model;

namespace Kit.Generators.Emitter
{
    /// <summary>
    /// Writes a JsonSerializerContext over every generated type. Its metadata comes from the generated converters,
    /// so serialization needs no reflection and works with trimming and native AOT.
    /// </summary>
    internal static class ContextEmitter
    {
        public static void Emit(SourceWriter w, SerializerContextSpec spec)
        {
            const string Options = "global::System.Text.Json.JsonSerializerOptions";
            const string Metadata = "global::System.Text.Json.Serialization.Metadata";
            w.Line("/// <summary>System.Text.Json metadata for every type generated from this project's schemas.</summary>");
            w.Open($"public sealed partial class {spec.Name} : global::System.Text.Json.Serialization.JsonSerializerContext, {Metadata}.IJsonTypeInfoResolver");
            // Minimal escaping (KitSchemaJsonEscaping): strings are written as themselves but for what JSON requires.
            var options = spec.Escaping == JsonEscaping.Minimal
                ? $"new {Options} {{ Encoder = global::Kit.Schema.MinimalJsonEncoder.Instance }}"
                : $"new {Options}()";
            w.Line(spec.Escaping == JsonEscaping.Minimal
                ? "/// <summary>A context whose strings escape only what JSON requires (quotation mark, backslash, control characters).</summary>"
                : "/// <summary>A context with default options.</summary>");
            w.Line($"public static {spec.Name} Default {{ get; }} = new {spec.Name}({options});");
            w.Line();
            w.Line($"public {spec.Name}() : this({options}) {{ }}");
            w.Line();
            w.Line($"public {spec.Name}({Options} options) : base(options) {{ }}");
            w.Line();
            w.Line($"protected override {Options}? GeneratedSerializerOptions => null;");
            foreach (var e in spec.Entries)
            {
                w.Line();
                w.Line($"private {Metadata}.JsonTypeInfo<{e.FullName}>? _{e.PropertyName};");
                w.Line($"/// <summary>Metadata for <see cref=\"{e.FullName}\"/>.</summary>");
                w.Line($"public {Metadata}.JsonTypeInfo<{e.FullName}> {e.PropertyName} => _{e.PropertyName} ??= Create_{e.PropertyName}(Options);");
                w.Line($"private static {Metadata}.JsonTypeInfo<{e.FullName}> Create_{e.PropertyName}({Options} options) => {Metadata}.JsonMetadataServices.CreateValueInfo<{e.FullName}>(options, new {e.ConverterFullName}());");
            }
            w.Line();
            w.Open($"public override {Metadata}.JsonTypeInfo? GetTypeInfo(global::System.Type type)");
            foreach (var e in spec.Entries) w.Line($"if (type == typeof({e.FullName})) return {e.PropertyName};");
            w.Line("return null;");
            w.Close();
            w.Line();
            w.Open($"{Metadata}.JsonTypeInfo? {Metadata}.IJsonTypeInfoResolver.GetTypeInfo(global::System.Type type, {Options} options)");
            foreach (var e in spec.Entries) w.Line($"if (type == typeof({e.FullName})) return Create_{e.PropertyName}(options);");
            w.Line("return null;");
            w.Close();
            w.Close();
        }
    }
}
