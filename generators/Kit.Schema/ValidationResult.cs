namespace Kit.Schema;

/// <summary>The outcome of validating one document: valid, or every violation found.</summary>
public sealed class ValidationResult
{
    private static readonly IReadOnlyList<SchemaViolation> None = [];

    public static ValidationResult Valid { get; } = new(None);

    public ValidationResult(IReadOnlyList<SchemaViolation> violations) => Violations = violations;

    public bool IsValid => Violations.Count == 0;

    public IReadOnlyList<SchemaViolation> Violations { get; }

    /// <summary>Builds the result for a document that is not JSON at all.</summary>
    public static ValidationResult NotJson(string reason) =>
        new([new SchemaViolation("", "json", "", $"the document is not valid JSON: {reason}")]);

    public override string ToString() => IsValid ? "valid" : string.Join(Environment.NewLine, Violations);
}
