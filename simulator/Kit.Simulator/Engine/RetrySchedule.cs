namespace Kit.Simulator.Engine;

/// <summary>
/// Antom's notifyPayment schedule: 8 attempts, waiting 0 s, 2 min, 10 min, 10 min, 1 h, 2 h, 6 h and 15 h before
/// each (docs/antom-api.md §5). The real sandbox does not retry; a client can ask for that behaviour.
/// </summary>
public static class RetrySchedule
{
    public static readonly IReadOnlyList<TimeSpan> Intervals =
    [
        TimeSpan.Zero, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(6), TimeSpan.FromHours(15),
    ];

    /// <summary>When the attempt after <paramref name="attemptsMade"/> is due, or null when none is left.</summary>
    public static DateTimeOffset? NextAttempt(DateTimeOffset lastAttempt, int attemptsMade, bool retries) =>
        retries && attemptsMade < Intervals.Count ? lastAttempt + Intervals[attemptsMade] : null;
}
