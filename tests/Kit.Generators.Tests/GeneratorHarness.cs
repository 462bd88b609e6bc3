using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Kit.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Kit.Generators.Tests;

/// <summary>A schema file handed to the generator as an AdditionalFile, with its item metadata.</summary>
public sealed record SchemaFile(string Path, string Text, string? Namespace = null, string? BaseUri = null, bool AssertFormat = false, bool? NullAsAbsent = null);

/// <summary>Runs the real generator through Roslyn's driver, compiles its output and loads the assembly.</summary>
public static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(Kit.Schema.ValidationContext).Assembly.Location))
            .ToImmutableArray());

    public static CSharpCompilation NewCompilation(params string[] sources) =>
        CSharpCompilation.Create("KitSchemaTest" + Guid.NewGuid().ToString("N"),
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver NewDriver(IEnumerable<SchemaFile> files, string rootNamespace = "Test.Schemas", bool assertFormat = false,
        IReadOnlyDictionary<string, string>? properties = null) =>
        NewDriver(files, out _, rootNamespace, assertFormat, properties);

    /// <param name="properties">More MSBuild properties the generator reads, by name without the build_property. prefix (KitSchemaNullAsAbsent, ...).</param>
    public static GeneratorDriver NewDriver(IEnumerable<SchemaFile> files, out AdditionalText[] texts, string rootNamespace = "Test.Schemas", bool assertFormat = false,
        IReadOnlyDictionary<string, string>? properties = null) =>
        CSharpGeneratorDriver.Create(
            [new KitSchemaGenerator().AsSourceGenerator()],
            texts = files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToArray(),
            new CSharpParseOptions(LanguageVersion.Latest),
            new TestOptionsProvider(files, rootNamespace, assertFormat, properties),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the compilation with generated sources and every diagnostic.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriver Driver) Run(IEnumerable<SchemaFile> files, string rootNamespace = "Test.Schemas", bool assertFormat = false,
        IReadOnlyDictionary<string, string>? properties = null)
    {
        var driver = NewDriver(files, rootNamespace, assertFormat, properties).RunGeneratorsAndUpdateCompilation(NewCompilation(), out var output, out var diagnostics);
        return (output, diagnostics, driver);
    }

    /// <summary>Emits a compilation and loads it, or returns the C# errors.</summary>
    public static (Assembly? Assembly, ImmutableArray<Diagnostic> Errors) Load(Compilation compilation)
    {
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe);
        if (!result.Success) return (null, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray());
        pe.Position = 0;
        var context = new AssemblyLoadContext(compilation.AssemblyName, isCollectible: true);
        return (context.LoadFromStream(pe), ImmutableArray<Diagnostic>.Empty);
    }

    public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);
        public override string Path { get; } = path;
        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class TestOptionsProvider(IEnumerable<SchemaFile> files, string rootNamespace, bool assertFormat, IReadOnlyDictionary<string, string>? properties) : AnalyzerConfigOptionsProvider
    {
        private readonly Dictionary<string, SchemaFile> _files = files.ToDictionary(f => f.Path);

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string>
        {
            ["build_property.RootNamespace"] = rootNamespace,
            ["build_property.KitSchemaAssertFormat"] = assertFormat ? "true" : "false",
        }.Concat((properties ?? new Dictionary<string, string>()).Select(p => KeyValuePair.Create("build_property." + p.Key, p.Value))).ToDictionary());

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        {
            var values = new Dictionary<string, string>();
            if (_files.TryGetValue(textFile.Path, out var f))
            {
                if (f.Namespace is not null) values["build_metadata.AdditionalFiles.KitNamespace"] = f.Namespace;
                if (f.BaseUri is not null) values["build_metadata.AdditionalFiles.KitBaseUri"] = f.BaseUri;
                if (f.AssertFormat) values["build_metadata.AdditionalFiles.KitAssertFormat"] = "true";
                if (f.NullAsAbsent is { } nullAsAbsent) values["build_metadata.AdditionalFiles.KitNullAsAbsent"] = nullAsAbsent ? "true" : "false";
            }
            return new Options(values);
        }

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
