namespace Kit.Simulator.Engine;

/// <summary>
/// One notification in the outbox (notifyPayment or notifyRefund, <see cref="Kind"/>): pending, delivered, withheld,
/// or given up after the last attempt. A refund's carries its payment's paymentRequestId and its own refundRequestId.
/// </summary>
public sealed record NotificationState(
    long Id, string ClientId, string PaymentRequestId, string Url, string Body, int AttemptCount,
    DateTimeOffset? NextAttemptAt, string State, bool Retries, IReadOnlyList<NotificationAttempt> Attempts)
{
    /// <summary>The ack-ignored outcome: attempts go on as if the merchant never acknowledged.</summary>
    public bool IgnoreAck { get; init; }

    /// <summary>The notification kind's name (Kit.Contracts.Operations.AntomNotificationKinds).</summary>
    public string Kind { get; init; } = "notifyPayment";

    public string? RefundRequestId { get; init; }
}

/// <summary>One delivery attempt: when, what came back, how long it took, and whether it acknowledged.</summary>
public sealed record NotificationAttempt(int Attempt, DateTimeOffset At, int? StatusCode, double LatencyMs, string? Response, string? Error, bool Acknowledged);
