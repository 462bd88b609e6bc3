using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Kit.Simulator.Hosting;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>
/// https:// without a certificate of one's own: the simulator makes one for 127.0.0.1 and localhost, keeps it in
/// the data directory and serves with it after a restart; a client that trusts only that file gets through, host
/// name checks included, and the Python SDK's absolute-form request line works over it.
/// </summary>
public sealed class HttpsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("kit-https-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private SimulatorHost Start() => SimulatorHost.StartOnFreePort(new SimulatorOptions { DataDirectory = _data, VirtualClockStart = RunningSimulator.Start }, "https");

    /// <summary>A TLS check that trusts exactly one certificate, and still requires the host name to match it.</summary>
    private static RemoteCertificateValidationCallback TrustOnly(string certificatePem)
    {
        var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePem));
        return (_, certificate, _, errors) =>
        {
            if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None || certificate is null) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(trusted);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
    }

    private static AntomClient Client(SimulatorHost host, HttpMessageHandler handler) => new(new HttpClient(handler) { BaseAddress = host.BaseAddress }, new AntomClientOptions
    {
        ClientId = host.Clients.SandboxClientId,
        MerchantPrivateKey = host.Clients.SandboxMerchantKey,
        AntomPublicKey = AntomKeys.ImportPublicKey(host.Clients.AntomPublicKeyPem),
    });

    [Fact]
    public async Task A_client_that_trusts_only_the_simulators_certificate_pays_over_https_and_so_does_a_restart()
    {
        string thumbprint;
        using (var host = Start())
        {
            Assert.Equal("https", host.BaseAddress.Scheme);
            var pem = host.TlsCertificateFile!;
            Assert.Equal(Path.Combine(_data, "tls", SimulatorCertificate.CertificateFileName), pem);
            thumbprint = X509Certificate2.CreateFromPem(File.ReadAllText(pem)).Thumbprint;

            var trusting = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = TrustOnly(pem) } };
            var created = await Client(host, trusting).CreatePaymentSessionAsync(RunningSimulator.Request("REQ-TLS-1"));
            Assert.Equal(AntomOutcome.Success, created.Outcome);

            // Without that trust the same call fails: the check above is real.
            var ex = await Assert.ThrowsAsync<AntomTransportException>(() => Client(host, new SocketsHttpHandler()).CreatePaymentSessionAsync(RunningSimulator.Request("REQ-TLS-2")));
            Assert.Equal(AntomTransportFailure.Network, ex.Failure);
        }
        using (var again = Start())
        {
            Assert.Equal(thumbprint, X509Certificate2.CreateFromPem(File.ReadAllText(again.TlsCertificateFile!)).Thumbprint);
            var inquiry = await Client(again, new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = TrustOnly(again.TlsCertificateFile!) } })
                .InquiryPaymentAsync(new Kit.Contracts.Antom.InquiryPaymentRequest { PaymentRequestId = "REQ-TLS-1" });
            Assert.Equal(Kit.Contracts.Antom.PaymentStatus.Processing, inquiry.Body!.PaymentStatus);
        }
    }

    [Fact]
    public async Task The_python_sdks_absolute_form_request_line_is_served_over_tls()
    {
        using var host = Start();
        var recorded = RecordedRequest.Load("python-1.5.5-createPaymentSession.http");
        Assert.StartsWith("http://", recorded.Target); // POST http://host:port/ams/... HTTP/1.1, as http.client writes it
        var signer = new AntomSigner(host.Clients.SandboxMerchantKey);
        var wire = recorded.ToWire(host.BaseAddress.Authority, host.Clients.SandboxClientId, (path, id, time, body) => signer.SignatureHeaderValue("POST", path, id, time, body));
        var response = await RawHttp.SendAsync(new Uri($"https://127.0.0.1:{host.BaseAddress.Port}/"), wire, TrustOnly(host.TlsCertificateFile!));
        Assert.Equal(200, response.Status);
        Assert.Contains("\"resultCode\":\"SUCCESS\"", response.Text);
    }

    [Fact]
    public async Task The_https_option_of_the_command_line_prints_the_certificate_it_serves_with()
    {
        using var simulator = new SimulatorProcess(_data, "--https");
        var line = Assert.Single(simulator.Output, l => l.TrimStart().StartsWith("TLS:"));
        var pem = Path.Combine(_data, "tls", SimulatorCertificate.CertificateFileName);
        Assert.Contains(pem, line);
        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = TrustOnly(pem) } }) { BaseAddress = simulator.BaseAddress };
        Assert.Contains("sandboxClientId", await http.GetStringAsync("kit"));
    }
}
