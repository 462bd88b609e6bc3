using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Contracts.Signing;
using Kit.Simulator.Hosting;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>
/// The data directory's keys/ folder on first start: each file loaded exactly the way the official SDK that the
/// README points at it loads it (the SDKs' own code paths, in C#, and the PHP SDK's through the openssl tool, the
/// library PHP uses), then used: a request signed with the loaded merchant key succeeds, and the answer verifies
/// with the loaded simulator key. Private keys are the owner's only, and a restart keeps every file.
/// </summary>
public sealed class KeyFilesTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("kit-keys-").FullName;
    private readonly SimulatorHost _host;

    public KeyFilesTests()
    {
        _host = SimulatorHost.StartOnFreePort(new SimulatorOptions { DataDirectory = Path.Combine(_data, "sim"), VirtualClockStart = RunningSimulator.Start });
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    private string Keys => _host.Clients.KeyDirectory!;

    private string Read(string file) => File.ReadAllText(Path.Combine(Keys, file));

    public static TheoryData<string> Sdks => new() { "dotnet", "java", "go", "python", "php" };

    [Theory]
    [MemberData(nameof(Sdks))]
    public async Task Each_official_sdk_loads_its_key_files_and_talks_to_the_simulator(string sdk)
    {
        var (merchant, antom) = sdk switch
        {
            // SignatureUtil.cs: Convert.FromBase64String, then ImportPkcs8PrivateKey / ImportSubjectPublicKeyInfo.
            "dotnet" => (Pkcs8(Convert.FromBase64String(Read(KeyFiles.MerchantPrivateBase64))), Spki(Convert.FromBase64String(Read(KeyFiles.AntomPublicBase64)))),
            // SignatureTool.java: java.util.Base64's basic decoder (no line breaks or spaces allowed), PKCS8EncodedKeySpec / X509EncodedKeySpec.
            "java" => (Pkcs8(StrictBase64(Read(KeyFiles.MerchantPrivateBase64))), Spki(StrictBase64(Read(KeyFiles.AntomPublicBase64)))),
            // SignatureTool.go: the key wrapped as "-----BEGIN PRIVATE KEY-----\n" + key + "\n-----END PRIVATE KEY-----", pem.Decode,
            // x509.ParsePKCS8PrivateKey; the public key through base64.StdEncoding, x509.ParsePKIXPublicKey.
            "go" => (Pem("PRIVATE KEY", "-----BEGIN PRIVATE KEY-----\n" + Read(KeyFiles.MerchantPrivateBase64) + "\n-----END PRIVATE KEY-----", Pkcs8),
                     Spki(StrictBase64(Read(KeyFiles.AntomPublicBase64)))),
            // signature_tool.py: the PEM text as given (it already has its markers), cryptography's load_pem_private_key of
            // "RSA PRIVATE KEY" (PKCS#1); the public key through rsa's load_pkcs1_openssl_pem ("PUBLIC KEY", SubjectPublicKeyInfo).
            "python" => (Pem("RSA PRIVATE KEY", Read(KeyFiles.MerchantPrivatePkcs1Pem), Pkcs1), Pem("PUBLIC KEY", Read(KeyFiles.AntomPublicPem), Spki)),
            _ => PhpKeys(),
        };

        var clientId = _host.Clients.SandboxClientId;
        var path = "/ams/sandbox/api/v1/payments/createPaymentSession";
        var body = JsonSerializer.SerializeToUtf8Bytes(RunningSimulator.Request("REQ-KEYS-" + sdk), ContractsJsonContext.Default.CreatePaymentSessionRequest);
        var response = await RawHttp.SendAsync(_host.BaseAddress, RawHttp.SignedPost(_host.BaseAddress, path, clientId, merchant, body, "2026-11-26T05:00:00Z"));

        Assert.Equal("SUCCESS", JsonNode.Parse(response.Body)!["result"]!["resultCode"]!.GetValue<string>());
        var verified = new AntomSignatureVerifier(antom).Verify(response.Header("signature"), "POST", path, clientId, response.Header("response-time"), response.Body);
        Assert.True(verified.IsValid, verified.Message);
    }

    [Fact]
    public void Private_keys_are_the_owners_only_and_a_restart_keeps_every_file()
    {
        if (OperatingSystem.IsWindows()) return;
        var files = Directory.GetFiles(Keys).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        Assert.Equal([KeyFiles.AntomPrivatePem, KeyFiles.AntomPublicBase64, KeyFiles.AntomPublicPem, KeyFiles.MerchantPrivatePkcs1Pem, KeyFiles.MerchantPrivateBase64,
            KeyFiles.MerchantPrivatePem, KeyFiles.MerchantPublicPem, KeyFiles.SandboxClientId], files.Keys.Order(StringComparer.Ordinal));
        foreach (var secret in new[] { KeyFiles.AntomPrivatePem, KeyFiles.MerchantPrivatePem, KeyFiles.MerchantPrivatePkcs1Pem, KeyFiles.MerchantPrivateBase64 })
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Keys, secret)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Keys));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_data, "sim")));

        _host.Dispose();
        using var again = SimulatorHost.StartOnFreePort(new SimulatorOptions { DataDirectory = Path.Combine(_data, "sim") });
        Assert.Equal(files, Directory.GetFiles(Keys).ToDictionary(f => Path.GetFileName(f), File.ReadAllText));
    }

    [Fact]
    public void A_data_directory_from_before_gets_the_missing_forms_of_its_own_keys()
    {
        // A directory made by an older simulator has only the PEM files; its keys stay, the other forms are derived from them.
        var old = Path.Combine(_data, "old", "keys");
        Directory.CreateDirectory(old);
        using var merchant = RSA.Create(2048);
        File.WriteAllText(Path.Combine(old, KeyFiles.MerchantPrivatePem), merchant.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(old, KeyFiles.MerchantPublicPem), merchant.ExportSubjectPublicKeyInfoPem());
        using var host = SimulatorHost.StartOnFreePort(new SimulatorOptions { DataDirectory = Path.Combine(_data, "old"), InMemory = false });
        Assert.Equal(Convert.ToBase64String(merchant.ExportPkcs8PrivateKey()), File.ReadAllText(Path.Combine(old, KeyFiles.MerchantPrivateBase64)));
        Assert.Equal(merchant.ExportRSAPrivateKeyPem(), File.ReadAllText(Path.Combine(old, KeyFiles.MerchantPrivatePkcs1Pem)));
    }

    /// <summary>
    /// SignatureTool.php wraps the Base64 text as "-----BEGIN RSA PRIVATE KEY-----\n" + wordwrap(key, 64) + "\n-----END RSA PRIVATE KEY-----"
    /// (and the public key likewise as PUBLIC KEY) and hands it to OpenSSL: the openssl tool reads the same text here,
    /// and what it reads is compared with the simulator's own PEM files.
    /// </summary>
    private (RSA Merchant, RSA Antom) PhpKeys()
    {
        var work = Directory.CreateTempSubdirectory("kit-php-keys-").FullName;
        try
        {
            static string Wrap(string label, string key) =>
                $"-----BEGIN {label}-----\n" + string.Join("\n", key.Chunk(64).Select(c => new string(c))) + $"\n-----END {label}-----";
            File.WriteAllText(Path.Combine(work, "private.pem"), Wrap("RSA PRIVATE KEY", Read(KeyFiles.MerchantPrivateBase64)));
            File.WriteAllText(Path.Combine(work, "public.pem"), Wrap("PUBLIC KEY", Read(KeyFiles.AntomPublicBase64)));
            var merchantPublic = OpenSsl(work, "pkey -in private.pem -pubout");
            var antomPublic = OpenSsl(work, "pkey -pubin -in public.pem -pubout");
            Assert.Equal(Read(KeyFiles.MerchantPublicPem).Trim(), merchantPublic.Trim());
            Assert.Equal(Read(KeyFiles.AntomPublicPem).Trim(), antomPublic.Trim());
            // OpenSSL read the merchant key; its private part, as OpenSSL writes it, signs the request.
            var merchant = RSA.Create();
            merchant.ImportFromPem(OpenSsl(work, "pkey -in private.pem"));
            var antom = RSA.Create();
            antom.ImportFromPem(antomPublic);
            return (merchant, antom);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static RSA Pkcs8(byte[] der)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(der, out var read);
        Assert.Equal(der.Length, read);
        return rsa;
    }

    private static RSA Pkcs1(byte[] der)
    {
        var rsa = RSA.Create();
        rsa.ImportRSAPrivateKey(der, out var read);
        Assert.Equal(der.Length, read);
        return rsa;
    }

    private static RSA Spki(byte[] der)
    {
        var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(der, out var read);
        Assert.Equal(der.Length, read);
        return rsa;
    }

    /// <summary>Base64 that a strict decoder takes: the alphabet and padding only, no whitespace, not even a final newline.</summary>
    private static byte[] StrictBase64(string text)
    {
        Assert.Matches("^[A-Za-z0-9+/]+={0,2}$", text);
        return Convert.FromBase64String(text);
    }

    /// <summary>A PEM block whose label must be exactly <paramref name="label"/>, decoded and imported.</summary>
    private static RSA Pem(string label, string text, Func<byte[], RSA> import)
    {
        var fields = PemEncoding.Find(text);
        Assert.Equal(label, text[fields.Label]);
        return import(Convert.FromBase64String(text[fields.Base64Data]));
    }

    private static string OpenSsl(string directory, string arguments)
    {
        var start = new ProcessStartInfo("openssl", arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(start) ?? throw new InvalidOperationException("openssl could not be started; install the openssl package");
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"openssl {arguments} failed: {error}");
        return output;
    }
}
