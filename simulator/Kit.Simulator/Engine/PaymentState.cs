namespace Kit.Simulator.Engine;

/// <summary>A payment as the engine keeps it. Status moves PROCESSING → SUCCESS | FAIL | CANCELLED (PENDING in between where a method has it).</summary>
public sealed record PaymentState(
    string ClientId,
    string PaymentRequestId,
    string PaymentId,
    string PaymentSessionId,
    string Status,
    string? ResultCode,
    string? ResultMessage,
    string Currency,
    string Value,
    string? PaymentMethodType,
    string? NotifyUrl,
    string? RedirectUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? CompletedAt,
    string KeyFields,
    string SessionResponse,
    string Outcome = OutcomeTable.Default,
    DateTimeOffset? CompletesAt = null)
{
    public bool IsFinal => Status is "SUCCESS" or "FAIL" or "CANCELLED";
}
