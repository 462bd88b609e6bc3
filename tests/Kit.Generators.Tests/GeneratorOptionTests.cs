using System.Reflection;
using System.Text.Json;
using Kit.Schema;
using Xunit;

namespace Kit.Generators.Tests;

/// <summary>
/// The project options that change what is generated: KitSchemaNullAsAbsent (a JSON null for a member the schema
/// does not otherwise allow counts as absent, in validators and records alike) and KitSchemaJsonEscaping.
/// </summary>
public sealed class GeneratorOptionTests
{
    // An order as an official SDK that writes every unset member as null sends it: closed objects, a $ref'd type, an
    // exactly-one-of display mode decided in the object's own pass, an anyOf of required lists, and a member that
    // allows null on purpose.
    private const string Order = """
        { "type": "object", "additionalProperties": false,
          "properties": {
            "id": { "type": "string", "minLength": 1 },
            "note": { "type": "string" },
            "tags": { "type": "array", "items": { "type": "string" } },
            "status": { "enum": ["OPEN", "PAID"] },
            "amount": { "$ref": "amount.schema.json" },
            "mode": { "$ref": "#/$defs/mode" },
            "cleared": { "type": ["string", "null"] },
            "refs": { "type": "object", "properties": { "a": { "type": "string" }, "b": { "type": "string" } },
                      "anyOf": [{ "required": ["a"] }, { "required": ["b"] }] }
          },
          "required": ["id", "amount"],
          "minProperties": 2, "maxProperties": 3,
          "$defs": { "mode": { "type": "object", "additionalProperties": false,
                     "properties": { "bank": { "type": "string" }, "region": { "type": "string" } },
                     "oneOf": [{ "required": ["bank"] }, { "required": ["region"] }] } } }
        """;

    private const string Amount = """{ "type": "object", "properties": { "value": { "type": "string" }, "currency": { "type": "string" } }, "required": ["value"] }""";

    private static readonly Dictionary<string, string> NullAsAbsent = new() { ["KitSchemaNullAsAbsent"] = "true" };

    private static Assembly Build(IReadOnlyDictionary<string, string>? properties, bool? fileOption = null)
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(
            [new SchemaFile("/s/order.schema.json", Order, NullAsAbsent: fileOption), new SchemaFile("/s/amount.schema.json", Amount, NullAsAbsent: fileOption)],
            properties: properties);
        Assert.Empty(diagnostics);
        var (assembly, errors) = GeneratorHarness.Load(output);
        Assert.True(assembly is not null, string.Join("\n", errors));
        return assembly!;
    }

    private static readonly Lazy<Assembly> On = new(() => Build(NullAsAbsent));
    private static readonly Lazy<Assembly> Off = new(() => Build(null));

    private static ValidationResult Validate(Assembly assembly, string json) =>
        (ValidationResult)assembly.GetType("Test.Schemas.OrderValidator")!.GetMethod("Validate", [typeof(string)])!.Invoke(null, [json])!;

    private static (Type Order, System.Text.Json.Serialization.JsonSerializerContext Context) Records(Assembly assembly) =>
        (assembly.GetType("Test.Schemas.Order")!,
         (System.Text.Json.Serialization.JsonSerializerContext)assembly.GetType("Test.Schemas.SchemaJsonContext")!.GetProperty("Default")!.GetValue(null)!);

    private static string Describe(ValidationResult r) => string.Join("; ", r.Violations.Select(v => $"{v.InstancePointer} {v.Keyword}: {v.Message}"));

    [Fact]
    public void Null_for_an_optional_member_counts_as_absent_everywhere_in_the_object()
    {
        // note, tags, status, mode and refs are optional; "extra" is not declared at all (additionalProperties false).
        const string json = """{ "id": "1", "amount": { "value": "10", "currency": null }, "note": null, "tags": null, "status": null, "mode": null, "refs": null, "extra": null }""";
        var on = Validate(On.Value, json);
        Assert.True(on.IsValid, Describe(on)); // maxProperties 3 counts only id and amount
        var off = Validate(Off.Value, json);
        Assert.Contains(off.Violations, v => v.InstancePointer == "/note" && v.Keyword == "type");
        Assert.Contains(off.Violations, v => v.InstancePointer == "/extra" && v.Keyword == "additionalProperties");
        Assert.Contains(off.Violations, v => v.InstancePointer == "/amount/currency");
        Assert.Contains(off.Violations, v => v.Keyword == "maxProperties");
    }

    [Fact]
    public void Null_for_a_required_member_is_a_violation_at_that_member()
    {
        var r = Validate(On.Value, """{ "id": null, "amount": { "value": null } }""");
        // A null member is absent for every keyword, so minProperties (2) counts one member here.
        Assert.Equal([" minProperties: must have at least 2 properties, but has 1", "/amount/value required: required property 'value' is null; it must have a value",
            "/id required: required property 'id' is null; it must have a value"], r.Violations.Select(v => $"{v.InstancePointer} {v.Keyword}: {v.Message}").Order());
        Assert.Equal("/amount", Assert.Single(Validate(On.Value, """{ "id": "1", "amount": null, "note": "n" }""").Violations).InstancePointer);
    }

    [Fact]
    public void A_member_whose_schema_allows_null_keeps_it()
    {
        // "cleared" allows null, so it is present: with id and amount that makes 3 members (maxProperties 3 holds);
        // add a fourth real member and maxProperties sees all four.
        Assert.True(Validate(On.Value, """{ "id": "1", "amount": { "value": "1" }, "cleared": null }""").IsValid);
        var r = Validate(On.Value, """{ "id": "1", "amount": { "value": "1" }, "cleared": null, "note": "n" }""");
        Assert.Equal("maxProperties", Assert.Single(r.Violations).Keyword);
    }

    [Fact]
    public void Exactly_one_of_and_any_of_required_lists_do_not_count_null_members()
    {
        Assert.True(Validate(On.Value, """{ "id": "1", "amount": { "value": "1" }, "mode": { "bank": "B", "region": null } }""").IsValid);
        var none = Validate(On.Value, """{ "id": "1", "amount": { "value": "1" }, "mode": { "bank": null, "region": null } }""");
        Assert.Equal(("/mode", "oneOf"), (Assert.Single(none.Violations).InstancePointer, none.Violations[0].Keyword));
        Assert.True(Validate(On.Value, """{ "id": "1", "amount": { "value": "1" }, "refs": { "a": null, "b": "x" } }""").IsValid);
        var neither = Validate(On.Value, """{ "id": "1", "amount": { "value": "1" }, "refs": { "a": null, "b": null } }""");
        Assert.Equal(("/refs", "anyOf"), (Assert.Single(neither.Violations).InstancePointer, neither.Violations[0].Keyword));
    }

    [Fact]
    public void Non_null_values_are_validated_as_before()
    {
        const string json = """{ "id": "", "amount": { "value": 5 }, "status": "SHIPPED", "extra": 1, "mode": { "bank": "B", "region": "R" } }""";
        Assert.Equal(Describe(Validate(Off.Value, json)), Describe(Validate(On.Value, json)));
    }

    [Fact]
    public void Records_read_null_members_as_absent_and_reject_a_null_required_one()
    {
        var (type, context) = Records(On.Value);
        var order = JsonSerializer.Deserialize("""{ "id": "1", "amount": { "value": "10", "currency": null }, "note": null, "tags": null, "status": null, "mode": null, "extra": null }""", type, context)!;
        foreach (var name in new[] { "Note", "Tags", "Status", "Mode" }) Assert.Null(type.GetProperty(name)!.GetValue(order));
        Assert.Equal("""{"id":"1","amount":{"value":"10"}}""", JsonSerializer.Serialize(order, type, context));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{ "id": null, "amount": { "value": "10" } }""", type, context));
    }

    [Fact]
    public void The_file_metadata_overrides_the_project_option()
    {
        const string json = """{ "id": "1", "amount": { "value": "1" }, "note": null }""";
        Assert.True(Validate(Build(null, fileOption: true), json).IsValid);
        Assert.False(Validate(Build(NullAsAbsent, fileOption: false), json).IsValid);
    }

    [Fact]
    public void Minimal_escaping_writes_text_as_itself_and_escapes_only_what_json_requires()
    {
        var (type, context) = Records(Build(new Dictionary<string, string> { ["KitSchemaJsonEscaping"] = "minimal" }));
        const string note = "a&b+c<d>'e' ธนาคารกรุงเทพ Pembayaran 😀 \"q\" \\ \n\u0001";
        var order = JsonSerializer.Deserialize($$"""{ "id": "1", "amount": { "value": "10" }, "note": {{JsonSerializer.Serialize(note)}} }""", type, context)!;
        var json = JsonSerializer.Serialize(order, type, context);
        Assert.Equal("""{"id":"1","note":"a&b+c<d>'e' ธนาคารกรุงเทพ Pembayaran 😀 \"q\" \\ \n\u0001","amount":{"value":"10"}}""", json);
        Assert.Equal(note, JsonDocument.Parse(json).RootElement.GetProperty("note").GetString());
        // Without the option, System.Text.Json's default escaping.
        var (plainType, plainContext) = Records(Off.Value);
        var plain = JsonSerializer.Serialize(JsonSerializer.Deserialize("""{ "id": "a&b", "amount": { "value": "ก" } }""", plainType, plainContext), plainType, plainContext);
        Assert.Equal("""{"id":"a\u0026b","amount":{"value":"\u0E01"}}""", plain);
    }
}
