namespace Kit.Harness.Cli;

public static class HarnessCommand
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(typeof(Kit.Harness.Matrix.Matrix).Name.Length);
}
