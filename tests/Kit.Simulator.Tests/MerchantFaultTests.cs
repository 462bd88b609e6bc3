using System.Diagnostics;
using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>
/// Merchant-API faults, each through Kit's client as a merchant's backend meets it: the answer is U, an HTTP 5xx,
/// late, never, or a reset connection, while the operation took effect, so that an inquiry tells the truth. And the
/// recovery Antom documents: inquire, then act.
/// </summary>
public sealed class MerchantFaultTests : IDisposable
{
    private readonly RunningSimulator _sim = new();

    public void Dispose() => _sim.Dispose();

    private AntomClient Client(TimeSpan timeout) => new(new HttpClient { BaseAddress = _sim.Host.BaseAddress, Timeout = timeout }, new AntomClientOptions
    {
        ClientId = _sim.Host.Clients.SandboxClientId,
        MerchantPrivateKey = _sim.Host.Clients.SandboxMerchantKey,
        AntomPublicKey = AntomKeys.ImportPublicKey(_sim.Host.Clients.AntomPublicKeyPem),
    });

    private Task Arm(string operation, string fault, string extra = "") =>
        _sim.Post("kit/merchant-faults", $$"""{"operation": "{{operation}}", "fault": "{{fault}}"{{extra}}}""");

    private async Task<PaymentStatus?> StatusOf(string requestId) =>
        (await _sim.Client().InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = requestId })).Body.PaymentStatus;

    [Fact]
    public async Task Unknown_answers_U_while_the_session_was_made_and_a_retry_gets_the_first_answer()
    {
        await Arm("createPaymentSession", "unknown");
        var first = await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-FAULT-U"));
        Assert.Equal((AntomOutcome.Unknown, "UNKNOWN_EXCEPTION"), (first.Outcome, first.Result.ResultCode));
        Assert.True(first.ResponseSignature.IsValid); // a real Antom answer, signed: only its result is U
        Assert.Equal(PaymentStatus.Processing, await StatusOf("REQ-FAULT-U"));
        var retry = await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-FAULT-U"));
        Assert.True(retry.IsSuccess); // the fault was armed for one call
    }

    [Theory]
    [InlineData("http-500", 500)]
    [InlineData("http-502", 502)]
    [InlineData("http-503", 503)]
    public async Task An_HTTP_5xx_without_an_Antom_body_is_a_transport_failure_and_the_operation_happened(string fault, int status)
    {
        Assert.True((await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-FAULT-5XX"))).IsSuccess);
        await Arm("cancel", fault);
        var e = await Assert.ThrowsAsync<AntomTransportException>(() => _sim.Client().CancelAsync(new CancelRequest { PaymentRequestId = "REQ-FAULT-5XX" }));
        Assert.Equal((AntomTransportFailure.HttpStatus, status), (e.Failure, e.StatusCode));
        Assert.DoesNotContain("resultStatus", e.ResponseBody);
        Assert.Equal(PaymentStatus.Cancelled, await StatusOf("REQ-FAULT-5XX"));
    }

    [Fact]
    public async Task A_delay_answers_late_with_the_real_answer()
    {
        await Arm("createPaymentSession", "delay", """, "delaySeconds": 2""");
        var watch = Stopwatch.StartNew();
        var late = await Client(TimeSpan.FromSeconds(30)).CreatePaymentSessionAsync(RunningSimulator.Request("REQ-FAULT-DELAY"));
        Assert.True(late.IsSuccess);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task No_answer_makes_the_client_time_out_and_a_reset_is_a_network_failure_both_after_the_operation_took_effect()
    {
        await Arm("createPaymentSession", "no-answer");
        var silent = await Assert.ThrowsAsync<AntomTransportException>(() => Client(TimeSpan.FromSeconds(2)).CreatePaymentSessionAsync(RunningSimulator.Request("REQ-FAULT-SILENT")));
        Assert.Equal(AntomTransportFailure.Timeout, silent.Failure);
        Assert.Contains("inquire before retrying", silent.Message);
        Assert.Equal(PaymentStatus.Processing, await StatusOf("REQ-FAULT-SILENT"));

        await Arm("createPaymentSession", "reset");
        var reset = await Assert.ThrowsAsync<AntomTransportException>(() => _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-FAULT-RESET")));
        Assert.Equal(AntomTransportFailure.Network, reset.Failure);
        Assert.Equal(PaymentStatus.Processing, await StatusOf("REQ-FAULT-RESET"));

        var calls = JsonNode.Parse(await _sim.Control.GetStringAsync("kit/merchant-calls"))!["calls"]!.AsArray();
        Assert.Equal(["no-answer", "reset"], calls.Where(c => c!["fault"] is not null).Select(c => c!["fault"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Trigger_digits_break_only_the_first_call_of_a_request_id()
    {
        // THB 1,250.91: the trigger digits 91 are the unknown fault.
        var first = await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-FAULT-91", "125091"));
        Assert.Equal("UNKNOWN_EXCEPTION", first.Result.ResultCode);
        var retry = await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-FAULT-91", "125091"));
        Assert.True(retry.IsSuccess);
        var other = await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-FAULT-91B", "125091"));
        Assert.Equal("UNKNOWN_EXCEPTION", other.Result.ResultCode);
    }

    [Fact]
    public async Task A_refund_whose_answer_is_lost_is_recovered_by_inquiring_then_not_refunding_twice()
    {
        var request = RunningSimulator.Request("REQ-FAULT-REFUND", "15000000") with
        {
            ProductCode = ProductCode.CashierPayment,
            PaymentAmount = new Amount { Currency = "IDR", Value = "15000000" },
            Order = new Order { OrderAmount = new Amount { Currency = "IDR", Value = "15000000" }, OrderDescription = "Kopi", ReferenceOrderId = "ORD-R" },
            PaymentMethod = new PaymentMethod { PaymentMethodType = "BANKTRANSFER_BNI" },
        };
        var client = _sim.Client();
        Assert.True((await client.CreatePaymentSessionAsync(request)).IsSuccess);
        await _sim.Post("kit/payments/REQ-FAULT-REFUND/approve");
        var paymentId = (await client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "REQ-FAULT-REFUND" })).Body.PaymentId!;

        // IDR 150,000.00 refunded as 149,992.00: its trigger digits 92 answer HTTP 500, after the refund took effect.
        var refund = new RefundRequest { RefundRequestId = "RF-LOST", PaymentId = paymentId, RefundAmount = new Amount { Currency = "IDR", Value = "14999200" } };
        var lost = await Assert.ThrowsAsync<AntomTransportException>(() => client.RefundAsync(refund));
        Assert.Equal(500, lost.StatusCode);

        // The documented recovery: inquire before acting. The refund exists, so the merchant records it and stops.
        var inquiry = await client.InquiryRefundAsync(new InquiryRefundRequest { RefundRequestId = "RF-LOST" });
        Assert.Equal((AntomOutcome.Success, RefundStatus.Success), (inquiry.Outcome, inquiry.Body.RefundStatus!.Value));
        // A merchant that retries instead, with the same refundRequestId, gets the same refund back, not a second one.
        var retried = await client.RefundAsync(refund);
        Assert.Equal(inquiry.Body.RefundId, retried.Body.RefundId);
        Assert.Equal("REFUND_AMOUNT_EXCEED", (await client.RefundAsync(refund with { RefundRequestId = "RF-AGAIN", RefundAmount = new Amount { Currency = "IDR", Value = "1000000" } })).Result.ResultCode);
    }

    [Fact]
    public async Task Misused_fault_calls_say_what_to_send()
    {
        async Task<string> Bad(string body)
        {
            var response = await _sim.Control.PostAsync("kit/merchant-faults", new StringContent(body));
            Assert.Equal(400, (int)response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
        Assert.Contains("inquiryRefund", await Bad("""{"operation": "pay", "fault": "unknown"}"""));
        Assert.Contains("no-answer", await Bad("""{"fault": "explode"}"""));
        Assert.Contains("delaySeconds must be from 1 to 120", await Bad("""{"fault": "delay", "delaySeconds": 9999}"""));
        Assert.Contains("only to the delay fault", await Bad("""{"fault": "reset", "delaySeconds": 3}"""));

        await Arm("*", "http-503", """, "count": 2""");
        var listed = JsonNode.Parse(await _sim.Control.GetStringAsync("kit/merchant-faults"))!;
        Assert.Equal(7, listed["faults"]!.AsArray().Count);
        Assert.Equal(("*", "http-503", 2), (listed["armed"]![0]!["operation"]!.GetValue<string>(), listed["armed"]![0]!["fault"]!.GetValue<string>(), listed["armed"]![0]!["remaining"]!.GetValue<int>()));
        await Arm("*", "none");
        Assert.Empty(JsonNode.Parse(await _sim.Control.GetStringAsync("kit/merchant-faults"))!["armed"]!.AsArray());
    }
}
