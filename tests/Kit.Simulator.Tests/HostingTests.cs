using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Kit.Simulator.Hosting;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>What QA relies on around the API: WireMock's admin API and registering merchants from a config file.</summary>
public sealed class HostingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kit-sim-host-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task WireMock_admin_api_stays_usable_and_an_override_mapping_wins()
    {
        using var sim = new RunningSimulator();
        var mappings = JsonNode.Parse(await sim.Control.GetStringAsync("/__admin/mappings"))!.AsArray();
        Assert.True(mappings.Count >= 3);

        const string canned = """{"result":{"resultCode":"UNKNOWN_EXCEPTION","resultStatus":"U","resultMessage":"QA override"}}""";
        var mapping = new JsonObject
        {
            ["Priority"] = 1,
            ["Request"] = new JsonObject { ["Path"] = "/ams/sandbox/api/v1/payments/inquiryPayment", ["Methods"] = new JsonArray("POST") },
            ["Response"] = new JsonObject { ["StatusCode"] = 200, ["Body"] = canned, ["Headers"] = new JsonObject { ["Content-Type"] = "application/json" } },
        };
        var added = await sim.Control.PostAsync("/__admin/mappings", new StringContent(mapping.ToJsonString(), Encoding.UTF8, "application/json"));
        added.EnsureSuccessStatusCode();
        var guid = JsonNode.Parse(await added.Content.ReadAsStringAsync())!["Guid"]!.GetValue<string>();

        var client = new AntomClient(new HttpClient { BaseAddress = sim.Host.BaseAddress }, new AntomClientOptions
        {
            ClientId = sim.Host.Clients.SandboxClientId, MerchantPrivateKey = sim.Host.Clients.SandboxMerchantKey, ResponseSignature = ResponseSignaturePolicy.Optional,
        });
        var overridden = await client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "ANY" });
        Assert.Equal(AntomOutcome.Unknown, overridden.Outcome);
        Assert.Equal("QA override", overridden.Result.ResultMessage);
        Assert.True((await sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-STILL"))).IsSuccess); // other APIs untouched

        // Without the override the simulator answers again, signed.
        (await sim.Control.DeleteAsync($"/__admin/mappings/{guid}")).EnsureSuccessStatusCode();
        var real = await sim.Client().InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "ANY" });
        Assert.Equal("ORDER_NOT_EXIST", real.Result.ResultCode);
        Assert.True(real.ResponseSignature.IsValid);
    }

    [Fact]
    public async Task A_client_from_the_config_file_calls_with_its_own_key()
    {
        var key = RSA.Create(2048);
        var config = Path.Combine(_dir, "clients.json");
        File.WriteAllText(config, new JsonObject
        {
            ["clients"] = new JsonArray(new JsonObject { ["clientId"] = "SANDBOX_TEAM_A", ["publicKey"] = AntomKeys.ExportPublicKeyBase64(key) }),
        }.ToJsonString());
        using var host = SimulatorHost.StartOnFreePort(new SimulatorOptions { InMemory = true, ConfigFile = config });
        var client = new AntomClient(new HttpClient { BaseAddress = host.BaseAddress }, new AntomClientOptions
        {
            ClientId = "SANDBOX_TEAM_A", MerchantPrivateKey = key, AntomPublicKey = AntomKeys.ImportPublicKey(host.Clients.AntomPublicKeyPem),
        });
        Assert.True((await client.CreatePaymentSessionAsync(RunningSimulator.Request("REQ-TEAM-A"))).IsSuccess);
        var stranger = new AntomClient(new HttpClient { BaseAddress = host.BaseAddress }, new AntomClientOptions
        {
            ClientId = "SANDBOX_TEAM_A", MerchantPrivateKey = RSA.Create(2048), AntomPublicKey = AntomKeys.ImportPublicKey(host.Clients.AntomPublicKeyPem),
        });
        Assert.Equal("INVALID_SIGNATURE", (await stranger.CreatePaymentSessionAsync(RunningSimulator.Request("REQ-TEAM-B"))).Result.ResultCode);
    }
}
