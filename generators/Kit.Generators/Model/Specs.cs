using Microsoft.CodeAnalysis.Text;

namespace Kit.Generators.Model
{
    /// <summary>One AdditionalFile with the options that apply to it.</summary>
    /// <remarks><see cref="NullAsAbsent"/>: the file's own KitNullAsAbsent metadata, or null to follow the project's KitSchemaNullAsAbsent.</remarks>
    public sealed record SchemaFileInput(string Path, string Text, string Namespace, string? BaseUri, bool AssertFormat, bool? NullAsAbsent = null);

    /// <summary>A schema file after its JSON was checked; <see cref="IsJson"/> false when it could not be parsed.</summary>
    public sealed record SchemaDocumentSpec(SchemaFileInput Input, bool IsJson, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>Where a diagnostic points: a file and a span in it.</summary>
    public sealed record LocationInfo(string Path, int Start, int Length, int Line, int Column)
    {
        public Microsoft.CodeAnalysis.Location ToLocation() =>
            Microsoft.CodeAnalysis.Location.Create(Path, new TextSpan(Start, Length),
                new LinePositionSpan(new LinePosition(Line, Column), new LinePosition(Line, Column + Length)));
    }

    /// <summary>A diagnostic kept as plain data so it can flow through cached pipeline steps.</summary>
    public sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments);

    /// <summary>
    /// One keyword check of a compiled schema node. <see cref="Kind"/> says which; <see cref="Args"/> and
    /// <see cref="Extra"/> hold its literal operands, <see cref="Subschemas"/> the validator methods it applies.
    /// </summary>
    public sealed record KeywordSpec(string Kind, string Location, EquatableArray<string> Args, EquatableArray<string> Extra, EquatableArray<SubschemaRef> Subschemas);

    /// <summary>A call target: a validator method, or the constant schemas true and false.</summary>
    /// <remarks><see cref="Resource"/> is the schema resource (base URI) the target belongs to, for $dynamicRef scopes.</remarks>
    public sealed record SubschemaRef(string Method, string Resource = "")
    {
        public static readonly SubschemaRef True = new SubschemaRef("true");
        public static readonly SubschemaRef False = new SubschemaRef("false");
        public bool IsTrue => Method == "true";
        public bool IsFalse => Method == "false";
    }

    /// <summary>A schema location compiled to one validator method.</summary>
    /// <remarks>
    /// <see cref="TracksEvaluated"/>: the node uses unevaluatedProperties or unevaluatedItems.
    /// <see cref="CollectsAnnotations"/>: it may be asked what it evaluated (it tracks, or a tracking node applies it in place).
    /// <see cref="NullAsAbsent"/>: in an object, a member whose value is null counts as absent unless a subschema this
    /// node gives the member accepts null (the KitSchemaNullAsAbsent option).
    /// </remarks>
    public sealed record NodeSpec(string MethodName, string Location, bool TracksEvaluated, EquatableArray<KeywordSpec> Keywords, string Resource = "", bool CollectsAnnotations = false, bool NullAsAbsent = false);

    public enum TypeKind { String, Int64, Double, Boolean, Element, Named, List, Map }

    /// <summary>The C# type of a property: a primitive, a generated type, or a list or map of another.</summary>
    public sealed record TypeRefSpec(TypeKind Kind, bool Nullable, string? Name, TypeRefSpec? Item)
    {
        public bool IsValueType => Kind is TypeKind.Int64 or TypeKind.Double or TypeKind.Boolean or TypeKind.Element
            || (Kind == TypeKind.Named && IsEnum);
        public bool IsEnum { get; init; }

        public string CSharp => Kind switch
        {
            TypeKind.String => "string",
            TypeKind.Int64 => "long",
            TypeKind.Double => "double",
            TypeKind.Boolean => "bool",
            TypeKind.Element => "global::System.Text.Json.JsonElement",
            TypeKind.List => $"global::System.Collections.Generic.IReadOnlyList<{Item!.CSharpNullable}>",
            TypeKind.Map => $"global::System.Collections.Generic.IReadOnlyDictionary<string, {Item!.CSharpNullable}>",
            _ => Name!,
        };

        public string CSharpNullable => Nullable ? CSharp + "?" : CSharp;
    }

    public sealed record PropertySpec(string WireName, string MemberName, TypeRefSpec Type, bool Required, string? Doc);

    public sealed record EnumMemberSpec(string WireValue, string MemberName);

    /// <summary>A generated record (with properties) or string enum (with members).</summary>
    public sealed record TypeSpec(string Name, string FullName, string? Doc, bool IsEnum, EquatableArray<PropertySpec> Properties, EquatableArray<EnumMemberSpec> Members);

    /// <summary>Everything generated for one schema file: its types and its validator class.</summary>
    /// <remarks><see cref="TracksDynamicScope"/>: the schema set uses $dynamicRef, so validators keep the stack of schema resources entered.</remarks>
    public sealed record ContractUnitSpec(string HintName, string Namespace, string ValidatorName, string FileName, EquatableArray<TypeSpec> Types, EquatableArray<NodeSpec> Nodes, EquatableArray<LiteralSpec> Literals, EquatableArray<PatternSpec> Patterns, bool TracksDynamicScope = false, string RootResource = "");

    /// <summary>A JSON value (enum or const operand) kept as text and parsed once into a static field.</summary>
    public sealed record LiteralSpec(string FieldName, string Json);

    /// <summary>An ECMA-262 pattern (translated to .NET syntax) compiled once into a static SchemaPattern field.</summary>
    public sealed record PatternSpec(string FieldName, string Pattern, bool EcmaScript);

    /// <summary>The serializer context: every generated type, by the property name it gets on the context.</summary>
    public sealed record SerializerContextSpec(string Namespace, string Name, EquatableArray<ContextEntrySpec> Entries, JsonEscaping Escaping = JsonEscaping.Default);

    /// <summary>How the generated serializer context escapes strings.</summary>
    public enum JsonEscaping
    {
        /// <summary>System.Text.Json's default: HTML-sensitive and non-ASCII characters as \uXXXX.</summary>
        Default,
        /// <summary>Only what JSON requires (quotation mark, backslash, control characters); everything else as itself.</summary>
        Minimal,
    }


    public sealed record ContextEntrySpec(string PropertyName, string FullName, string ConverterFullName);

    /// <summary>The result of compiling all schema files together ($ref may cross files).</summary>
    public sealed record CompiledSchemaSetSpec(EquatableArray<ContractUnitSpec> Units, SerializerContextSpec? Context, EquatableArray<DiagnosticInfo> Diagnostics);
}
