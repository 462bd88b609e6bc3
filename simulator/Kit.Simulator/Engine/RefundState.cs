using Kit.Contracts.Antom;

namespace Kit.Simulator.Engine;

/// <summary>
/// A refund as the engine keeps it: PROCESSING (an asynchronous refund, until <see cref="CompletesAt"/>) → SUCCESS |
/// FAIL, or final at once. It belongs to a payment (<see cref="PaymentRequestId"/> orders its notifications after the
/// payment's). <see cref="Response"/> is the first answer, repeated to a retry with the same body.
/// </summary>
public sealed record RefundState(
    string ClientId,
    string RefundRequestId,
    string RefundId,
    string PaymentId,
    string PaymentRequestId,
    string Currency,
    string Value,
    RefundStatus Status,
    string? ResultCode,
    string? ResultMessage,
    string? NotifyUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletesAt,
    DateTimeOffset? CompletedAt,
    string KeyFields,
    string Response,
    string Outcome)
{
    public bool IsFinal => Status is RefundStatus.Success or RefundStatus.Fail;
}
