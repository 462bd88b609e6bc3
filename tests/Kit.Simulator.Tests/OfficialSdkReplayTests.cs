using System.Text.Json.Nodes;
using Kit.Contracts.Signing;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>
/// The requests Antom's official server SDKs send (.NET 2.2.5, PHP 1.5.5, Python 1.5.5; recorded in OfficialSdks/),
/// replayed byte for byte through the real HTTP server: the same request line form (the Python SDK's absolute form
/// included), header names, casing and order, request-time format and body; only the client id and signature are
/// the test merchant's. Each SDK's session is created, inquired, cancelled and inquired again, and every answer is
/// checked the way that SDK reads it.
/// </summary>
public sealed class OfficialSdkReplayTests : IDisposable
{
    private readonly RunningSimulator _sim = new();

    public void Dispose() => _sim.Dispose();

    public static TheoryData<string, string[]> Sdks => new()
    {
        { "dotnet-2.2.5", ["createPaymentSession-cashier", "createPaymentSession-agreement"] },
        { "php-1.5.5", ["createPaymentSession"] },
        { "python-1.5.5", ["createPaymentSession"] },
    };

    [Theory]
    [MemberData(nameof(Sdks))]
    public async Task An_official_sdks_requests_succeed_as_sent(string sdk, string[] creates)
    {
        foreach (var create in creates)
        {
            var session = await ReplayAsync($"{sdk}-{create}.http");
            Assert.False(string.IsNullOrEmpty(session["paymentSessionData"]?.GetValue<string>()), session.ToJsonString());
        }
        Assert.Equal("PROCESSING", (await ReplayAsync($"{sdk}-inquiryPayment.http"))["paymentStatus"]?.GetValue<string>());
        var cancel = await ReplayAsync($"{sdk}-cancel.http");
        Assert.NotNull(cancel["cancelTime"]);
        Assert.Equal("CANCELLED", (await ReplayAsync($"{sdk}-inquiryPayment.http"))["paymentStatus"]?.GetValue<string>());
    }

    [Fact]
    public void The_dotnet_sdks_bodies_carry_its_nulls_and_enum_defaults()
    {
        // What makes the .NET SDK's requests special, so the replay above proves something: unset members as null,
        // and env.osType / paymentMethod.funding filled with its enums' first values.
        var bytes = RecordedRequest.Load("dotnet-2.2.5-createPaymentSession-cashier.http").Body;
        var body = JsonNode.Parse(bytes)!;
        Assert.Null(body["merchantAccountId"]);
        Assert.True(body.AsObject().ContainsKey("merchantAccountId"));
        Assert.Equal("IOS", body["env"]!["osType"]!.GetValue<string>());
        Assert.Equal("WEB", body["env"]!["terminalType"]!.GetValue<string>());
        Assert.Equal("CREDIT", body["paymentMethod"]!["funding"]!.GetValue<string>());
        Assert.Equal(60, System.Text.Encoding.UTF8.GetString(bytes).Split(":null").Length - 1);
    }

    /// <summary>Sends a recorded request re-signed as the sandbox merchant; checks the answer as every SDK does and returns its body.</summary>
    private async Task<JsonObject> ReplayAsync(string file)
    {
        var recorded = RecordedRequest.Load(file);
        var clientId = _sim.Host.Clients.SandboxClientId;
        var signer = new AntomSigner(_sim.Host.Clients.SandboxMerchantKey);
        var wire = recorded.ToWire(_sim.Host.BaseAddress.Authority, clientId,
            (path, id, time, body) => signer.SignatureHeaderValue("POST", path, id, time, body));
        var response = await RawHttp.SendAsync(_sim.Host.BaseAddress, wire);

        Assert.Equal(200, response.Status);
        var json = JsonNode.Parse(response.Body)!.AsObject();
        var result = json["result"]!;
        Assert.True(result["resultCode"]!.GetValue<string>() == "SUCCESS", $"{file}: {json.ToJsonString()}");
        Assert.Equal("S", result["resultStatus"]!.GetValue<string>());

        // The Python and PHP SDKs find these headers by their exact lower-case names; the .NET SDK throws without them.
        string Exact(string name) => response.Headers.Single(h => h.Name == name).Value;
        Assert.Equal(clientId, Exact("client-id"));
        var verification = new AntomSignatureVerifier(AntomKeys.ImportPublicKey(_sim.Host.Clients.AntomPublicKeyPem))
            .Verify(Exact("signature"), "POST", recorded.Path, clientId, Exact("response-time"), response.Body);
        Assert.True(verification.IsValid, $"{file}: response signature {verification.Failure}: {verification.Message}");
        return json;
    }
}
