using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Kit.Simulator.Hosting;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>State and keys live in the data directory: a restarted simulator knows its client, keys and payments.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("kit-sim-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_restart_loses_no_payment_and_keeps_the_keys()
    {
        string clientId, paymentId;
        var options = new SimulatorOptions { DataDirectory = _data };
        using (var first = SimulatorHost.StartOnFreePort(options))
        {
            clientId = first.Clients.SandboxClientId;
            Assert.True(File.Exists(Path.Combine(_data, "keys", "merchant-private.pem")));
            var session = await Client(first).CreatePaymentSessionAsync(RunningSimulator.Request("REQ-DURABLE"));
            Assert.True(session.IsSuccess);
            paymentId = (await Client(first).InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "REQ-DURABLE" })).Body.PaymentId!;
        }

        using var second = SimulatorHost.StartOnFreePort(options);
        Assert.Equal(clientId, second.Clients.SandboxClientId);
        // A merchant that kept the key files from the first start still signs correctly.
        var merchantKey = AntomKeys.ImportPrivateKey(File.ReadAllText(Path.Combine(_data, "keys", "merchant-private.pem")));
        var client = new AntomClient(new HttpClient { BaseAddress = second.BaseAddress }, new AntomClientOptions
        {
            ClientId = clientId, MerchantPrivateKey = merchantKey,
            AntomPublicKey = AntomKeys.ImportPublicKey(File.ReadAllText(Path.Combine(_data, "keys", "antom-public.pem"))),
        });
        var inquiry = await client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentId = paymentId });
        Assert.Equal(PaymentStatus.Processing, inquiry.Body.PaymentStatus);
        Assert.Equal("REQ-DURABLE", inquiry.Body.PaymentRequestId);
    }

    private static AntomClient Client(SimulatorHost host) => new(new HttpClient { BaseAddress = host.BaseAddress }, new AntomClientOptions
    {
        ClientId = host.Clients.SandboxClientId,
        MerchantPrivateKey = host.Clients.SandboxMerchantKey,
        AntomPublicKey = AntomKeys.ImportPublicKey(host.Clients.AntomPublicKeyPem),
    });
}
