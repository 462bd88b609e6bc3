namespace Kit.Harness.Merchant;

/// <summary>
/// harness/web: the merchant page (merchant/) and the real Antom web SDK, @alipay/ams-checkout as pinned in
/// package.json and installed with `npm ci` (setup.sh), plus its ES module build (dist/, made by setup.sh with esbuild
/// from the npm package, the way a merchant's bundler would). Found through KIT_HARNESS_WEB, else next to the program
/// (web/, where the kit-harness tool package carries it), else by walking up from the program's and the working
/// directory to a Kit checkout.
/// </summary>
public sealed class HarnessWeb
{
    private HarnessWeb(string directory) => Directory = directory;

    public string Directory { get; }

    public string MerchantDirectory => Path.Combine(Directory, "merchant");

    public string SdkPackage => Path.Combine(Directory, "node_modules", "@alipay", "ams-checkout");

    /// <summary>The UMD bundle, served to the script-tag and CDN ways of loading.</summary>
    public string SdkBundle => Path.Combine(SdkPackage, "dist", "umd", "ams-checkout.min.js");

    /// <summary>The ES module build of the merchant's entry point, for the npm way of loading.</summary>
    public string EsmBundle => Path.Combine(Directory, "dist", "merchant-esm.js");

    /// <summary>The same build passed through babel-preset-env with core-js for the seed's browsers (merchant/build-polyfilled.mjs).</summary>
    public string PolyfilledBundle => Path.Combine(Directory, "dist", "merchant-esm-polyfilled.js");

    /// <summary>What babel made of the ES module build before core-js was bundled in: the page's own code, checked for old browsers.</summary>
    public string PolyfilledSource => Path.Combine(Directory, "dist", "merchant-esm-polyfilled.src.js");

    /// <summary>The polyfilled build's browser list and the core-js modules it includes (from esbuild's metafile).</summary>
    public string PolyfillManifest => Path.Combine(Directory, "dist", "polyfills.json");

    public static HarnessWeb Find()
    {
        if (Environment.GetEnvironmentVariable("KIT_HARNESS_WEB") is { Length: > 0 } configured)
            return Check(configured, "KIT_HARNESS_WEB");
        var shipped = Path.Combine(AppContext.BaseDirectory, "web");
        if (File.Exists(Path.Combine(shipped, "package.json"))) return Check(shipped, "the kit-harness package");
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "harness", "web", "package.json")))
                    return Check(Path.Combine(dir.FullName, "harness", "web"), "the repository");
        throw new HarnessWebNotFoundException(
            $"harness/web was not found next to the program ({AppContext.BaseDirectory}) or above it: install the kit-harness tool (it carries it), run from the Kit repository, or set KIT_HARNESS_WEB to that folder.");
    }

    private static HarnessWeb Check(string directory, string source)
    {
        var web = new HarnessWeb(Path.GetFullPath(directory));
        if (!File.Exists(web.SdkBundle))
            throw new HarnessWebNotFoundException($"{web.SdkBundle} (harness/web from {source}) does not exist: the Antom web SDK is not installed. Run ./setup.sh (npm ci in harness/web).");
        return web;
    }
}

public sealed class HarnessWebNotFoundException(string message) : Exception(message);
