using Kit.Contracts.Antom;

namespace Kit.Simulator.Engine;

/// <summary>A payment as the engine keeps it. Status moves PROCESSING → SUCCESS | FAIL | CANCELLED (PENDING in between where a method has it).</summary>
/// <remarks>
/// <see cref="TerminalType"/> is the session's one terminal type, which the gateway, the cashier app and the bank step
/// all use: the env.terminalType the merchant sent, or, when it sent none, the first one the web SDK reported to the
/// gateway (null until then).
/// </remarks>
public sealed record PaymentState(
    string ClientId,
    string PaymentRequestId,
    string PaymentId,
    string PaymentSessionId,
    PaymentStatus Status,
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
    DateTimeOffset? CompletesAt = null,
    TerminalType? TerminalType = null)
{
    public bool IsFinal => Status is PaymentStatus.Success or PaymentStatus.Fail or PaymentStatus.Cancelled;
}
