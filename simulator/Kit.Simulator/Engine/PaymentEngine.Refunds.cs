using System.Numerics;
using System.Text.Json;
using Kit.Contracts.Antom;
using Kit.Contracts.Operations;

namespace Kit.Simulator.Engine;

/// <summary>
/// Refunds: only of a successful payment, in its currency, within its method's refund window (banks.json; the Thai
/// bank methods take none), never adding up to more than was paid. refundRequestId is idempotent. A refund settles at
/// once, or, when the request asks isAsyncRefund or its forced outcome says so, answers REFUND_IN_PROCESS and settles
/// later, notifying refundNotifyUrl.
/// </summary>
public sealed partial class PaymentEngine
{
    /// <summary>How long an asynchronous refund is in process when its outcome does not say.</summary>
    public static readonly TimeSpan AsyncRefundDelay = TimeSpan.FromSeconds(60);

    /// <summary>The refund window of a payment method the catalog does not know (the payment named none, or not a bank's).</summary>
    public static readonly TimeSpan DefaultRefundWindow = TimeSpan.FromDays(365);

    public RefundResponse Refund(string clientId, RefundRequest request)
    {
        if (urls.Problem("refundNotifyUrl", request.RefundNotifyUrl, calledBack: true) is { } badUrl)
            return new RefundResponse { Result = AntomWire.Fail("PARAM_ILLEGAL", badUrl) };
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            var keyFields = string.Join('|', request.PaymentId, request.RefundAmount.Currency, request.RefundAmount.Value);
            if (store.FindRefundByRequestId(clientId, request.RefundRequestId) is { } existing)
                return existing.KeyFields == keyFields
                    ? AntomWire.Refund(SettleRefund(existing))
                    : new RefundResponse { Result = AntomWire.Fail("REPEAT_REQ_INCONSISTENT", $"refundRequestId {request.RefundRequestId} was used before for another payment or amount") };

            if (store.FindByPaymentId(clientId, request.PaymentId) is not { } found)
                return Refused("ORDER_NOT_EXIST", $"no payment has paymentId {request.PaymentId}");
            var payment = Settle(found);
            if (payment.Status != PaymentStatus.Success)
                return Refused("ORDER_STATUS_INVALID", $"the payment is {payment.Status.ToWireValue()}; only a successful payment can be refunded");
            if (request.RefundAmount.Currency != payment.Currency)
                return Refused("PARAM_ILLEGAL", $"/refundAmount/currency: the payment was made in {payment.Currency}, so the refund must be too, not {request.RefundAmount.Currency}");

            var method = banks.FindMethod(payment.PaymentMethodType);
            if (method is not null && method.Method.RefundWindowDays is null)
                return Refused("PROCESS_FAIL", $"{payment.PaymentMethodType} does not support refunds: {method.Bank.Code}'s methods in {Catalog.CountryWire.ToWireValue(method.Bank.Country)} take none (banks.json)");
            var window = refundWindow ?? (method?.Method.RefundWindowDays is { } days ? TimeSpan.FromDays(days) : DefaultRefundWindow);
            if (now > payment.CompletedAt!.Value + window)
                return Refused("REFUND_WINDOW_EXCEED", $"the payment completed on {AntomTime.Format(payment.CompletedAt.Value)}; refunds are taken for {window.TotalDays:0.#} days after that");

            var paid = BigInteger.Parse(payment.Value);
            var refunded = store.RefundsOf(clientId, payment.PaymentId).Where(r => r.Status != RefundStatus.Fail).Aggregate(BigInteger.Zero, (sum, r) => sum + BigInteger.Parse(r.Value));
            var asked = BigInteger.Parse(request.RefundAmount.Value);
            if (refunded + asked > paid)
                return Refused("REFUND_AMOUNT_EXCEED", $"{asked} would bring the refunds to {refunded + asked}, more than the {paid} paid ({refunded} refunded so far)");

            var outcome = outcomes.GetRefund(store.ForcedRefundOutcome(clientId, request.RefundRequestId) ?? OutcomeTable.DefaultRefund);
            var inProcess = outcome.InProcessSeconds is { } s ? TimeSpan.FromSeconds(s) : request.IsAsyncRefund == true ? AsyncRefundDelay : (TimeSpan?)null;
            var refund = new RefundState(clientId, request.RefundRequestId, NewId(now), payment.PaymentId, payment.PaymentRequestId,
                request.RefundAmount.Currency, request.RefundAmount.Value, RefundStatus.Processing, null, null, request.RefundNotifyUrl,
                now, inProcess is { } delay ? now + delay : null, null, keyFields, "", outcome.Name);
            if (inProcess is null) refund = Final(refund, outcome, now);
            var response = AntomWire.Refund(refund);
            store.InsertRefund(refund with { Response = JsonSerializer.Serialize(response, Kit.Contracts.ContractsJsonContext.Default.RefundResponse) });
            return response;
        }
    }

    public InquiryRefundResponse InquiryRefund(string clientId, InquiryRefundRequest request)
    {
        lock (_gate)
        {
            var refund = request.RefundId is { } id ? store.FindRefundById(clientId, id) // refundId wins when both are given
                : request.RefundRequestId is { } requestId ? store.FindRefundByRequestId(clientId, requestId) : null;
            return refund is null
                ? new InquiryRefundResponse { Result = AntomWire.Fail("REFUND_NOT_EXIST", "no refund has this refundId or refundRequestId") }
                : AntomWire.Inquiry(SettleRefund(refund));
        }
    }

    /// <summary>
    /// Makes a refund take a named refund outcome (control API): armed before the refund call, since its
    /// refundRequestId is known in advance, or changing how a refund still in process ends. Returns the refund, if it exists.
    /// </summary>
    public RefundState? ForceRefund(string clientId, string refundRequestId, string outcomeName)
    {
        var outcome = outcomes.FindRefund(outcomeName) ?? throw new ArgumentException(
            $"unknown refund outcome '{outcomeName}'; the catalog has: {string.Join(", ", outcomes.RefundOutcomes.Select(o => o.Name))}");
        lock (_gate)
        {
            store.ForceRefundOutcome(clientId, refundRequestId, outcome.Name);
            var refund = store.FindRefundByRequestId(clientId, refundRequestId);
            if (refund is null || refund.IsFinal) return refund;
            refund = refund with { Outcome = outcome.Name };
            store.UpdateRefund(refund);
            return refund;
        }
    }

    public RefundState? FindRefund(string clientId, string refundRequestId)
    {
        lock (_gate) return store.FindRefundByRequestId(clientId, refundRequestId) is { } refund ? SettleRefund(refund) : null;
    }

    private static RefundResponse Refused(string code, string message) => new() { Result = AntomWire.Fail(code, message) };

    private static RefundState Final(RefundState refund, Catalog.RefundOutcome outcome, DateTimeOffset at) =>
        outcome.Effect == Catalog.RefundEffect.Success
            ? refund with { Status = RefundStatus.Success, ResultCode = "SUCCESS", ResultMessage = "success", CompletedAt = at, CompletesAt = null }
            : refund with
            {
                Status = RefundStatus.Fail, ResultCode = outcome.ResultCode, CompletedAt = at, CompletesAt = null,
                ResultMessage = Kit.Contracts.ContractCatalogs.FindResultCode(outcome.ResultCode ?? "PROCESS_FAIL")?.Meaning ?? outcome.ResultCode,
            };

    /// <summary>A refund in process whose time has come reaches its outcome's result, and is notified.</summary>
    private RefundState SettleRefund(RefundState refund)
    {
        if (refund.Status != RefundStatus.Processing || refund.CompletesAt is not { } due || clock.GetUtcNow() < due) return refund;
        var settled = Final(refund, outcomes.GetRefund(refund.Outcome), due);
        store.UpdateRefund(settled);
        outbox.RefundCompleted(settled);
        return settled;
    }
}
