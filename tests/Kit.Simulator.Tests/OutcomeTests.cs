using System.Text;
using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Kit.Simulator.Engine;
using Kit.Simulator.Hosting;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>The trigger table of schemas/catalog/outcomes.json, and forcing outcomes through the control API.</summary>
public sealed class OutcomeTests : IDisposable
{
    private static readonly DateTimeOffset Start = RunningSimulator.Start;
    private readonly RunningSimulator _sim = new();

    public void Dispose() => _sim.Dispose();


    private AntomClient Client(string? clientId = null) => _sim.Client(clientId: clientId);

    private Task<JsonNode> Post(string path, string body = "{}") => _sim.Post(path, body);

    private async Task<InquiryPaymentResponse> Inquire(string id) => (await Client().InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = id })).Body;

    [Theory]
    [InlineData("THB", "125051", "USER_BALANCE_NOT_ENOUGH")]
    [InlineData("THB", "100052", "RISK_REJECT")]
    [InlineData("IDR", "15005300", "PAYMENT_AMOUNT_EXCEED_LIMIT")]
    [InlineData("IDR", "15005500", "USER_STATUS_ABNORMAL")]
    public async Task Trigger_amounts_fail_with_their_code(string currency, string value, string code)
    {
        var request = RunningSimulator.Request("REQ-" + code) with
        {
            PaymentAmount = new Amount { Currency = currency, Value = value },
            Order = new Order { OrderAmount = new Amount { Currency = currency, Value = value } },
        };
        Assert.True((await Client().CreatePaymentSessionAsync(request)).IsSuccess);
        Assert.Equal("FAIL", (await Post($"/kit/payments/REQ-{code}/approve"))["status"]!.GetValue<string>());
        var inquiry = await Inquire("REQ-" + code);
        Assert.Equal(PaymentStatus.Fail, inquiry.PaymentStatus);
        Assert.Equal(code, inquiry.PaymentResultCode);
    }

    [Fact]
    public async Task Ordinary_amounts_succeed_and_trigger_digits_are_read_per_currency()
    {
        await Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-PLAIN", "125000"));
        await Post("/kit/payments/REQ-PLAIN/approve");
        Assert.Equal(PaymentStatus.Success, (await Inquire("REQ-PLAIN")).PaymentStatus);
        Assert.Equal("51", OutcomeTable.TriggerDigits("THB", "125051"));
        Assert.Equal("51", OutcomeTable.TriggerDigits("IDR", "15005100"));
    }

    [Fact]
    public async Task A_delayed_result_is_pending_until_the_bank_confirms()
    {
        await Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-SLOW", "125061"));
        Assert.Equal("PENDING", (await Post("/kit/payments/REQ-SLOW/approve"))["status"]!.GetValue<string>());
        Assert.Equal(PaymentStatus.Pending, (await Inquire("REQ-SLOW")).PaymentStatus);
        await Post("/kit/clock/advance", """{"seconds": 301}""");
        Assert.Equal(PaymentStatus.Success, (await Inquire("REQ-SLOW")).PaymentStatus);
    }

    [Fact]
    public async Task The_expire_outcome_ignores_approval_and_expires_after_the_method_timeout()
    {
        await Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-TIMEOUT", "125071"));
        Assert.Equal("PROCESSING", (await Post("/kit/payments/REQ-TIMEOUT/approve"))["status"]!.GetValue<string>());
        await Post("/kit/clock/advance", """{"seconds": 839}""");
        Assert.Equal(PaymentStatus.Processing, (await Inquire("REQ-TIMEOUT")).PaymentStatus);
        await Post("/kit/clock/advance", """{"seconds": 2}""");
        var expired = await Inquire("REQ-TIMEOUT");
        Assert.Equal(PaymentStatus.Fail, expired.PaymentStatus);
        Assert.Equal("ORDER_CLOSED", expired.PaymentResultCode);
    }

    [Fact]
    public async Task A_forced_outcome_wins_over_the_amount()
    {
        await Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-FORCED", "125000"));
        await Post("/kit/payments/REQ-FORCED/force", """{"outcome": "risk-reject"}""");
        await Post("/kit/payments/REQ-FORCED/approve");
        Assert.Equal("RISK_REJECT", (await Inquire("REQ-FORCED")).PaymentResultCode);

        var unknown = await _sim.Control.PostAsync("/kit/payments/REQ-FORCED/force", new StringContent("""{"outcome": "lucky"}"""));
        Assert.Equal(400, (int)unknown.StatusCode);
        Assert.Contains("balance-not-enough", await unknown.Content.ReadAsStringAsync()); // lists the catalog
        var catalog = JsonNode.Parse(await _sim.Control.GetStringAsync("/kit/outcomes"))!["outcomes"]!.AsArray();
        Assert.Equal(11, catalog.Count);
    }

    [Theory]
    [InlineData("125081", 8, 0)]   // ack ignored: the whole schedule runs although the merchant acknowledges
    [InlineData("125082", 1, 1)]   // duplicate: two deliveries
    [InlineData("125083", 1, 1)]   // out of order: a stale PAYMENT_PENDING after the result
    public async Task Notification_faults_reach_the_merchant(string value, int attemptsOnFirst, int extraNotifications)
    {
        await using var webhook = new MerchantWebhook(_sim.Host.Clients.AntomPublicKeyPem, _sim.Host.Clients.SandboxClientId);
        var id = "REQ-N" + value;
        await Client().CreatePaymentSessionAsync(RunningSimulator.Request(id, value) with { PaymentNotifyUrl = webhook.Url });
        await Post($"/kit/payments/{id}/approve");
        await Post("/kit/clock/advance", """{"seconds": 90000}""");

        var notifications = JsonNode.Parse(await _sim.Control.GetStringAsync($"/kit/notifications?paymentRequestId={id}&waitSeconds=10"))!["notifications"]!.AsArray();
        Assert.Equal(1 + extraNotifications, notifications.Count);
        Assert.Equal(attemptsOnFirst, notifications[0]!["attempts"]!.AsArray().Count);
        Assert.All(webhook.Verified, v => Assert.True(v.IsValid, v.Message));
        var types = webhook.Verified.Select(v => v.Notification!.NotifyType).ToList();
        if (value.EndsWith("83")) Assert.Equal([NotifyType.PaymentResult, NotifyType.PaymentPending], types);
        if (value.EndsWith("82")) Assert.Equal(2, types.Count(t => t == NotifyType.PaymentResult));
    }
}
