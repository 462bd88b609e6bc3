using System.Security.Cryptography;
using System.Text;
using Kit.Contracts.Signing;
using Xunit;

namespace Kit.Contracts.Tests;

public sealed class SigningTests
{
    private static readonly RSA Merchant = RSA.Create(2048);
    private static readonly RSA Other = RSA.Create(2048);
    private const string Path = "/ams/sandbox/api/v1/payments/createPaymentSession";
    private const string ClientId = "SANDBOX_5X00000000000000";
    private const string Time = "1764139736000";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"paymentRequestId":"R1","order":{"orderDescription":"ชุดกาแฟ"}}""");

    private static string SignedHeader() => new AntomSigner(Merchant).SignatureHeaderValue("POST", Path, ClientId, Time, Body);

    [Fact]
    public void Signs_the_exact_content_and_verifies()
    {
        var header = SignedHeader();
        Assert.Matches("^algorithm=RSA256,keyVersion=1,signature=[A-Za-z0-9%._-]+$", header);
        Assert.DoesNotContain("+", header.Split("signature=")[1]); // URL-encoded
        Assert.True(new AntomSignatureVerifier(Merchant).Verify(header, "POST", Path, ClientId, Time, Body).IsValid);
        Assert.Equal("POST /p\nC.T.{}", Encoding.UTF8.GetString(SignatureContent.Build("POST", "/p", "C", "T", "{}"u8)));
    }

    [Fact]
    public void Accepts_either_hex_case_and_spaces_after_commas()
    {
        var header = SignedHeader();
        var lower = System.Text.RegularExpressions.Regex.Replace(header, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());
        Assert.NotEqual(header, lower);
        var spaced = lower.Replace(",", ", ");
        Assert.True(new AntomSignatureVerifier(Merchant).Verify(spaced, "POST", Path, ClientId, Time, Body).IsValid);
    }

    [Theory]
    [InlineData(null, SignatureFailure.MissingHeader)]
    [InlineData("", SignatureFailure.MissingHeader)]
    [InlineData("RSA256 abc", SignatureFailure.MalformedHeader)]
    [InlineData("algorithm=RSA256,keyVersion=1", SignatureFailure.MalformedHeader)]
    [InlineData("algorithm=RSA512,keyVersion=1,signature=abc", SignatureFailure.UnsupportedAlgorithm)]
    [InlineData("algorithm=RSA256,keyVersion=1,signature=%%%not-base64", SignatureFailure.MalformedSignature)]
    public void Bad_headers_fail_with_a_specific_reason(string? header, SignatureFailure expected)
    {
        var result = new AntomSignatureVerifier(Merchant).Verify(header, "POST", Path, ClientId, Time, Body);
        Assert.Equal(expected, result.Failure);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }

    [Fact]
    public void Wrong_key_changed_byte_path_and_client_id_fail()
    {
        var header = SignedHeader();
        var verifier = new AntomSignatureVerifier(Merchant);
        Assert.Equal(SignatureFailure.Mismatch, new AntomSignatureVerifier(Other).Verify(header, "POST", Path, ClientId, Time, Body).Failure);

        var changed = (byte[])Body.Clone();
        changed[^2] ^= 0x01;
        var oneByte = verifier.Verify(header, "POST", Path, ClientId, Time, changed);
        Assert.Equal(SignatureFailure.Mismatch, oneByte.Failure);
        Assert.Contains("exact bytes", oneByte.Message);

        var livePath = verifier.Verify(header, "POST", "/ams/api/v1/payments/createPaymentSession", ClientId, Time, Body);
        Assert.Equal(SignatureFailure.PathMismatch, livePath.Failure);
        Assert.Contains("/ams/sandbox/api", livePath.Message);

        Assert.Equal(SignatureFailure.Mismatch, verifier.Verify(header, "POST", Path, "SANDBOX_OTHER", Time, Body).Failure);
        Assert.Equal(SignatureFailure.MissingTime, verifier.Verify(header, "POST", Path, ClientId, null, Body).Failure);
    }

    [Fact]
    public void Keys_load_from_every_form()
    {
        var key = RSA.Create(2048);
        var forms = new Dictionary<string, (string Text, bool Private)>
        {
            ["PKCS#8 PEM"] = (key.ExportPkcs8PrivateKeyPem(), true),
            ["PKCS#1 PEM"] = (key.ExportRSAPrivateKeyPem(), true),
            ["SPKI PEM"] = (key.ExportSubjectPublicKeyInfoPem(), false),
            ["PKCS#1 public PEM"] = (key.ExportRSAPublicKeyPem(), false),
            ["Antom Base64 private"] = (AntomKeys.ExportPrivateKeyBase64(key), true),
            ["Antom Base64 public"] = (AntomKeys.ExportPublicKeyBase64(key), false),
            ["Base64 PKCS#1 private"] = (Convert.ToBase64String(key.ExportRSAPrivateKey()), true),
        };
        foreach (var (name, (text, isPrivate)) in forms)
        {
            using var loaded = isPrivate ? AntomKeys.ImportPrivateKey(text) : AntomKeys.ImportPublicKey(text);
            Assert.True(key.ExportRSAPublicKey().AsSpan().SequenceEqual(loaded.ExportRSAPublicKey()), name);
        }
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("not a key at all!", "neither PEM nor Base64")]
    [InlineData("QUJD", "neither PKCS#8 nor PKCS#1")]
    public void Bad_keys_say_what_was_expected(string text, string expected)
    {
        var e = Assert.Throws<AntomKeyException>(() => AntomKeys.ImportPrivateKey(text));
        Assert.Contains(expected, e.Message);
        var pub = Assert.Throws<AntomKeyException>(() => AntomKeys.ImportPublicKey(RSA.Create(2048).ExportPkcs8PrivateKeyPem()));
        Assert.Contains("Expected a public key", pub.Message);
    }
}
