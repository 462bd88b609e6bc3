using System.Diagnostics;
using System.Net;
using System.Text;
using Kit.Contracts.Signing;
using Xunit;

namespace Kit.Contracts.Tests;

/// <summary>Kit's signatures checked by the openssl command-line tool, and openssl's by Kit, on the same content.</summary>
public sealed class OpenSslCrossCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kit-openssl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Bodies => new()
    {
        """{"paymentRequestId":"REQ-1","paymentAmount":{"currency":"THB","value":"125000"}}""",
        """{"order":{"orderDescription":"ชุดกาแฟดริป 2 ชิ้น","buyer":{"buyerName":{"firstName":"สมชาย"}}},"note":"Sepatu lari — ukuran 42 ✓"}""",
        "",
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Kit_signature_verifies_with_openssl(string body)
    {
        var (privatePem, publicPem) = GenerateKeys();
        var content = SignatureContent.Build("POST", "/ams/sandbox/api/v1/payments/createPaymentSession", "SANDBOX_5X00000000000000", "2026-11-26T05:08:05Z", Encoding.UTF8.GetBytes(body));
        File.WriteAllBytes(Path.Combine(_dir, "content.bin"), content);

        var urlEncoded = new AntomSigner(AntomKeys.ImportPrivateKey(File.ReadAllText(privatePem)))
            .Sign("POST", "/ams/sandbox/api/v1/payments/createPaymentSession", "SANDBOX_5X00000000000000", "2026-11-26T05:08:05Z", Encoding.UTF8.GetBytes(body));
        File.WriteAllBytes(Path.Combine(_dir, "sig.bin"), Convert.FromBase64String(WebUtility.UrlDecode(urlEncoded)));

        var output = OpenSsl($"dgst -sha256 -verify \"{publicPem}\" -signature sig.bin content.bin");
        Assert.Contains("Verified OK", output);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Openssl_signature_verifies_with_Kit(string body)
    {
        var (privatePem, publicPem) = GenerateKeys();
        var bytes = Encoding.UTF8.GetBytes(body);
        File.WriteAllBytes(Path.Combine(_dir, "content.bin"), SignatureContent.Build("POST", "/payNotify", "SANDBOX_5X00000000000000", "1764133685000", bytes));
        OpenSsl($"dgst -sha256 -sign \"{privatePem}\" -out sig.bin content.bin");
        var header = SignatureHeader.Format(1, Uri.EscapeDataString(Convert.ToBase64String(File.ReadAllBytes(Path.Combine(_dir, "sig.bin")))));

        var verifier = new AntomSignatureVerifier(AntomKeys.ImportPublicKey(File.ReadAllText(publicPem)));
        Assert.True(verifier.Verify(header, "POST", "/payNotify", "SANDBOX_5X00000000000000", "1764133685000", bytes).IsValid);
        Assert.False(verifier.Verify(header, "POST", "/payNotify", "SANDBOX_5X00000000000000", "1764133685001", bytes).IsValid);
    }

    private (string Private, string Public) GenerateKeys()
    {
        var privatePem = Path.Combine(_dir, "private.pem");
        var publicPem = Path.Combine(_dir, "public.pem");
        OpenSsl($"genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out \"{privatePem}\"");
        OpenSsl($"pkey -in \"{privatePem}\" -pubout -out \"{publicPem}\"");
        return (privatePem, publicPem);
    }

    private string OpenSsl(string arguments)
    {
        var start = new ProcessStartInfo("openssl", arguments) { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(start) ?? throw new InvalidOperationException("openssl could not be started; install the openssl package");
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"openssl {arguments} failed: {output}");
        return output;
    }
}
