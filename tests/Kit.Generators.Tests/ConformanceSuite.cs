namespace Kit.Generators.Tests;

/// <summary>
/// Finds the official JSON-Schema-Test-Suite without copying it into the repository: the folder named by
/// KIT_JSON_SCHEMA_TEST_SUITE, or shared/conformance/json-schema-test-suite beside or above the checkout.
/// </summary>
public static class ConformanceSuite
{
    public const string EnvironmentVariable = "KIT_JSON_SCHEMA_TEST_SUITE";

    public static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnv)) return Directory.Exists(fromEnv) ? fromEnv : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", "json-schema-test-suite");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static string NotFoundMessage =>
        $"JSON-Schema-Test-Suite not found: set {EnvironmentVariable} to its folder, or place shared/conformance/json-schema-test-suite beside the checkout. Conformance was NOT checked.";
}
