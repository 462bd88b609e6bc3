using System.Security.Cryptography;

namespace Kit.Simulator.Hosting;

/// <summary>
/// The data directory's keys/ folder. Each official Antom SDK loads keys from a different container (docs/official-sdks.md),
/// so the sandbox merchant's private key and the simulator's public key are written in each of them, and a newcomer
/// points an SDK at a file instead of working out openssl commands. Private keys are readable by their owner only.
/// </summary>
public static class KeyFiles
{
    /// <summary>The merchant private key as PKCS#8 PEM (<c>BEGIN PRIVATE KEY</c>): Kit's client, openssl.</summary>
    public const string MerchantPrivatePem = "merchant-private.pem";

    /// <summary>The merchant private key as PKCS#1 PEM (<c>BEGIN RSA PRIVATE KEY</c>): the Python SDK, which loads no other form.</summary>
    public const string MerchantPrivatePkcs1Pem = "merchant-private-pkcs1.pem";

    /// <summary>The merchant private key as bare Base64 of PKCS#8 DER, one line: the .NET, Java, Go and PHP SDKs.</summary>
    public const string MerchantPrivateBase64 = "merchant-private.base64";

    public const string MerchantPublicPem = "merchant-public.pem";

    /// <summary>The simulator's ("Antom's") public key as SubjectPublicKeyInfo PEM: the Python SDK, Kit's client.</summary>
    public const string AntomPublicPem = "antom-public.pem";

    /// <summary>The simulator's public key as bare Base64 of SubjectPublicKeyInfo DER, one line: the .NET, Java, Go and PHP SDKs.</summary>
    public const string AntomPublicBase64 = "antom-public.base64";

    /// <summary>The simulator's own signing key.</summary>
    public const string AntomPrivatePem = "antom-private.pem";

    public const string SandboxClientId = "sandbox-client-id.txt";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnly | UnixFileMode.UserExecute;

    /// <summary>Which file each official SDK loads, for the start banner.</summary>
    public static readonly IReadOnlyList<(string File, string LoadedBy)> Guide =
    [
        (MerchantPrivateBase64, "merchant private key for the .NET, Java, Go and PHP SDKs (Base64 of PKCS#8)"),
        (MerchantPrivatePkcs1Pem, "merchant private key for the Python SDK (PKCS#1 PEM)"),
        (MerchantPrivatePem, "merchant private key as PKCS#8 PEM (Kit's client, openssl)"),
        (AntomPublicBase64, "simulator public key for the .NET, Java, Go and PHP SDKs (Base64 of SubjectPublicKeyInfo)"),
        (AntomPublicPem, "simulator public key as PEM (Python SDK, Kit's client)"),
    ];

    /// <summary>Creates a directory only its owner can enter (on Unix), or leaves an existing one as it is.</summary>
    public static void CreateOwnerOnlyDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerOnlyDirectory);
    }

    /// <summary>Loads a key pair from its PKCS#8 PEM, or creates one; then writes whichever of its other forms are missing.</summary>
    public static RSA LoadOrCreate(string directory, string privatePem, string publicPem)
    {
        var privatePath = Path.Combine(directory, privatePem);
        RSA key;
        if (File.Exists(privatePath))
        {
            key = Kit.Contracts.Signing.AntomKeys.ImportPrivateKey(File.ReadAllText(privatePath));
            // Earlier versions wrote keys world-readable.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(privatePath, OwnerOnly);
        }
        else
        {
            key = RSA.Create(2048);
            WriteSecret(privatePath, key.ExportPkcs8PrivateKeyPem());
        }
        WriteIfMissing(Path.Combine(directory, publicPem), () => key.ExportSubjectPublicKeyInfoPem(), secret: false);
        return key;
    }

    /// <summary>The merchant key in every form the official SDKs load, and the simulator's public key likewise.</summary>
    public static void WriteSdkForms(string directory, RSA merchant, RSA antom)
    {
        WriteIfMissing(Path.Combine(directory, MerchantPrivatePkcs1Pem), () => merchant.ExportRSAPrivateKeyPem(), secret: true);
        WriteIfMissing(Path.Combine(directory, MerchantPrivateBase64), () => Convert.ToBase64String(merchant.ExportPkcs8PrivateKey()), secret: true);
        WriteIfMissing(Path.Combine(directory, AntomPublicBase64), () => Convert.ToBase64String(antom.ExportSubjectPublicKeyInfo()), secret: false);
    }

    /// <summary>
    /// Writes a simulator's keys, as <see cref="WriteSdkForms"/> names them, into <paramref name="directory"/> (created
    /// for its owner only), replacing what an earlier run left there: for a merchant app or an official SDK that must
    /// load them from files while the simulator keeps its own in memory.
    /// </summary>
    public static void Export(string directory, RSA merchant, RSA antom, string sandboxClientId)
    {
        CreateOwnerOnlyDirectory(directory);
        foreach (var name in (string[])[MerchantPrivatePem, MerchantPublicPem, AntomPublicPem, SandboxClientId, MerchantPrivatePkcs1Pem, MerchantPrivateBase64, AntomPublicBase64])
            File.Delete(Path.Combine(directory, name));
        WriteIfMissing(Path.Combine(directory, MerchantPrivatePem), () => merchant.ExportPkcs8PrivateKeyPem(), secret: true);
        WriteIfMissing(Path.Combine(directory, MerchantPublicPem), () => merchant.ExportSubjectPublicKeyInfoPem(), secret: false);
        WriteIfMissing(Path.Combine(directory, AntomPublicPem), () => antom.ExportSubjectPublicKeyInfoPem(), secret: false);
        WriteIfMissing(Path.Combine(directory, SandboxClientId), () => sandboxClientId, secret: false);
        WriteSdkForms(directory, merchant, antom);
    }

    private static void WriteIfMissing(string path, Func<string> content, bool secret)
    {
        if (File.Exists(path)) return;
        if (secret) WriteSecret(path, content());
        else File.WriteAllText(path, content());
    }

    /// <summary>Writes a secret so that no one but its owner can read it, from its first byte (no window in which it is world-readable).</summary>
    internal static void WriteSecret(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
