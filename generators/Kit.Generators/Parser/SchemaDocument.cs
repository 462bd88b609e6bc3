using System;
using System.Collections.Generic;
using System.Text.Json;
using Kit.Generators.Model;

namespace Kit.Generators.Parser
{
    /// <summary>One schema file while the set is being compiled: its JSON, names, and what has been compiled from it.</summary>
    internal sealed class SchemaDocument
    {
        public SchemaDocument(SchemaFileInput input, JsonDocument json)
        {
            Input = input;
            Json = json;
            FileName = System.IO.Path.GetFileName(input.Path);
            RetrievalUri = input.BaseUri ?? (System.IO.Path.IsPathRooted(input.Path)
                ? new Uri(input.Path).AbsoluteUri
                : new Uri(new Uri("file:///"), input.Path.Replace('\\', '/')).AbsoluteUri);
            Locator = new PointerLocator(input.Path, input.Text);
            RootTypeName = Naming.TypeNameFromFile(FileName);
            if (Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty("x-kit-type-name", out var explicitName)
                && explicitName.ValueKind == JsonValueKind.String && Naming.IsIdentifier(explicitName.GetString()!))
                RootTypeName = explicitName.GetString()!;
            ValidatorName = RootTypeName + "Validator";
            AssertFormat = input.AssertFormat || (Root.ValueKind == JsonValueKind.Object
                && Root.TryGetProperty("x-kit-format", out var f) && f.ValueKind == JsonValueKind.String && f.GetString() == "assert");
        }

        public SchemaFileInput Input { get; }
        public JsonDocument Json { get; }
        public JsonElement Root => Json.RootElement;
        public string FileName { get; }
        public string RetrievalUri { get; }
        public string Namespace => Input.Namespace;
        public PointerLocator Locator { get; }
        public string RootTypeName { get; }
        public string ValidatorName { get; }
        public bool AssertFormat { get; }

        public Dictionary<string, string> NodeMethods { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public List<NodeSpec> Nodes { get; } = new List<NodeSpec>();
        public List<LiteralSpec> Literals { get; } = new List<LiteralSpec>();
        public List<PatternSpec> Patterns { get; } = new List<PatternSpec>();
        public List<TypeSpec> Types { get; } = new List<TypeSpec>();

        public string QualifiedValidator => $"global::{Namespace}.{ValidatorName}";
    }
}
