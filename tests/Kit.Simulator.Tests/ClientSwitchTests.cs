using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>
/// What a harness driving a merchant's own checkout reads and switches in the simulator over HTTP: the log of the
/// merchant's calls with the simulator's verdict on each, a fault armed for the next session before its id is known,
/// and notifications withheld to see whether the merchant inquires.
/// </summary>
public sealed class ClientSwitchTests : IDisposable
{
    private const string CreatePath = "/ams/sandbox/api/v1/payments/createPaymentSession";
    private readonly RunningSimulator _sim = new();

    public void Dispose() => _sim.Dispose();

    private async Task<JsonObject> Calls(long after, string more = "") =>
        (JsonObject)JsonNode.Parse(await _sim.Control.GetStringAsync($"/kit/merchant-calls?after={after}{more}"))!;

    private static string Session(string id, string osType = "IOS") => $$$"""
        {"productCode":"AGREEMENT_PAYMENT","paymentRequestId":"{{{id}}}","paymentRedirectUrl":"https://shop.example/done","paymentNotifyUrl":"https://shop.example/notify",
         "paymentAmount":{"currency":"THB","value":"125000"},"order":{"referenceOrderId":"{{{id}}}","orderDescription":"coffee","orderAmount":{"currency":"THB","value":"125000"}},
         "paymentMethod":{"paymentMethodType":"BANK","paymentMethodMetaData":{"paymentMethodCategory":"ONLINE_BANKING"}},"env":{"terminalType":"WAP","osType":"{{{osType}}}"}}
        """;

    private Task<RawMessage> SendSigned(string body) =>
        RawHttp.SendAsync(_sim.Host.BaseAddress, RawHttp.SignedPost(_sim.Host.BaseAddress, CreatePath, _sim.Host.Clients.SandboxClientId,
            _sim.Host.Clients.SandboxMerchantKey, Encoding.UTF8.GetBytes(body), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString()));

    [Fact]
    public async Task Every_merchant_call_is_logged_with_its_signature_and_validation_verdict_after_a_mark()
    {
        var mark = (await Calls(0))["last"]!.GetValue<long>();
        Assert.Contains("\"resultStatus\":\"S\"", (await SendSigned(Session("CALL-OK"))).Text);
        await SendSigned(Session("CALL-BAD", osType: "iOS"));
        var unsigned = new HttpRequestMessage(HttpMethod.Post, CreatePath) { Content = new StringContent(Session("CALL-UNSIGNED"), Encoding.UTF8, "application/json") };
        unsigned.Headers.Add("client-id", _sim.Host.Clients.SandboxClientId);
        unsigned.Headers.Add("request-time", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString());
        var refused = await _sim.Control.SendAsync(unsigned);
        Assert.Contains("INVALID_SIGNATURE", await refused.Content.ReadAsStringAsync());
        await _sim.Client().InquiryPaymentAsync(new Kit.Contracts.Antom.InquiryPaymentRequest { PaymentRequestId = "CALL-OK" });

        var log = await Calls(mark);
        var calls = log["calls"]!.AsArray().Select(c => (JsonObject)c!).ToList();
        Assert.Equal(["createPaymentSession", "createPaymentSession", "createPaymentSession", "inquiryPayment"], calls.Select(c => c["operation"]!.GetValue<string>()));
        Assert.Equal(["CALL-OK", "CALL-BAD", "CALL-UNSIGNED", "CALL-OK"], calls.Select(c => c["paymentRequestId"]!.GetValue<string>()));

        var ok = calls[0];
        Assert.Equal("valid", ok["signature"]!.GetValue<string>());
        Assert.Empty(ok["violations"]!.AsArray());
        Assert.Equal("SUCCESS", ok["resultCode"]!.GetValue<string>());
        Assert.Equal("https://shop.example/notify", ok["paymentNotifyUrl"]!.GetValue<string>());
        Assert.NotNull(ok["paymentSessionId"]);

        var bad = calls[1];
        Assert.Equal("valid", bad["signature"]!.GetValue<string>());
        Assert.Equal("PARAM_ILLEGAL", bad["resultCode"]!.GetValue<string>());
        Assert.Contains(bad["violations"]!.AsArray(), v => v!.GetValue<string>().StartsWith("/env/osType:", StringComparison.Ordinal));

        var noSignature = calls[2];
        Assert.NotEqual("valid", noSignature["signature"]!.GetValue<string>());
        Assert.Contains("signature", noSignature["signature"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);

        // A mark reads only what came after it; a mark that is not a number is the reader's mistake, named.
        Assert.Empty((await Calls(log["last"]!.GetValue<long>()))["calls"]!.AsArray());
        var justTheMark = await Calls(0, "&limit=0");
        Assert.Empty(justTheMark["calls"]!.AsArray());
        Assert.Equal(mark + 4, justTheMark["last"]!.GetValue<long>());
        Assert.Equal("CALL-OK", (await Calls(mark, "&limit=1"))["calls"]!.AsArray().Single()!["paymentRequestId"]!.GetValue<string>());
        foreach (var (query, says) in new[] { ("after=yesterday", "after must be"), ("limit=-1", "limit must be"), ("limit=5000", "limit must be") })
        {
            var wrong = await _sim.Control.GetAsync($"/kit/merchant-calls?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains(says, await wrong.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_fault_armed_for_the_next_session_takes_that_session_only()
    {
        var armed = await _sim.Post("/kit/sdk-fault/next", """{"fault":"gatewayBusinessFailure"}""");
        Assert.Equal("SDK_CREATECOMPONENT_ERROR", armed["provokes"]!.GetValue<string>());
        var first = (await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("NEXT-1"))).Body.PaymentSessionData!;
        var second = (await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("NEXT-2"))).Body.PaymentSessionData!;

        Assert.Equal("3000", (await Gateway(first)).Headers.GetValues("Result-Status").Single());
        Assert.Equal("1000", (await Gateway(second)).Headers.GetValues("Result-Status").Single());

        var unknown = await _sim.Control.PostAsync("/kit/sdk-fault/next", new StringContent("""{"fault":"meteor"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("gatewayBusinessFailure", await unknown.Content.ReadAsStringAsync()); // the message lists the faults
    }

    [Fact]
    public async Task Withheld_notifications_are_recorded_and_never_sent_until_the_switch_is_off()
    {
        await using var webhook = new MerchantWebhook(_sim.Host.Clients.AntomPublicKeyPem, _sim.Host.Clients.SandboxClientId);
        await _sim.Post("/kit/notifications/withhold", """{"withhold":true}""");
        await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("HELD") with { PaymentNotifyUrl = webhook.Url });
        await _sim.Post("/kit/payments/HELD/approve");
        await _sim.Post("/kit/clock/advance", """{"seconds":86400}"""); // a day of retries would have been due by now

        var held = JsonNode.Parse(await _sim.Control.GetStringAsync("/kit/notifications?paymentRequestId=HELD"))!["notifications"]!.AsArray().Single()!;
        Assert.Equal("withheld", held["state"]!.GetValue<string>());
        Assert.Empty(held["attempts"]!.AsArray());
        Assert.Empty(webhook.Verified);

        // The merchant can still learn the result by inquiring, which is what the switch is for.
        var inquiry = await _sim.Client().InquiryPaymentAsync(new Kit.Contracts.Antom.InquiryPaymentRequest { PaymentRequestId = "HELD" });
        Assert.Equal(Kit.Contracts.Antom.PaymentStatus.Success, inquiry.Body.PaymentStatus);

        await _sim.Post("/kit/notifications/withhold", """{"withhold":false}""");
        await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("SENT") with { PaymentNotifyUrl = webhook.Url });
        await _sim.Post("/kit/payments/SENT/approve");
        var sent = JsonNode.Parse(await _sim.Control.GetStringAsync("/kit/notifications?paymentRequestId=SENT&waitSeconds=10"))!["notifications"]!.AsArray().Single()!;
        Assert.True(sent["attempts"]![0]!["acknowledged"]!.GetValue<bool>());
        Assert.Equal("SENT", Assert.Single(webhook.Verified).Notification!.PaymentRequestId);

        var wrongType = await _sim.Control.PostAsync("/kit/notifications/withhold", new StringContent("""{"withhold":"yes"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
    }

    private async Task<HttpResponseMessage> Gateway(string sessionData)
    {
        var query = new JsonObject { ["paymentSessionData"] = string.Join("&&", sessionData.Split("&&").Take(3)) };
        var message = new HttpRequestMessage(HttpMethod.Post, "/mgw.htm") { Content = new StringContent(new JsonArray(query).ToJsonString(), Encoding.UTF8, "application/json") };
        message.Headers.Add("Origin", "http://merchant.test");
        message.Headers.Add("Operation-Type", "com.ipay.iexpcashier.sdkAction.query");
        return await _sim.Control.SendAsync(message);
    }
}
