using Kit.Contracts;
using Kit.Contracts.Antom;
using Kit.Contracts.Operations;

namespace Kit.Simulator.Engine;

/// <summary>
/// The one mapping from the engine's state to what Antom sends: results, inquiry answers and notification bodies, for
/// payments and refunds, with times in <see cref="AntomTime"/>'s one format.
/// </summary>
public static class AntomWire
{
    public static Result Success() => new() { ResultCode = "SUCCESS", ResultStatus = ResultStatus.S, ResultMessage = "success" };

    /// <summary>A result with the code's status from the catalog (F for a code Kit does not know).</summary>
    public static Result Fail(string code, string message) => new()
    {
        ResultCode = code,
        ResultStatus = ContractCatalogs.FindResultCode(code)?.Status ?? ResultStatus.F,
        ResultMessage = message.Length <= 256 ? message : message[..253] + "...",
    };

    /// <summary>What a payment's outcome is as a result: S for success, the failure code otherwise.</summary>
    public static Result Outcome(PaymentState payment) => payment.Status == PaymentStatus.Success
        ? Success()
        : Fail(payment.ResultCode ?? "PROCESS_FAIL", payment.ResultMessage ?? "payment failed");

    public static InquiryPaymentResponse Inquiry(PaymentState payment) => new()
    {
        Result = Success(),
        PaymentStatus = payment.Status,
        PaymentResultCode = payment.ResultCode,
        PaymentResultMessage = payment.ResultMessage,
        PaymentRequestId = payment.PaymentRequestId,
        PaymentId = payment.PaymentId,
        PaymentAmount = new Amount { Currency = payment.Currency, Value = payment.Value },
        PaymentCreateTime = AntomTime.Format(payment.CreatedAt),
        PaymentTime = PaidAt(payment),
        PaymentMethodType = payment.PaymentMethodType,
    };

    /// <summary>notifyPayment: PAYMENT_RESULT for a final payment; PAYMENT_PENDING (result S, no payment time) for the stale one an outcome sends late.</summary>
    public static NotifyPaymentRequest Notification(PaymentState payment, NotifyType type) => new()
    {
        NotifyType = type,
        Result = type == NotifyType.PaymentPending ? Success() : Outcome(payment),
        PaymentRequestId = payment.PaymentRequestId,
        PaymentId = payment.PaymentId,
        PaymentAmount = new Amount { Currency = payment.Currency, Value = payment.Value },
        PaymentCreateTime = AntomTime.Format(payment.CreatedAt),
        PaymentTime = type == NotifyType.PaymentPending ? null : PaidAt(payment),
        PaymentMethodType = payment.PaymentMethodType,
    };

    public static CancelResponse Cancelled(PaymentState payment) => new()
    {
        Result = Success(),
        PaymentId = payment.PaymentId,
        PaymentRequestId = payment.PaymentRequestId,
        CancelTime = AntomTime.Format(payment.CompletedAt!.Value),
    };

    /// <summary>The refund call's answer: S when final and successful, REFUND_IN_PROCESS (U) while processing, the failure otherwise.</summary>
    public static RefundResponse Refund(RefundState refund) => refund.Status switch
    {
        RefundStatus.Success => new RefundResponse
        {
            Result = Success(),
            RefundRequestId = refund.RefundRequestId,
            RefundId = refund.RefundId,
            PaymentId = refund.PaymentId,
            RefundAmount = new Amount { Currency = refund.Currency, Value = refund.Value },
            RefundTime = AntomTime.Format(refund.CompletedAt!.Value),
        },
        RefundStatus.Processing => new RefundResponse
        {
            Result = Fail("REFUND_IN_PROCESS", "the refund is being processed; notifyRefund or inquiryRefund gives its result"),
            RefundRequestId = refund.RefundRequestId,
            RefundId = refund.RefundId,
            PaymentId = refund.PaymentId,
            RefundAmount = new Amount { Currency = refund.Currency, Value = refund.Value },
        },
        _ => new RefundResponse { Result = RefundOutcome(refund) },
    };

    public static InquiryRefundResponse Inquiry(RefundState refund) => new()
    {
        Result = Success(),
        RefundId = refund.RefundId,
        RefundRequestId = refund.RefundRequestId,
        RefundAmount = new Amount { Currency = refund.Currency, Value = refund.Value },
        RefundStatus = refund.Status,
        RefundTime = refund.Status == RefundStatus.Success ? AntomTime.Format(refund.CompletedAt!.Value) : null,
    };

    public static NotifyRefundRequest Notification(RefundState refund) => new()
    {
        NotifyType = RefundNotifyType.RefundResult,
        Result = RefundOutcome(refund),
        RefundStatus = refund.Status,
        RefundRequestId = refund.RefundRequestId,
        RefundId = refund.RefundId,
        PaymentId = refund.PaymentId,
        RefundAmount = new Amount { Currency = refund.Currency, Value = refund.Value },
        RefundTime = refund.Status == RefundStatus.Success ? AntomTime.Format(refund.CompletedAt!.Value) : null,
    };

    private static Result RefundOutcome(RefundState refund) => refund.Status == RefundStatus.Success
        ? Success()
        : Fail(refund.ResultCode ?? "PROCESS_FAIL", refund.ResultMessage ?? "refund failed");

    private static string? PaidAt(PaymentState payment) =>
        payment.Status == PaymentStatus.Success && payment.CompletedAt is { } t ? AntomTime.Format(t) : null;
}
