using System.Text.RegularExpressions;
using Kit.Harness.Runner;

namespace Kit.Harness.Browser;

/// <summary>
/// Uncaught errors on a page, told apart by where they were thrown: the page's own code ("pageerror") or the Antom
/// SDK's bundle ("sdk-pageerror"). The guide's "the page reacts without breaking" is about the merchant's code; the
/// SDK 1.47.2 itself throws, for example, "Error creating WebGL context" where WebGL is off, which is a finding about
/// the SDK, not a mistake of the page.
/// </summary>
public static partial class PageErrors
{
    public const string Page = "pageerror";
    public const string Sdk = "sdk-pageerror";

    public static ConsoleRecord Record(string error)
    {
        var text = error.Length > 500 ? error[..500] + "…" : error;
        return new ConsoleRecord(ThrownBySdk(error) ? Sdk : Page, text);
    }

    /// <summary>
    /// True when the innermost stack frame is in the SDK's script (served from an Antom host, or a file named
    /// ams-checkout), or the error is the SDK's WebGL failure, which the harness causes by turning WebGL off and which
    /// a bundled SDK throws from the merchant's own bundle.
    /// </summary>
    public static bool ThrownBySdk(string error)
    {
        if (error.Split('\n')[0].Contains("Error creating WebGL context", StringComparison.Ordinal)) return true;
        var frame = Frame().Match(error);
        if (!frame.Success || !Uri.TryCreate(frame.Groups["url"].Value, UriKind.Absolute, out var url)) return false;
        return url.Host == "sdk.marmot-cloud.com" || AntomHostRouter.IsAntomHost(url.Host) || url.AbsolutePath.Contains("ams-checkout", StringComparison.Ordinal);
    }

    /// <summary>Chromium's first "at" line: "at name (url:line:column)" or "at url:line:column".</summary>
    [GeneratedRegex(@"^\s*at (?:.*? \()?(?<url>[a-z]+://[^\s)]+?)(?::\d+){1,2}\)?\s*$", RegexOptions.Multiline)]
    private static partial Regex Frame();
}
