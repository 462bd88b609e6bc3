namespace Kit.Generators.Tests;

/// <summary>
/// The official JSON-Schema-Test-Suite, kept in this test project (JSON-Schema-Test-Suite/, see its SOURCE.txt), or
/// another copy named by KIT_JSON_SCHEMA_TEST_SUITE (to try a newer upstream commit).
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
            var candidate = Path.Combine(dir.FullName, "tests", "Kit.Generators.Tests", "JSON-Schema-Test-Suite");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static string NotFoundMessage =>
        $"JSON-Schema-Test-Suite not found: it lives in tests/Kit.Generators.Tests/JSON-Schema-Test-Suite; {EnvironmentVariable} names another copy.";
}
