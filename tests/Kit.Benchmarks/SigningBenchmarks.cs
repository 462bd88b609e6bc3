using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Kit.Contracts.Signing;

namespace Kit.Benchmarks;

/// <summary>
/// Kit's signer and verifier (content building, Base64, URL encoding, header parsing) against the bare RSA-2048
/// primitive on the same content, in the same run.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SigningBenchmarks
{
    private const string Path = "/ams/sandbox/api/v1/payments/createPaymentSession";
    private const string ClientId = "SANDBOX_5X00000000000000";
    private const string Time = "1764133685000";
    private readonly RSA _key = RSA.Create(2048);
    private byte[] _body = [];
    private byte[] _content = [];
    private byte[] _signature = [];
    private string _header = "";
    private AntomSigner _signer = null!;
    private AntomSignatureVerifier _verifier = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = Encoding.UTF8.GetBytes(Requests.Valid);
        _content = SignatureContent.Build("POST", Path, ClientId, Time, _body);
        _signature = _key.SignData(_content, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _signer = new AntomSigner(_key);
        _verifier = new AntomSignatureVerifier(_key);
        _header = _signer.SignatureHeaderValue("POST", Path, ClientId, Time, _body);
        if (!_verifier.Verify(_header, "POST", Path, ClientId, Time, _body).IsValid) throw new InvalidOperationException("setup signature does not verify");
    }

    [Benchmark(Baseline = true), BenchmarkCategory("sign")]
    public byte[] RsaSignData() => _key.SignData(_content, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark, BenchmarkCategory("sign")]
    public string KitSign() => _signer.SignatureHeaderValue("POST", Path, ClientId, Time, _body);

    [Benchmark(Baseline = true), BenchmarkCategory("verify")]
    public bool RsaVerifyData() => _key.VerifyData(_content, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark, BenchmarkCategory("verify")]
    public bool KitVerify() => _verifier.Verify(_header, "POST", Path, ClientId, Time, _body).IsValid;
}
