using System.Text.Json.Nodes;

namespace Kit.Testing.Control;

/// <summary>The simulator's clock: virtual (moved by the test) or real.</summary>
public sealed record SimulatorClockReading(DateTimeOffset Now, bool IsVirtual);

/// <summary>A payment after a control call (approve, decline, abandon, force): its wire status and result code.</summary>
public sealed record PaymentControlResult(string PaymentRequestId, string? PaymentId, string Status, string? ResultCode);

/// <summary>One attempt to deliver a notification, and what the merchant's endpoint answered.</summary>
public sealed record NotificationAttemptRecord(int Attempt, DateTimeOffset At, int? StatusCode, double LatencyMs, bool Acknowledged, string? Response, string? Error);

/// <summary>
/// A notification the simulator owes or has sent (notifyPayment or notifyRefund), with every attempt: its state is
/// pending, delivered, failed (retries used up) or withheld; <c>Retries</c> says whether Antom's retry schedule applies to it.
/// </summary>
public sealed record NotificationRecord(string Kind, string PaymentRequestId, string? RefundRequestId, string Url, string State, bool Retries,
    DateTimeOffset? NextAttemptAt, JsonObject Body, IReadOnlyList<NotificationAttemptRecord> Attempts)
{
    /// <summary>The body's notifyType: PAYMENT_RESULT, PAYMENT_PENDING, REFUND_RESULT.</summary>
    public string NotifyType => Body["notifyType"]?.GetValue<string>() ?? "";

    /// <summary>Some attempt was answered with Antom's SUCCESS acknowledgement.</summary>
    public bool Acknowledged => Attempts.Any(a => a.Acknowledged);
}

/// <summary>A merchant-API call as the simulator judged it: its signature, the schema violations, the result it answered.</summary>
public sealed record MerchantCallRecord(long Sequence, DateTimeOffset At, string ClientId, string Operation, string Signature, IReadOnlyList<string> Violations,
    string ResultCode, string ResultStatus, string ResultMessage, string? PaymentRequestId, string? PaymentId, string? PaymentSessionId,
    string? PaymentRedirectUrl, string? PaymentNotifyUrl, string? RefundRequestId, string? Fault)
{
    public bool SignatureValid => Signature == "valid";

    /// <summary>The call got as far as validation and passed it.</summary>
    public bool Valid => SignatureValid && Violations.Count == 0 && ResultCode != "PARAM_ILLEGAL";

    public override string ToString() =>
        $"{Operation} {PaymentRequestId}: {ResultCode}{(SignatureValid ? "" : $" (signature: {Signature})")}{(Violations.Count > 0 ? $" [{string.Join("; ", Violations)}]" : "")}";
}

/// <summary>A refund as the simulator holds it.</summary>
public sealed record RefundRecord(string RefundRequestId, string? RefundId, string PaymentRequestId, string Currency, string Value, string Status,
    string? ResultCode, string? Outcome, DateTimeOffset? CompletesAt, DateTimeOffset? CompletedAt);

/// <summary>A merchant-API fault armed for a client's next calls.</summary>
public sealed record ArmedMerchantFault(string ClientId, string Operation, string Fault, int? DelaySeconds, int Remaining);

/// <summary>The control API refused a call: its HTTP status and the simulator's message (which says what to send instead).</summary>
public sealed class KitControlException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
