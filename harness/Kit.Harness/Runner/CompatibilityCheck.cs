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
/// Checks the merchant page's JavaScript, the SDK bundle and the page's npm build against the seed guide's minimum
/// browsers (iOS 11, Android 5, the last two desktop versions) with es-check from npm (browserslist-aware, feature
/// detection on), because the device profiles run in today's Chromium and cannot show an old engine's syntax errors.
/// Each SDK problem comes with the core-js modules that answer it, and the guide's remedy is proven on the npm build
/// made with babel-preset-env and core-js (<see cref="PolyfilledAsync"/>). A verdict is
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
            (Path: Path.Combine("merchant", "merchant.js"), Owner: "merchant", Module: false, Ignore: ""),
            (Path: Path.Combine("node_modules", "@alipay", "ams-checkout", "dist", "umd", "ams-checkout.min.js"), Owner: "sdk", Module: false, Ignore: ""),
            (Path: Path.Combine("dist", "merchant-esm.js"), Owner: "sdk", Module: true, Ignore: ""),
        }.Where(f => includeDemoPage || f.Owner == "sdk").Where(f => f.Owner != "sdk" || !f.Module || File.Exists(Path.Combine(web.Directory, f.Path))).ToArray();
        // es-check's own entry point (its package.json "bin"), run with Node: the machine's, else the one Playwright's driver brings.
        var tool = Path.Combine(web.Directory, "node_modules", "es-check", "lib", "cli", "index.js");
        if (!File.Exists(tool))
            return files.Select(f => new CompatibilityResult(f.Path, f.Owner, false, "not checked: es-check is not installed; run ./setup.sh (npm ci in harness/web)")).ToList();
        var version = File.ReadAllText(Path.Combine(web.Directory, "node_modules", "es-check", "package.json"));
        var results = new List<CompatibilityResult>();
        foreach (var (path, owner, module, ignore) in files)
            results.Add(await CheckCachedAsync(tool, web.Directory, path, owner, module, ignore, version));
        if (!includeDemoPage) return results;

        // The advice goes with each of the SDK's verdicts: which core-js modules make that file run on the seed's browsers.
        var coreJs = CoreJsVersion(web);
        results = results.Select(r => r.Owner == "sdk" && !r.Compatible && !r.Detail.StartsWith("not checked", StringComparison.Ordinal) ? r with { Detail = r.Detail + Advice(r, coreJs) } : r).ToList();
        if (results.FirstOrDefault(r => r.File == Path.Combine("dist", "merchant-esm.js")) is { } npmBuild)
            results.Add(await PolyfilledAsync(web, tool, version, npmBuild));
        return results;
    }

    private static string? CoreJsVersion(HarnessWeb web)
    {
        try { return JsonDocument.Parse(File.ReadAllText(Path.Combine(web.Directory, "node_modules", "core-js", "package.json"))).RootElement.GetProperty("version").GetString(); }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException) { return null; }
    }

    /// <summary>The features es-check reported for a file, with the core-js module of each (null where none is known).</summary>
    private static IReadOnlyList<(string Feature, string? Module)> Needs(CompatibilityResult result) =>
        FeatureName().Matches(result.Detail).Select(m => m.Groups[1].Value).Distinct().Select(f => (f, CoreJsModules.GetValueOrDefault(f))).ToList();

    private static string Advice(CompatibilityResult result, string? coreJs)
    {
        var modules = Needs(result).Where(n => n.Module is not null).Select(n => n.Module!).Distinct().ToList();
        return modules.Count == 0 ? "" : $" Add these polyfills{(coreJs is null ? "" : $" (core-js {coreJs})")}: {string.Join(", ", modules.Select(m => $"import 'core-js/modules/{m}.js'"))}; " +
            "or build with babel-preset-env (useBuiltIns: 'usage', corejs: 3) for the seed's browsers, as Kit's polyfilled build does.";
    }

    /// <summary>
    /// es-check's names for the features the SDK uses that the seed's browsers lack, and the core-js module that
    /// provides each (core-js 3's module names; the features SDK 1.47.2 and its likely successors use).
    /// </summary>
    private static readonly Dictionary<string, string> CoreJsModules = new(StringComparer.Ordinal)
    {
        ["PromiseFinally"] = "es.promise.finally", ["globalThis"] = "es.global-this", ["GlobalThis"] = "es.global-this",
        ["StringMatchAll"] = "es.string.match-all", ["PromiseAllSettled"] = "es.promise.all-settled", ["PromiseAny"] = "es.promise.any",
        ["ObjectFromEntries"] = "es.object.from-entries", ["ArrayFlat"] = "es.array.flat", ["ArrayFlatMap"] = "es.array.flat-map",
        ["StringReplaceAll"] = "es.string.replace-all", ["ObjectHasOwn"] = "es.object.has-own", ["ArrayPrototypeAt"] = "es.array.at",
    };

    /// <summary>
    /// The guide's answer for older browsers, proven on the demo page's npm build: the build made with
    /// babel-preset-env and core-js (dist/, by merchant/build-polyfilled.mjs) must include a core-js module for every
    /// feature es-check found the SDK using, and what babel made of the page's code must pass es-check for the seed's
    /// browsers once exactly those features are taken as polyfilled.
    /// </summary>
    private static async Task<CompatibilityResult> PolyfilledAsync(HarnessWeb web, string tool, string version, CompatibilityResult npmBuild)
    {
        var file = Path.GetRelativePath(web.Directory, web.PolyfilledBundle);
        if (!File.Exists(web.PolyfillManifest) || !File.Exists(web.PolyfilledSource))
            return new(file, "polyfilled", false, "not checked: the polyfilled build is missing; run ./setup.sh (npm run build in harness/web)");
        using var manifest = JsonDocument.Parse(File.ReadAllText(web.PolyfillManifest));
        var included = manifest.RootElement.GetProperty("modules").EnumerateArray().Select(m => m.GetString()!).ToHashSet(StringComparer.Ordinal);
        var coreJs = manifest.RootElement.GetProperty("coreJs").GetString();
        var needs = Needs(npmBuild);
        var unknown = needs.Where(n => n.Module is null).Select(n => n.Feature).ToList();
        var missing = needs.Where(n => n.Module is not null && !included.Contains(n.Module)).Select(n => $"{n.Module} ({n.Feature})").ToList();
        if (unknown.Count > 0 || missing.Count > 0)
            return new(file, "polyfilled", false,
                (unknown.Count > 0 ? $"no core-js module is known for {string.Join(", ", unknown)}; " : "") + (missing.Count > 0 ? $"the polyfilled build lacks {string.Join(", ", missing)}" : ""));
        var source = await CheckCachedAsync(tool, web.Directory, Path.GetRelativePath(web.Directory, web.PolyfilledSource), "polyfilled", module: true,
            ignore: string.Join(",", needs.Select(n => n.Feature)), version);
        return source.Compatible
            ? new(file, "polyfilled", true, $"compatible with {Browsers}: built with babel-preset-env and core-js {coreJs} ({included.Count} modules by usage), it includes " +
                $"{(needs.Count == 0 ? "every polyfill needed" : string.Join(", ", needs.Select(n => $"{n.Module} for {n.Feature}")))}, and nothing else the page's code uses is missing on iOS 11 or Android 5")
            : source with { File = file };
    }

    private static async Task<CompatibilityResult> CheckCachedAsync(string tool, string directory, string path, string owner, bool module, string ignore, string version)
    {
        var key = Path.Combine(directory, "node_modules", ".cache", "kit-compat", $"{Key(Path.Combine(directory, path), version + module + ignore)}.json");
        if (Cached(key) is { } known) return known with { File = path, Owner = owner };
        var result = await CheckAsync(tool, directory, path, owner, module, ignore);
        if (!result.Detail.StartsWith("not checked", StringComparison.Ordinal)) Remember(key, result);
        return result;
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

    private static async Task<CompatibilityResult> CheckAsync(string tool, string directory, string file, string owner, bool module, string ignore)
    {
        var start = new ProcessStartInfo(Node()) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { tool, "checkBrowser", "--browserslistQuery", Browsers, "--checkFeatures", "--noColor", file }) start.ArgumentList.Add(arg);
        if (module) start.ArgumentList.Add("--module");
        if (ignore.Length > 0) { start.ArgumentList.Add("--ignore"); start.ArgumentList.Add(ignore); }
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

    /// <summary>
    /// Node.js from PATH, else the node that Microsoft.Playwright ships with its driver (next to the program): a machine
    /// with only the kit-harness tool has no Node of its own.
    /// </summary>
    private static string Node()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, "node"))) return Path.Combine(dir, "node");
        var drivers = Path.Combine(AppContext.BaseDirectory, ".playwright", "node");
        return Directory.Exists(drivers) ? Directory.GetFiles(drivers, "node", SearchOption.AllDirectories).FirstOrDefault() ?? "node" : "node";
    }

    [GeneratedRegex(@"Unsupported features detected: ([^\n]*?)(?: These require|\n|$)")]
    private static partial Regex Unsupported();

    /// <summary>A feature in es-check's list: "PromiseFinally (safari_ios 11.0 requires 11.3)".</summary>
    [GeneratedRegex(@"(\w+) \([a-z_]+ [0-9.]+ requires")]
    private static partial Regex FeatureName();
}
