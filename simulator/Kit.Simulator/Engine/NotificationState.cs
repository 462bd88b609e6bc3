namespace Kit.Simulator.Engine;

/// <summary>One notifyPayment in the outbox: pending, delivered, or given up after the last attempt.</summary>
public sealed record NotificationState(
    long Id, string ClientId, string PaymentRequestId, string Url, string Body, int AttemptCount,
    DateTimeOffset? NextAttemptAt, string State, bool Retries, IReadOnlyList<NotificationAttempt> Attempts)
{
    /// <summary>The ack-ignored outcome: attempts go on as if the merchant never acknowledged.</summary>
    public bool IgnoreAck { get; init; }
}

/// <summary>One delivery attempt: when, what came back, how long it took, and whether it acknowledged.</summary>
public sealed record NotificationAttempt(int Attempt, DateTimeOffset At, int? StatusCode, double LatencyMs, string? Response, string? Error, bool Acknowledged);
