using Kit.Contracts.Antom;

namespace Kit.Contracts.Operations;

/// <summary>Every Antom merchant API Kit knows, each described once (schemas/antom/&lt;name&gt;.request|response.schema.json).</summary>
public static class AntomOperations
{
    public static readonly AntomOperation<CreatePaymentSessionRequest, CreatePaymentSessionResponse> CreatePaymentSession = new(
        "createPaymentSession", "paymentRequestId", "creates the payment and the session the web SDK renders",
        ContractsJsonContext.Default.CreatePaymentSessionRequest, CreatePaymentSessionRequestValidator.Validate,
        ContractsJsonContext.Default.CreatePaymentSessionResponse, CreatePaymentSessionResponseValidator.Validate,
        r => r.Result, result => new CreatePaymentSessionResponse { Result = result });

    public static readonly AntomOperation<InquiryPaymentRequest, InquiryPaymentResponse> InquiryPayment = new(
        "inquiryPayment", null, "a payment's status, by paymentId or paymentRequestId",
        ContractsJsonContext.Default.InquiryPaymentRequest, InquiryPaymentRequestValidator.Validate,
        ContractsJsonContext.Default.InquiryPaymentResponse, InquiryPaymentResponseValidator.Validate,
        r => r.Result, result => new InquiryPaymentResponse { Result = result });

    public static readonly AntomOperation<CancelRequest, CancelResponse> Cancel = new(
        "cancel", "paymentId or paymentRequestId", "cancels a payment before it completes",
        ContractsJsonContext.Default.CancelRequest, CancelRequestValidator.Validate,
        ContractsJsonContext.Default.CancelResponse, CancelResponseValidator.Validate,
        r => r.Result, result => new CancelResponse { Result = result });

    public static readonly AntomOperation<RefundRequest, RefundResponse> Refund = new(
        "refund", "refundRequestId", "refunds all or part of a successful payment",
        ContractsJsonContext.Default.RefundRequest, RefundRequestValidator.Validate,
        ContractsJsonContext.Default.RefundResponse, RefundResponseValidator.Validate,
        r => r.Result, result => new RefundResponse { Result = result });

    public static readonly AntomOperation<InquiryRefundRequest, InquiryRefundResponse> InquiryRefund = new(
        "inquiryRefund", null, "a refund's status, by refundId or refundRequestId",
        ContractsJsonContext.Default.InquiryRefundRequest, InquiryRefundRequestValidator.Validate,
        ContractsJsonContext.Default.InquiryRefundResponse, InquiryRefundResponseValidator.Validate,
        r => r.Result, result => new InquiryRefundResponse { Result = result });

    public static IReadOnlyList<AntomOperation> All { get; } = [CreatePaymentSession, InquiryPayment, Cancel, Refund, InquiryRefund];

    /// <summary>The operation a path names, in its production or sandbox form (/ams/api/v1/payments/x, /ams/sandbox/api/v1/payments/x).</summary>
    public static AntomOperation? ForPath(string path)
    {
        var name = NameIn(path);
        if (name is null) return null;
        foreach (var operation in All)
            if (operation.Name == name) return operation;
        return null;
    }

    /// <summary>The operation name a merchant-API path ends in, known or not (null when the path is not under a payments API).</summary>
    public static string? NameIn(string path) =>
        path.StartsWith(SandboxPrefix, StringComparison.Ordinal) ? path[SandboxPrefix.Length..]
        : path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..] : null;

    private const string Prefix = "/ams/api/v1/payments/";
    private const string SandboxPrefix = "/ams/sandbox/api/v1/payments/";
}
