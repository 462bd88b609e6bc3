using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Kit.Simulator.Engine;
using Kit.Simulator.Hosting;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>notifyPayment to a real merchant endpoint: signed as Antom signs it, retried on Antom's schedule on a virtual clock.</summary>
public sealed class NotificationTests : IDisposable
{
    private static readonly DateTimeOffset Start = RunningSimulator.Start;
    private readonly RunningSimulator _sim = new();

    public void Dispose() => _sim.Dispose();


    private AntomClient Client(string? clientId = null) => _sim.Client(clientId: clientId);

    private async Task<MerchantWebhook> Webhook(int failFirst = 0, string? clientId = null) =>
        new(await _sim.Control.GetStringAsync("/kit/keys/antom-public.pem"), clientId ?? _sim.Host.Clients.SandboxClientId, failFirst);

    private async Task<JsonObject> Notification(string paymentRequestId, string? clientId = null)
    {
        var json = await _sim.Control.GetStringAsync($"/kit/notifications?paymentRequestId={paymentRequestId}&waitSeconds=10{(clientId is null ? "" : "&clientId=" + clientId)}");
        return (JsonObject)JsonNode.Parse(json)!["notifications"]!.AsArray().Single()!;
    }

    private Task<JsonNode> Post(string path, string body = "{}") => _sim.Post(path, body);

    [Fact]
    public async Task An_approved_payment_is_notified_once_and_acknowledged()
    {
        await using var webhook = await Webhook();
        await Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-OK") with { PaymentNotifyUrl = webhook.Url });
        await Post("/kit/payments/REQ-OK/approve");

        var n = await Notification("REQ-OK");
        Assert.Equal("delivered", n["state"]!.GetValue<string>());
        var attempt = Assert.Single(n["attempts"]!.AsArray())!;
        Assert.True(attempt["acknowledged"]!.GetValue<bool>());
        var verified = Assert.Single(webhook.Verified);
        Assert.True(verified.IsValid, verified.Message);
        Assert.Equal(NotifyType.PaymentResult, verified.Notification!.NotifyType);
        Assert.Equal(ResultStatus.S, verified.Notification.Result.ResultStatus);
    }

    [Fact]
    public async Task A_failing_endpoint_gets_Antoms_eight_attempts_on_schedule()
    {
        await using var webhook = await Webhook(failFirst: int.MaxValue);
        await Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-DOWN") with { PaymentNotifyUrl = webhook.Url });
        await Post("/kit/payments/REQ-DOWN/decline", """{"resultCode":"USER_BALANCE_NOT_ENOUGH"}""");
        await Post("/kit/clock/advance", """{"seconds": 90000}"""); // 25 h of retries, in virtual time

        var n = await Notification("REQ-DOWN");
        Assert.Equal("given-up", n["state"]!.GetValue<string>());
        var times = n["attempts"]!.AsArray().Select(a => DateTimeOffset.Parse(a!["at"]!.GetValue<string>()) - Start).ToList();
        var expected = new[] { 0, 2, 12, 22, 82, 202, 562, 1462 }.Select(m => TimeSpan.FromMinutes(m)).ToList();
        Assert.Equal(expected, times);
        Assert.All(n["attempts"]!.AsArray(), a => Assert.Equal(500, a!["statusCode"]!.GetValue<int>()));
        Assert.Equal(8, webhook.Verified.Count);
        Assert.All(webhook.Verified, v => Assert.True(v.IsValid)); // every retry is signed correctly
        Assert.Equal("USER_BALANCE_NOT_ENOUGH", webhook.Verified[0].Notification!.Result.ResultCode);
    }

    [Fact]
    public async Task Delivery_stops_at_the_first_exact_acknowledgement()
    {
        await using var webhook = await Webhook(failFirst: 2);
        await Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-THIRD") with { PaymentNotifyUrl = webhook.Url });
        await Post("/kit/payments/REQ-THIRD/approve");
        await Post("/kit/clock/advance", """{"seconds": 3600}""");
        var n = await Notification("REQ-THIRD");
        Assert.Equal("delivered", n["state"]!.GetValue<string>());
        Assert.Equal(3, n["attempts"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_abandoned_payment_expires_and_is_notified_as_failed()
    {
        await using var webhook = await Webhook();
        await Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-GONE") with { PaymentNotifyUrl = webhook.Url });
        await Post("/kit/payments/REQ-GONE/abandon");
        await Post("/kit/clock/advance", """{"seconds": 3601}""");

        var verified = Assert.Single(webhook.Verified);
        Assert.Equal("ORDER_CLOSED", verified.Notification!.Result.ResultCode);
        Assert.Equal(PaymentStatus.Fail, (await Client().InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "REQ-GONE" })).Body.PaymentStatus);
    }

    [Fact]
    public async Task A_client_can_have_the_real_sandboxs_no_retry_behaviour()
    {
        _sim.Host.Clients.Register(new MerchantClient("SANDBOX_NORETRY", _sim.Host.Clients.SandboxMerchantKey, NotificationRetries: false));
        await using var webhook = await Webhook(failFirst: int.MaxValue, clientId: "SANDBOX_NORETRY");
        await Client("SANDBOX_NORETRY").CreatePaymentSessionAsync(RunningSimulator.Request("REQ-NR") with { PaymentNotifyUrl = webhook.Url });
        await Post("/kit/payments/REQ-NR/approve?clientId=SANDBOX_NORETRY");
        await Post("/kit/clock/advance", """{"seconds": 90000}""");
        var n = await Notification("REQ-NR", "SANDBOX_NORETRY");
        Assert.Equal("given-up", n["state"]!.GetValue<string>());
        Assert.Single(n["attempts"]!.AsArray());
    }

    [Fact]
    public async Task Control_api_says_what_is_wrong()
    {
        var missing = await _sim.Control.PostAsync("/kit/payments/NOPE/approve", null);
        Assert.Equal(404, (int)missing.StatusCode);
        Assert.Contains("NOPE", await missing.Content.ReadAsStringAsync());
        var bad = await _sim.Control.PostAsync("/kit/clock/advance", new StringContent("{\"minutes\":1}"));
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("seconds", await bad.Content.ReadAsStringAsync());
    }
}
