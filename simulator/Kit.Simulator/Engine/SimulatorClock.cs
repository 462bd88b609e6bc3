namespace Kit.Simulator.Engine;

/// <summary>
/// The one clock the simulator reads. Real time by default; virtual time stands still until advanced, so expiries
/// and Antom's notification schedule run in milliseconds in tests.
/// </summary>
public sealed class SimulatorClock : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _virtualNow;

    private SimulatorClock(bool isVirtual, DateTimeOffset start)
    {
        IsVirtual = isVirtual;
        _virtualNow = start;
    }

    public static SimulatorClock Real() => new(false, default);

    public static SimulatorClock Virtual(DateTimeOffset start) => new(true, start);

    public bool IsVirtual { get; }

    public override DateTimeOffset GetUtcNow()
    {
        if (!IsVirtual) return base.GetUtcNow();
        lock (_gate) return _virtualNow;
    }

    /// <summary>Moves virtual time forward; real time cannot be moved.</summary>
    public DateTimeOffset Advance(TimeSpan by)
    {
        if (!IsVirtual) throw new InvalidOperationException("The clock is real; start the simulator with --clock virtual to advance time.");
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), by, "time only moves forward");
        lock (_gate) return _virtualNow += by;
    }
}
