namespace Kit.Harness.Browser;

/// <summary>
/// Finds the Chromium to drive. Kit never downloads a browser (`playwright install` is not used): it runs the
/// system's. The lookup: the path given (--browser), else the KIT_CHROMIUM environment variable (either must exist:
/// a browser asked for by name is never silently swapped for another), else the first of
/// /usr/bin/chromium-headless-shell (Debian's `chromium-headless-shell`), /usr/bin/chromium (Debian's `chromium`),
/// /usr/bin/chromium-browser, /usr/bin/google-chrome. The headless shell comes first for the reason Playwright has
/// made it its own headless default since 1.49: the same engine (Blink, V8, the same version as the package
/// `chromium`) without the desktop browser around it. Measured on 13 matrix cells with 2 workers: 2.6 s per cell
/// against 4.5 s for the full browser in headless mode, with the same verdicts.
/// </summary>
public static class ChromiumLocator
{
    public static readonly IReadOnlyList<string> WellKnownPaths = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private static readonly BrowserLookup Lookup = new("Chromium", "--browser", "KIT_CHROMIUM",
        "Install Debian's package (sudo apt-get install chromium-headless-shell fonts-thai-tlwg, or run ./setup.sh)");

    public static string Find(string? explicitPath = null) =>
        Find(explicitPath, Environment.GetEnvironmentVariable("KIT_CHROMIUM"), WellKnownPaths);

    public static string Find(string? explicitPath, string? fromEnvironment, IReadOnlyList<string> wellKnownPaths) =>
        Lookup.Find(explicitPath, fromEnvironment, wellKnownPaths);
}

/// <summary>
/// Finds the Firefox to drive over WebDriver BiDi: --firefox PATH, else KIT_FIREFOX, else /usr/bin/firefox-esr
/// (Debian's `firefox-esr`, the only Firefox Debian ships) or /usr/bin/firefox. Playwright's own Firefox build is
/// never downloaded; a stock Firefox is driven through Playwright's moz-firefox channel.
/// </summary>
public static class FirefoxLocator
{
    public static readonly IReadOnlyList<string> WellKnownPaths = ["/usr/bin/firefox-esr", "/usr/bin/firefox"];

    private static readonly BrowserLookup Lookup = new("Firefox", "--firefox", "KIT_FIREFOX",
        "Install Debian's packages (sudo apt-get install firefox-esr xvfb, or run ./setup.sh)");

    public static string Find(string? explicitPath = null) =>
        Find(explicitPath, Environment.GetEnvironmentVariable("KIT_FIREFOX"), WellKnownPaths);

    public static string Find(string? explicitPath, string? fromEnvironment, IReadOnlyList<string> wellKnownPaths) =>
        Lookup.Find(explicitPath, fromEnvironment, wellKnownPaths);
}

/// <summary>One engine's lookup: an option, then an environment variable (either must exist), then well-known paths.</summary>
internal sealed record BrowserLookup(string Kind, string Option, string Variable, string InstallAdvice)
{
    public string Find(string? explicitPath, string? fromEnvironment, IReadOnlyList<string> wellKnownPaths)
    {
        if (!string.IsNullOrEmpty(explicitPath))
            return File.Exists(explicitPath) ? explicitPath
                : throw new BrowserNotFoundException($"{Option} {explicitPath} does not exist; give the path of a {Kind} executable, or leave {Option} out to use {string.Join(" or ", wellKnownPaths)}.");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return File.Exists(fromEnvironment) ? fromEnvironment
                : throw new BrowserNotFoundException($"{Variable}={fromEnvironment} does not exist; point it at a {Kind} executable, or unset it to use {string.Join(" or ", wellKnownPaths)}.");
        return wellKnownPaths.FirstOrDefault(File.Exists)
            ?? throw new BrowserNotFoundException(
                $"no {Kind} found at {string.Join(", ", wellKnownPaths)}. {InstallAdvice}, or pass {Option} PATH or set {Variable}.");
    }
}

public sealed class BrowserNotFoundException(string message) : Exception(message);
