using System;
using System.Linq;
using System.Text;
using Kit.Generators.Emitter;
using Kit.Generators.Model;
using Kit.Generators.Parser;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Kit.Generators
{
    /// <summary>
    /// The pipeline: AdditionalFiles named <c>*.schema.json</c> → per-file JSON check → the whole set compiled into
    /// an equatable spec model (types, validator nodes, diagnostics) → one source file per schema plus one
    /// serializer context. Each step's output is equatable, so unchanged files are not emitted again.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class KitSchemaGenerator : IIncrementalGenerator
    {
        public static class TrackingNames
        {
            public const string Input = nameof(Input);
            public const string Parsed = nameof(Parsed);
            public const string Compiled = nameof(Compiled);
            public const string Unit = nameof(Unit);
            public const string Context = nameof(Context);
            public const string Diagnostics = nameof(Diagnostics);
        }

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var options = context.AnalyzerConfigOptionsProvider.Select((provider, _) => ReadOptions(provider.GlobalOptions));

            var inputs = context.AdditionalTextsProvider
                .Where(static file => file.Path.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase))
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Combine(options)
                .Select(static (pair, ct) =>
                {
                    var ((file, provider), global) = pair;
                    var fileOptions = provider.GetOptions(file);
                    var text = file.GetText(ct)?.ToString() ?? "";
                    var ns = Get(fileOptions, "build_metadata.AdditionalFiles.KitNamespace") ?? global.ContextNamespace;
                    var baseUri = Get(fileOptions, "build_metadata.AdditionalFiles.KitBaseUri");
                    var assert = string.Equals(Get(fileOptions, "build_metadata.AdditionalFiles.KitAssertFormat"), "true", StringComparison.OrdinalIgnoreCase);
                    var nullAsAbsent = Get(fileOptions, "build_metadata.AdditionalFiles.KitNullAsAbsent") is { } n ? string.Equals(n, "true", StringComparison.OrdinalIgnoreCase) : (bool?)null;
                    return new SchemaFileInput(file.Path, text, ns, baseUri, assert, nullAsAbsent);
                })
                .WithTrackingName(TrackingNames.Input);

            var parsed = inputs.Select(SchemaDocumentParser.Parse).WithTrackingName(TrackingNames.Parsed);

            var compiled = parsed.Collect()
                .Combine(options)
                .Select(static (pair, ct) => SchemaSetCompiler.Compile(pair.Left, pair.Right, ct))
                .WithTrackingName(TrackingNames.Compiled);

            var units = compiled.SelectMany(static (set, _) => set.Units).WithTrackingName(TrackingNames.Unit);
            context.RegisterSourceOutput(units, static (spc, unit) =>
                Guard(spc, unit.FileName, () => spc.AddSource($"{unit.HintName}.g.cs", SourceText.From(SchemaEmitter.EmitUnit(unit), Encoding.UTF8))));

            var serializerContext = compiled.Select(static (set, _) => set.Context).WithTrackingName(TrackingNames.Context);
            context.RegisterSourceOutput(serializerContext, static (spc, spec) =>
            {
                if (spec != null)
                    Guard(spc, spec.Name, () => spc.AddSource($"{spec.Namespace}.{spec.Name}.g.cs", SourceText.From(SchemaEmitter.EmitContext(spec), Encoding.UTF8)));
            });

            var diagnostics = parsed.SelectMany(static (doc, _) => doc.Diagnostics)
                .Collect()
                .Combine(compiled.Select(static (set, _) => set.Diagnostics))
                .WithTrackingName(TrackingNames.Diagnostics);
            context.RegisterSourceOutput(diagnostics, static (spc, pair) =>
            {
                foreach (var d in pair.Left.Concat(pair.Right))
                    spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.Get(d.Id), d.Location?.ToLocation() ?? Location.None, d.Arguments.Cast<object>().ToArray()));
            });
        }

        /// <summary>Turns an emitter failure into diagnostic KIT007 so no exception reaches the compiler.</summary>
        private static void Guard(SourceProductionContext spc, string what, Action emit)
        {
            try
            {
                emit();
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, what, e.GetType().Name + ": " + e.Message));
            }
        }

        private static GeneratorOptions ReadOptions(AnalyzerConfigOptions global)
        {
            var ns = Get(global, "build_property.KitSchemaNamespace") ?? Get(global, "build_property.RootNamespace") ?? "Kit.Generated";
            var contextName = Get(global, "build_property.KitSchemaContextName") ?? "SchemaJsonContext";
            var assert = string.Equals(Get(global, "build_property.KitSchemaAssertFormat"), "true", StringComparison.OrdinalIgnoreCase);
            var nullAsAbsent = string.Equals(Get(global, "build_property.KitSchemaNullAsAbsent"), "true", StringComparison.OrdinalIgnoreCase);
            var escaping = string.Equals(Get(global, "build_property.KitSchemaJsonEscaping"), "minimal", StringComparison.OrdinalIgnoreCase) ? JsonEscaping.Minimal : JsonEscaping.Default;
            return new GeneratorOptions(ns, contextName, assert, nullAsAbsent, escaping);
        }

        private static string? Get(AnalyzerConfigOptions options, string key) =>
            options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
    }
}
