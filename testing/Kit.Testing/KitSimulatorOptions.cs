namespace Kit.Testing;

/// <summary>How a test's simulator starts. The defaults suit a unit of tests: in memory, a virtual clock, plain http.</summary>
public sealed record KitSimulatorOptions
{
    /// <summary>
    /// Where virtual time starts (default: the real time at start). Virtual time moves only when the test moves it
    /// (<see cref="Control.KitControlClient.AdvanceClockAsync"/>): expiries, delayed results and notification retries
    /// happen at once instead of minutes or hours later.
    /// </summary>
    public DateTimeOffset? VirtualClockStart { get; init; }

    /// <summary>Use the real clock instead (the simulator as a shared server runs it).</summary>
    public bool RealClock { get; init; }

    /// <summary>
    /// Keep state in SQLite files under this folder instead of memory: a second simulator started on it resumes
    /// payments, refunds and owed notifications.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Serve https:// with the simulator's own self-signed certificate (the Java and Python SDKs call https only).</summary>
    public bool Https { get; init; }

    /// <summary>A secret /kit and /__admin then require (the control client sends it).</summary>
    public string? AdminToken { get; init; }

    /// <summary>Seconds one notification attempt may take before it counts as failed (default 10).</summary>
    public TimeSpan? NotificationTimeout { get; init; }

    /// <summary>One refund window for every method that takes refunds (default: each method's in the bank catalog).</summary>
    public TimeSpan? RefundWindow { get; init; }

    /// <summary>Allow notify URLs on link-local addresses (refused by default: cloud metadata services answer there).</summary>
    public bool AllowLinkLocalNotifyUrls { get; init; }
}
