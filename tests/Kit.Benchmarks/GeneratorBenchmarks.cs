using BenchmarkDotNet.Attributes;
using Kit.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Kit.Benchmarks;

/// <summary>The generator over the whole schema set (Antom and SDK): a cold run, and a run where nothing changed.</summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private AdditionalText[] _texts = [];
    private GeneratorDriver _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "schemas");
        _texts = Directory.GetFiles(root, "*.schema.json", SearchOption.AllDirectories)
            .Select(p => (AdditionalText)new FileText(p, File.ReadAllText(p))).ToArray();
        _compilation = CSharpCompilation.Create("Bench", [CSharpSyntaxTree.ParseText("class C { }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);
        _warm = NewDriver().RunGenerators(_compilation);
    }

    private GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create([new KitSchemaGenerator().AsSourceGenerator()], _texts);

    [Benchmark]
    public int Cold() => NewDriver().RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    [Benchmark]
    public int NoChange() => _warm.RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    private sealed class FileText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);
        public override string Path => path;
        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
