using Kit.Harness.Browser;
using Kit.Harness.Cli;
using Xunit;

namespace Kit.Harness.Tests;

/// <summary>Which browser a run uses: the documented lookup, and a clear error rather than a silent substitute.</summary>
public sealed class ChromiumLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kit-locator-").FullName;

    private string Executable(string name)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, "");
        return path;
    }

    [Fact]
    public void The_first_well_known_browser_that_exists_wins_and_the_headless_shell_comes_first()
    {
        Assert.Equal("/usr/bin/chromium-headless-shell", ChromiumLocator.WellKnownPaths[0]);
        var shell = Path.Combine(_root, "chromium-headless-shell");
        var full = Executable("chromium");
        Assert.Equal(full, ChromiumLocator.Find(null, null, [shell, full]));
        Executable("chromium-headless-shell");
        Assert.Equal(shell, ChromiumLocator.Find(null, null, [shell, full]));
    }

    [Fact]
    public void A_browser_asked_for_by_name_wins_and_a_missing_one_is_an_error_not_a_substitute()
    {
        var full = Executable("chromium");
        var chosen = Executable("my-chrome");
        Assert.Equal(chosen, ChromiumLocator.Find(chosen, null, [full]));
        Assert.Equal(chosen, ChromiumLocator.Find(null, chosen, [full]));

        var missing = Path.Combine(_root, "typo-chrome");
        var byOption = Assert.Throws<BrowserNotFoundException>(() => ChromiumLocator.Find(missing, null, [full]));
        Assert.Contains($"--browser {missing} does not exist", byOption.Message);
        var byVariable = Assert.Throws<BrowserNotFoundException>(() => ChromiumLocator.Find(null, missing, [full]));
        Assert.Contains($"KIT_CHROMIUM={missing} does not exist", byVariable.Message);

        var none = Assert.Throws<BrowserNotFoundException>(() => ChromiumLocator.Find(null, null, [Path.Combine(_root, "a"), Path.Combine(_root, "b")]));
        Assert.Contains("apt-get install chromium-headless-shell", none.Message);
    }

    [Fact]
    public async Task The_command_line_answers_a_missing_browser_with_exit_code_2()
    {
        Assert.Equal(2, await HarnessCommand.RunAsync(["run", "--browser", Path.Combine(_root, "no-such-chromium"), "--out", Path.Combine(_root, "out")]));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
