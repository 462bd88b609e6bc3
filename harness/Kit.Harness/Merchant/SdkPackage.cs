namespace Kit.Harness.Merchant;

/// <summary>
/// The real Antom web SDK, @alipay/ams-checkout as pinned in harness/web/package.json and installed there with
/// `npm ci`. Found through KIT_SDK_PACKAGE (the package folder), else by walking up from the program's and the
/// working directory to harness/web/node_modules/@alipay/ams-checkout.
/// </summary>
public sealed class SdkPackage
{
    private const string Relative = "harness/web/node_modules/@alipay/ams-checkout";

    private SdkPackage(string directory) => Directory = directory;

    public string Directory { get; }

    public string UmdBundle => Path.Combine(Directory, "dist", "umd", "ams-checkout.min.js");

    public static SdkPackage Find()
    {
        if (Environment.GetEnvironmentVariable("KIT_SDK_PACKAGE") is { Length: > 0 } configured)
            return Check(configured, "KIT_SDK_PACKAGE");
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (System.IO.Directory.Exists(Path.Combine(dir.FullName, Relative)))
                    return Check(Path.Combine(dir.FullName, Relative), "the repository");
        throw new SdkPackageNotFoundException(
            $"the Antom web SDK is not installed: no {Relative} above {AppContext.BaseDirectory}. Run `npm ci` in harness/web, or set KIT_SDK_PACKAGE to the package folder.");
    }

    private static SdkPackage Check(string directory, string source)
    {
        var package = new SdkPackage(Path.GetFullPath(directory));
        if (!File.Exists(package.UmdBundle))
            throw new SdkPackageNotFoundException($"{package.UmdBundle} (from {source}) does not exist: is @alipay/ams-checkout installed there? Run `npm ci` in harness/web.");
        return package;
    }
}

public sealed class SdkPackageNotFoundException(string message) : Exception(message);
