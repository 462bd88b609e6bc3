using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kit.Harness.Merchant;

namespace Kit.Harness.Runner;

/// <summary>The result of checking one script against the seed's browser minimums.</summary>
/// <param name="Owner">merchant (a problem fails the run) or sdk (a problem is a finding about the SDK).</param>
public sealed record CompatibilityResult(string File, string Owner, bool Compatible, string Detail);

/// <summary>
/// Checks the merchant page's JavaScript and the SDK bundle against the seed guide's minimum browsers (iOS 11,
/// Android 5, the last two desktop versions) with es-check from npm (browserslist-aware, feature detection on),
/// because the device profiles run in today's Chromium and cannot show an old engine's syntax errors. A verdict is
/// kept under node_modules/.cache/kit-compat, keyed by the file's content, the browser list and es-check's version,
/// so a run or shard over unchanged files does not pay the 2 s es-check takes over the SDK bundle again.
/// </summary>
public static partial class CompatibilityCheck
{
    public const string Browsers = "iOS >= 11, Android >= 5, last 2 Chrome versions, last 2 Firefox versions, last 2 Safari versions, last 2 Edge versions";

    /// <param name="includeDemoPage">Check Kit's demo page too; a merchant's own checkout has its own build, which this does not see.</param>
    public static async Task<IReadOnlyList<CompatibilityResult>> RunAsync(HarnessWeb web, bool includeDemoPage = true)
    {
        var files = new[]
        {
            (Path: Path.Combine("merchant", "merchant.js"), Owner: "merchant"),
            (Path: Path.Combine("node_modules", "@alipay", "ams-checkout", "dist", "umd", "ams-checkout.min.js"), Owner: "sdk"),
        }.Where(f => includeDemoPage || f.Owner == "sdk").ToArray();
        var tool = Path.Combine(web.Directory, "node_modules", ".bin", "es-check");
        if (!File.Exists(tool))
            return files.Select(f => new CompatibilityResult(f.Path, f.Owner, false, "not checked: es-check is not installed; run ./setup.sh (npm ci in harness/web)")).ToList();
        var cache = Path.Combine(web.Directory, "node_modules", ".cache", "kit-compat");
        var version = File.ReadAllText(Path.Combine(web.Directory, "node_modules", "es-check", "package.json"));
        var results = new List<CompatibilityResult>();
        foreach (var (path, owner) in files)
        {
            var key = Path.Combine(cache, $"{Key(Path.Combine(web.Directory, path), version)}.json");
            if (Cached(key) is { } known) { results.Add(known with { File = path, Owner = owner }); continue; }
            var result = await CheckAsync(tool, web.Directory, path, owner);
            if (!result.Detail.StartsWith("not checked", StringComparison.Ordinal)) Remember(key, result);
            results.Add(result);
        }
        return results;
    }

    private static string Key(string file, string esCheckPackage)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(File.ReadAllBytes(file));
        hash.AppendData(Encoding.UTF8.GetBytes(Browsers + "\n" + esCheckPackage));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static CompatibilityResult? Cached(string key)
    {
        try { return File.Exists(key) ? JsonSerializer.Deserialize<CompatibilityResult>(File.ReadAllText(key)) : null; }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { return null; } // a damaged entry: check again
    }

    private static void Remember(string key, CompatibilityResult result)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(key)!);
            File.WriteAllText(key, JsonSerializer.Serialize(result));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // a read-only tree: no cache, same verdict
    }

    private static async Task<CompatibilityResult> CheckAsync(string tool, string directory, string file, string owner)
    {
        var start = new ProcessStartInfo(tool) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "checkBrowser", "--browserslistQuery", Browsers, "--checkFeatures", "--noColor", file }) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode == 0) return new(file, owner, true, $"compatible with {Browsers}");
            var detail = Unsupported().Match(output) is { Success: true } m ? m.Groups[1].Value.Trim() : output.Trim().Split('\n').LastOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? output.Trim();
            return new(file, owner, false, detail);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new(file, owner, false, $"not checked: could not run es-check ({e.Message}); is Node.js installed?");
        }
    }

    [GeneratedRegex(@"Unsupported features detected: ([^\n]*?)(?: These require|\n|$)")]
    private static partial Regex Unsupported();
}
