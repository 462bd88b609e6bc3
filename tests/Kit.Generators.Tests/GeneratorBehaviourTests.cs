using Microsoft.CodeAnalysis;
using Xunit;

namespace Kit.Generators.Tests;

public sealed class GeneratorBehaviourTests
{
    private const string Person = """
        { "type": "object", "description": "A person.", "properties": {
            "name": { "type": "string", "maxLength": 10 },
            "age": { "type": "integer", "minimum": 0 },
            "status": { "enum": ["ACTIVE", "on_hold"] },
            "home": { "$ref": "address.schema.json" } },
          "required": ["name"], "additionalProperties": false }
        """;

    private const string Address = """{ "type": "object", "properties": { "city": { "type": "string" } }, "required": ["city"] }""";

    private static SchemaFile[] TwoFiles(string person = Person, string address = Address) =>
        [new("/s/person.schema.json", person), new("/s/address.schema.json", address)];

    [Fact]
    public void Generates_records_enums_validator_and_context_that_compile()
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(TwoFiles());
        Assert.Empty(diagnostics);
        var (assembly, errors) = GeneratorHarness.Load(output);
        Assert.True(assembly is not null, string.Join("\n", errors));
        var person = assembly!.GetType("Test.Schemas.Person")!;
        Assert.Equal(typeof(string), person.GetProperty("Name")!.PropertyType);
        Assert.Equal(typeof(long?), person.GetProperty("Age")!.PropertyType);
        Assert.True(assembly.GetType("Test.Schemas.Status")!.IsEnum);
        Assert.NotNull(assembly.GetType("Test.Schemas.SchemaJsonContext"));
        var source = string.Join("\n", output.SyntaxTrees.Select(t => t.ToString()));
        Assert.Contains("public required string Name { get; init; }", source);
        Assert.Contains("/// A person.", source);
    }

    [Fact]
    public void Violations_carry_escaped_pointers_and_are_the_same_from_text_bytes_and_elements()
    {
        const string schema = """
            { "type": "object", "properties": {
                "a/b": { "type": "array", "items": { "type": "integer", "maximum": 5 } },
                "m~n": { "type": "string", "maxLength": 2 },
                "ünï": { "enum": ["x"] } },
              "additionalProperties": false }
            """;
        var (output, diagnostics, _) = GeneratorHarness.Run([new SchemaFile("/s/names.schema.json", schema)]);
        Assert.Empty(diagnostics);
        var (assembly, errors) = GeneratorHarness.Load(output);
        Assert.True(assembly is not null, string.Join("\n", errors));
        var validator = assembly!.GetType("Test.Schemas.NamesValidator")!;
        Kit.Schema.ValidationResult Validate(object input) =>
            (Kit.Schema.ValidationResult)validator.GetMethod("Validate", [input.GetType()])!.Invoke(null, [input])!;

        // "\u006d~n" is "m~n" written with an escape: the pointer must hold the decoded name.
        const string json = """{ "a/b": [1, 9], "\u006d~n": "long", "ünï": "y", "other": true }""";
        var fromText = Validate(json);
        var fromBytes = Validate(new ReadOnlyMemory<byte>(System.Text.Encoding.UTF8.GetBytes(json)));
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var fromElement = Validate(document.RootElement);

        Assert.Equal(
            ["/a~1b/1 maximum", "/m~0n maxLength", "/ünï enum", "/other additionalProperties"],
            fromText.Violations.Select(v => v.InstancePointer + " " + v.Keyword));
        Assert.Equal(fromText.Violations, fromBytes.Violations);
        Assert.Equal(fromText.Violations, fromElement.Violations);
        Assert.Equal("must be at most 5, but is 9", fromText.Violations[0].Message);
        Assert.Equal("must be at most 2 characters long, but has 4", fromText.Violations[1].Message);
        Assert.Equal("\"y\" is not one of: x", fromText.Violations[2].Message);
        Assert.StartsWith("property 'other' is not allowed here", fromText.Violations[3].Message);

        var notJson = Assert.Single(Validate("""{ "a/b": [1] } trailing""").Violations);
        Assert.Equal("json", notJson.Keyword);
        Assert.Equal("json", Assert.Single(Validate("").Violations).Keyword);
    }

    [Fact]
    public void Conditions_decided_in_the_member_pass_agree_with_reading_the_object_again()
    {
        // The same keywords twice: "fused" decides if/oneOf/anyOf/not while passing over the members; in "plain",
        // unevaluatedProperties: true (which never fails) makes the node collect annotations, so every subschema
        // reads the object again. Both must give the same verdicts and violations.
        const string keywords = """
            "properties": { "kind": { "type": "string" }, "n": { "type": "integer" } },
            "if": { "properties": { "kind": { "const": "big" } }, "required": ["kind"] },
            "then": { "properties": { "n": { "minimum": 100 } } },
            "else": { "properties": { "n": { "maximum": 9 } } },
            "oneOf": [ { "required": ["a"] }, { "required": ["b"] }, { "properties": { "c": { "enum": [1] } }, "required": ["c"] } ],
            "anyOf": [ { "required": ["kind"] }, { "properties": { "n": { "const": 0 } } } ],
            "not": { "properties": { "n": { "const": 13 } }, "required": ["n"] }
            """;
        var (output, diagnostics, _) = GeneratorHarness.Run([
            new SchemaFile("/s/fused.schema.json", "{" + keywords + "}"),
            new SchemaFile("/s/plain.schema.json", "{" + keywords + """, "unevaluatedProperties": true }""")]);
        Assert.Empty(diagnostics);
        var (assembly, errors) = GeneratorHarness.Load(output);
        Assert.True(assembly is not null, string.Join("\n", errors));
        var source = string.Join("\n", output.SyntaxTrees.Where(t => t.FilePath.Contains("Fused")).Select(t => t.ToString()));
        Assert.Contains("var c0 = ", source); // the fused node really decides in its pass, the plain one does not
        Assert.DoesNotContain("var c0 = ", string.Join("\n", output.SyntaxTrees.Where(t => t.FilePath.Contains("Plain")).Select(t => t.ToString())));

        IReadOnlyList<Kit.Schema.SchemaViolation> Run(string validator, string json) =>
            ((Kit.Schema.ValidationResult)assembly!.GetType("Test.Schemas." + validator)!.GetMethod("Validate", [typeof(string)])!.Invoke(null, [json])!).Violations;

        string[] instances =
        [
            """{ "kind": "big", "n": 150, "a": 1 }""", """{ "kind": "big", "n": 5, "a": 1 }""", """{ "kind": "small", "n": 5, "b": 1 }""",
            """{ "kind": "small", "n": 50, "b": 1 }""", """{ "n": 0, "c": 1 }""", """{ "n": 0, "c": 2 }""", """{ "n": 13, "a": 1, "kind": "x" }""",
            """{ "kind": "big", "a": 1, "b": 2 }""", """{ "kind": 7, "a": 1 }""", """{ "n": 1 }""", """{ "kind": "big", "kind": "small", "n": 5, "a": 1 }""",
            "[]", "3", "\"text\"", "null", "{}",
        ];
        foreach (var json in instances)
        {
            static string[] Facts(IReadOnlyList<Kit.Schema.SchemaViolation> v) =>
                v.Select(x => $"{x.InstancePointer} {x.Keyword} {x.Message}").Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(Facts(Run("PlainValidator", json)), Facts(Run("FusedValidator", json)));
        }
        Assert.Empty(Run("FusedValidator", instances[0]));
        Assert.Contains(Run("FusedValidator", instances[1]), v => v.Keyword == "minimum");
        Assert.Contains(Run("FusedValidator", instances[7]), v => v.Keyword == "oneOf");
        Assert.Contains(Run("FusedValidator", instances[6]), v => v.Keyword == "not");
    }

    [Fact]
    public void A_validator_method_keeps_one_copy_of_the_reader_however_many_keywords_read_in_place()
    {
        // A reader holds references, so the JIT zeroes every reader local when a method is entered: one copy per
        // keyword or member (as once for each null-as-absent switch arm) made the Antom request's root validator
        // clear 3.9 KB per call. Copies share one local; the fused if's checkpoint is the only other.
        const string schema = """
            { "type": "object",
              "properties": {
                "a": { "anyOf": [{ "type": "string" }, { "type": "integer" }] },
                "b": { "anyOf": [{ "type": "string" }, { "type": "integer" }] },
                "c": { "oneOf": [{ "type": "string" }, { "type": "object", "properties": { "x": { "type": "integer" } } }] },
                "d": { "not": { "type": "boolean" } },
                "e": { "if": { "type": "string" }, "then": { "minLength": 2 } } },
              "if": { "properties": { "a": { "const": "IDR" } }, "required": ["a"] },
              "then": { "properties": { "b": { "pattern": "00$" } } } }
            """;
        var (output, diagnostics, _) = GeneratorHarness.Run([new SchemaFile("/s/copies.schema.json", schema)],
            properties: new Dictionary<string, string> { ["KitSchemaNullAsAbsent"] = "true" });
        Assert.Empty(diagnostics);
        var validator = output.SyntaxTrees.Single(t => t.ToString().Contains("class CopiesValidator"));
        var methods = validator.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>()
            .Where(m => System.Text.RegularExpressions.Regex.IsMatch(m.Identifier.Text, "^S[0-9]+$")).ToList();
        Assert.NotEmpty(methods);
        foreach (var method in methods)
        {
            var readers = method.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclarationSyntax>()
                .Where(d => d.Type.ToString().EndsWith("Utf8JsonReader") || d.Variables.Any(v => v.Initializer?.Value.ToString() == "r"))
                .SelectMany(d => d.Variables.Select(v => v.Identifier.Text)).ToList();
            Assert.True(readers.Count(n => n == "v") <= 1 && readers.Count(n => n == "start") <= 1 && readers.All(n => n is "v" or "start"),
                $"{method.Identifier}: reader locals {string.Join(", ", readers)}");
        }

        // And the shared copy still gives every keyword the value as it was: the verdicts stand.
        var (assembly, errors) = GeneratorHarness.Load(output);
        Assert.True(assembly is not null, string.Join("\n", errors));
        var type = assembly!.GetTypes().Single(t => t.Name == "CopiesValidator");
        bool Valid(string json) => ((Kit.Schema.ValidationResult)type.GetMethod("Validate", [typeof(string)])!.Invoke(null, [json])!).IsValid;
        Assert.True(Valid("""{ "a": "x", "b": 1, "c": { "x": 1 }, "d": null, "e": "ok" }"""));
        Assert.True(Valid("""{ "a": "IDR", "b": "100", "c": null }"""));
        Assert.False(Valid("""{ "a": "IDR", "b": "150" }"""));
        Assert.False(Valid("""{ "a": true }"""));
        Assert.False(Valid("""{ "c": { "x": "no" } }"""));
        Assert.False(Valid("""{ "d": false }"""));
        Assert.False(Valid("""{ "e": "a" }"""));
    }

    [Fact]
    public void Malformed_json_is_an_error_with_file_and_position()
    {
        var (_, diagnostics, _) = GeneratorHarness.Run([new SchemaFile("/s/broken.schema.json", "{\n  \"type\": \"object\",\n  \"properties\": {\n}")]);
        var d = Assert.Single(diagnostics);
        Assert.Equal("KIT001", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("/s/broken.schema.json", d.Location.GetLineSpan().Path);
        Assert.Contains("broken.schema.json", d.GetMessage());
    }

    [Fact]
    public void Broken_ref_is_an_error_at_the_ref()
    {
        var (_, diagnostics, _) = GeneratorHarness.Run(TwoFiles(address: Address).Where(f => f.Path.Contains("person")));
        var d = Assert.Single(diagnostics, x => x.Id == "KIT002");
        Assert.Contains("#/properties/home/$ref", d.GetMessage());
        Assert.Contains("address.schema.json", d.GetMessage());
        Assert.Equal(4, d.Location.GetLineSpan().StartLinePosition.Line); // the line of "home"
    }

    [Fact]
    public void Name_clash_is_an_error()
    {
        var (_, diagnostics, _) = GeneratorHarness.Run([
            new SchemaFile("/a/person.schema.json", Person.Replace("\"$ref\": \"address.schema.json\"", "\"type\": \"object\"")),
            new SchemaFile("/b/person.schema.json", """{ "type": "object", "properties": { "x": { "type": "string" } } }"""),
        ]);
        Assert.Contains(diagnostics, d => d.Id == "KIT003" && d.GetMessage().Contains("'Person'"));
    }

    [Fact]
    public void Unknown_and_unsupported_keywords_are_warnings_naming_file_and_pointer()
    {
        var (_, diagnostics, _) = GeneratorHarness.Run([new SchemaFile("/s/w.schema.json",
            """{ "type": "object", "properties": { "a": { "type": "string", "maxLenght": 3 } }, "$vocabulary": { "https://example.com/vocab": true }, "x-vendor": 1 }""")]);
        Assert.Contains(diagnostics, d => d.Id == "KIT006" && d.Severity == DiagnosticSeverity.Warning && d.GetMessage().Contains("w.schema.json#/properties/a/maxLenght"));
        Assert.Contains(diagnostics, d => d.Id == "KIT004" && d.GetMessage().Contains("w.schema.json#/$vocabulary"));
        Assert.DoesNotContain(diagnostics, d => d.GetMessage().Contains("x-vendor"));
    }

    [Fact]
    public void Invalid_keyword_values_are_errors()
    {
        var (_, diagnostics, _) = GeneratorHarness.Run([new SchemaFile("/s/v.schema.json", """{ "maxLength": -1, "pattern": "([a-z", "type": "strin" }""")]);
        Assert.Equal(3, diagnostics.Count(d => d.Id == "KIT005"));
    }

    [Fact]
    public void Editing_an_unrelated_CSharp_file_leaves_every_step_cached()
    {
        var files = TwoFiles();
        var compilation = GeneratorHarness.NewCompilation("class A { }");
        var driver = GeneratorHarness.NewDriver(files).RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
            Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class A { int x; }", path: "Source0.cs"));
        var run = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var steps = run.TrackedSteps.Where(s => s.Key.Length > 0 && char.IsUpper(s.Key[0])).ToList();
        Assert.NotEmpty(steps);
        foreach (var (name, executions) in steps)
            foreach (var output in executions.SelectMany(e => e.Outputs))
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {output.Reason}");
    }

    [Fact]
    public void Editing_one_schema_regenerates_only_what_depends_on_it()
    {
        var compilation = GeneratorHarness.NewCompilation();
        var driver = GeneratorHarness.NewDriver(TwoFiles(), out var texts).RunGenerators(compilation);
        var changed = Person.Replace("\"maxLength\": 10", "\"maxLength\": 12");
        driver = driver.ReplaceAdditionalText(texts.Single(t => t.Path == "/s/person.schema.json"),
            new GeneratorHarness.InMemoryAdditionalText("/s/person.schema.json", changed));
        var run = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        var parsed = run.TrackedSteps[KitSchemaGenerator.TrackingNames.Parsed].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, parsed.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, parsed.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));

        var units = run.TrackedSteps[KitSchemaGenerator.TrackingNames.Unit].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(IncrementalStepRunReason.Modified, units.Single(o => o.Value.ToString()!.Contains("HintName = Test.Schemas.Person")).Reason);
        Assert.Equal(IncrementalStepRunReason.Unchanged, units.Single(o => o.Value.ToString()!.Contains("HintName = Test.Schemas.Address")).Reason);
        Assert.Equal(IncrementalStepRunReason.Unchanged, run.TrackedSteps[KitSchemaGenerator.TrackingNames.Context].Single().Outputs.Single().Reason);
    }
}
