using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>
/// Refunds through Kit's typed client against the running simulator: partial refunds that never exceed what was
/// paid, idempotency on refundRequestId, the Thai bank methods that take none, the refund window, asynchronous
/// refunds notified signed to refundNotifyUrl, and outcomes QA forces.
/// </summary>
public sealed class RefundTests : IDisposable
{
    private readonly RunningSimulator _sim = new();

    public void Dispose() => _sim.Dispose();

    /// <summary>A paid payment through a bank method: Indonesian (refundable) or Thai (not).</summary>
    private async Task<string> PaidAsync(string requestId, string method = "BANKTRANSFER_PERMATA", string currency = "IDR", string value = "15000000")
    {
        var request = RunningSimulator.Request(requestId, value) with
        {
            ProductCode = ProductCode.CashierPayment,
            PaymentAmount = new Amount { Currency = currency, Value = value },
            Order = new Order { OrderAmount = new Amount { Currency = currency, Value = value }, OrderDescription = "Kopi susu", ReferenceOrderId = "ORD-" + requestId },
            PaymentMethod = new PaymentMethod { PaymentMethodType = method },
        };
        Assert.True((await _sim.Client().CreatePaymentSessionAsync(request)).IsSuccess);
        await _sim.Post($"kit/payments/{requestId}/approve");
        var inquiry = await _sim.Client().InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = requestId });
        Assert.Equal(PaymentStatus.Success, inquiry.Body.PaymentStatus);
        return inquiry.Body.PaymentId!;
    }

    private static RefundRequest Refund(string refundRequestId, string paymentId, string value, string currency = "IDR") => new()
    {
        RefundRequestId = refundRequestId,
        PaymentId = paymentId,
        RefundAmount = new Amount { Currency = currency, Value = value },
        RefundReason = "Pesanan dibatalkan",
    };

    [Fact]
    public async Task Partial_refunds_add_up_to_at_most_what_was_paid_and_refundRequestId_is_idempotent()
    {
        var paymentId = await PaidAsync("REQ-REFUND-ID");
        var client = _sim.Client();

        var first = await client.RefundAsync(Refund("RF-1", paymentId, "5000000"));
        Assert.Equal(AntomOutcome.Success, first.Outcome);
        Assert.Equal(("RF-1", paymentId, "5000000"), (first.Body.RefundRequestId, first.Body.PaymentId, first.Body.RefundAmount!.Value));
        Assert.NotNull(first.Body.RefundTime);

        var again = await client.RefundAsync(Refund("RF-1", paymentId, "5000000"));
        Assert.Equal(first.Body.RefundId, again.Body.RefundId); // the same refund, not a second one
        var changed = await client.RefundAsync(Refund("RF-1", paymentId, "6000000"));
        Assert.Equal(("F", "REPEAT_REQ_INCONSISTENT"), (changed.Result.ResultStatus.ToString(), changed.Result.ResultCode));

        Assert.True((await client.RefundAsync(Refund("RF-2", paymentId, "10000000"))).IsSuccess); // 5 M + 10 M = all of it
        var over = await client.RefundAsync(Refund("RF-3", paymentId, "100"));
        Assert.Equal("REFUND_AMOUNT_EXCEED", over.Result.ResultCode);
        Assert.Contains("15000100", over.Result.ResultMessage);

        var byId = await client.InquiryRefundAsync(new InquiryRefundRequest { RefundId = first.Body.RefundId });
        var byRequestId = await client.InquiryRefundAsync(new InquiryRefundRequest { RefundRequestId = "RF-2" });
        Assert.Equal((RefundStatus.Success, "RF-1", "5000000"), (byId.Body.RefundStatus!.Value, byId.Body.RefundRequestId, byId.Body.RefundAmount!.Value));
        Assert.Equal((RefundStatus.Success, "10000000"), (byRequestId.Body.RefundStatus!.Value, byRequestId.Body.RefundAmount!.Value));
        Assert.Equal("REFUND_NOT_EXIST", (await client.InquiryRefundAsync(new InquiryRefundRequest { RefundRequestId = "RF-NONE" })).Result.ResultCode);
    }

    [Fact]
    public async Task Only_a_successful_payment_of_a_refundable_method_in_its_currency_can_be_refunded()
    {
        var client = _sim.Client();
        var thai = await PaidAsync("REQ-REFUND-TH", "ONLINEBANKING_KASIKORNBANK", "THB", "125000");
        var refused = await client.RefundAsync(Refund("RF-TH", thai, "125000", "THB"));
        Assert.Equal(("F", "PROCESS_FAIL"), (refused.Result.ResultStatus.ToString(), refused.Result.ResultCode));
        Assert.Contains("ONLINEBANKING_KASIKORNBANK does not support refunds", refused.Result.ResultMessage);

        Assert.True((await client.CreatePaymentSessionAsync(RunningSimulator.Request("REQ-REFUND-OPEN"))).IsSuccess);
        var open = (await client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "REQ-REFUND-OPEN" })).Body.PaymentId!;
        var notPaid = await client.RefundAsync(Refund("RF-OPEN", open, "125000", "THB"));
        Assert.Equal("ORDER_STATUS_INVALID", notPaid.Result.ResultCode);
        Assert.Contains("PROCESSING", notPaid.Result.ResultMessage);

        Assert.Equal("ORDER_NOT_EXIST", (await client.RefundAsync(Refund("RF-NONE", "2026000000", "100"))).Result.ResultCode);
        var indonesian = await PaidAsync("REQ-REFUND-CUR");
        var wrongCurrency = await client.RefundAsync(Refund("RF-CUR", indonesian, "10000", "THB"));
        Assert.Equal("PARAM_ILLEGAL", wrongCurrency.Result.ResultCode);
        Assert.Contains("/refundAmount/currency", wrongCurrency.Result.ResultMessage);
    }

    [Fact]
    public async Task A_refund_after_the_methods_window_is_refused()
    {
        var paymentId = await PaidAsync("REQ-REFUND-LATE");
        await _sim.Post("kit/clock/advance", """{"seconds": 31708800}"""); // 367 days; banks.json gives Permata 365
        var late = await _sim.Client().RefundAsync(Refund("RF-LATE", paymentId, "100"));
        Assert.Equal("REFUND_WINDOW_EXCEED", late.Result.ResultCode);
        Assert.Contains("365 days", late.Result.ResultMessage);
    }

    [Fact]
    public async Task An_asynchronous_refund_is_in_process_then_notified_signed_to_refundNotifyUrl()
    {
        await using var webhook = new MerchantWebhook(_sim.Host.Clients.AntomPublicKeyPem, _sim.Host.Clients.SandboxClientId);
        var paymentId = await PaidAsync("REQ-REFUND-ASYNC");
        var client = _sim.Client();
        var answer = await client.RefundAsync(Refund("RF-ASYNC", paymentId, "2500000") with { IsAsyncRefund = true, RefundNotifyUrl = webhook.RefundUrl });
        Assert.Equal((AntomOutcome.Unknown, "REFUND_IN_PROCESS"), (answer.Outcome, answer.Result.ResultCode));
        Assert.Equal(RefundStatus.Processing, (await client.InquiryRefundAsync(new InquiryRefundRequest { RefundRequestId = "RF-ASYNC" })).Body.RefundStatus);

        await _sim.Post("kit/clock/advance", """{"seconds": 60}""");
        var notified = Assert.Single(webhook.VerifiedRefunds);
        Assert.True(notified.IsValid, notified.Message);
        Assert.Equal((RefundNotifyType.RefundResult, RefundStatus.Success, "RF-ASYNC", "2500000"),
            (notified.Notification!.NotifyType, notified.Notification.RefundStatus, notified.Notification.RefundRequestId, notified.Notification.RefundAmount.Value));
        Assert.Equal(answer.Body.RefundId, notified.Notification.RefundId);
        var inquiry = await client.InquiryRefundAsync(new InquiryRefundRequest { RefundRequestId = "RF-ASYNC" });
        Assert.Equal(RefundStatus.Success, inquiry.Body.RefundStatus);

        var log = JsonNode.Parse(await _sim.Control.GetStringAsync("kit/notifications?paymentRequestId=REQ-REFUND-ASYNC"))!["notifications"]!.AsArray();
        var refund = Assert.Single(log, n => n!["kind"]!.GetValue<string>() == "notifyRefund")!;
        Assert.Equal(("RF-ASYNC", "delivered"), (refund["refundRequestId"]!.GetValue<string>(), refund["state"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Forced_refund_outcomes_fail_a_refund_at_once_or_after_it_was_in_process()
    {
        await using var webhook = new MerchantWebhook(_sim.Host.Clients.AntomPublicKeyPem, _sim.Host.Clients.SandboxClientId);
        var paymentId = await PaidAsync("REQ-REFUND-FORCED");
        var client = _sim.Client();

        await _sim.Post("kit/refunds/RF-FAIL/force", """{"outcome": "refund-fail"}""");
        var failed = await client.RefundAsync(Refund("RF-FAIL", paymentId, "100000"));
        Assert.Equal(("F", "USER_STATUS_ABNORMAL"), (failed.Result.ResultStatus.ToString(), failed.Result.ResultCode));

        await _sim.Post("kit/refunds/RF-LATER/force", """{"outcome": "refund-in-process-fail"}""");
        var later = await client.RefundAsync(Refund("RF-LATER", paymentId, "15000000") with { RefundNotifyUrl = webhook.RefundUrl });
        Assert.Equal("REFUND_IN_PROCESS", later.Result.ResultCode); // the failed refund did not count against the amount
        await _sim.Post("kit/clock/advance", """{"seconds": 300}""");
        var notified = Assert.Single(webhook.VerifiedRefunds).Notification!;
        Assert.Equal((RefundStatus.Fail, "USER_STATUS_ABNORMAL", "F"), (notified.RefundStatus, notified.Result.ResultCode, notified.Result.ResultStatus.ToString()));
        Assert.Null(notified.RefundTime);

        var finalResponse = await _sim.Control.PostAsync("kit/refunds/RF-LATER/force", new StringContent("""{"outcome": "refund-success"}"""));
        Assert.Equal(409, (int)finalResponse.StatusCode);
        var unknown = await _sim.Control.PostAsync("kit/refunds/RF-X/force", new StringContent("""{"outcome": "refund-maybe"}"""));
        Assert.Equal(400, (int)unknown.StatusCode);
        Assert.Contains("refund-in-process-fail", await unknown.Content.ReadAsStringAsync());
    }
}
