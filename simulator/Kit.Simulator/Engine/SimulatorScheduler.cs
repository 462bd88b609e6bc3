namespace Kit.Simulator.Engine;

/// <summary>
/// Owns what falls due: the engine settles (expiries, delayed results, refunds in process), then the dispatcher
/// delivers (notifications and their retries). In the background every poll, at once when woken (a payment completed,
/// a delivery ended), and to the end when the virtual clock is advanced.
/// </summary>
public sealed class SimulatorScheduler : IAsyncDisposable
{
    private readonly PaymentEngine _engine;
    private readonly NotificationDispatcher _dispatcher;
    private readonly SimulatorStore _store;
    private readonly SimulatorClock _clock;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private Task? _loop;

    public SimulatorScheduler(PaymentEngine engine, NotificationDispatcher dispatcher, Outbox outbox, SimulatorStore store, SimulatorClock clock)
    {
        _engine = engine;
        _dispatcher = dispatcher;
        _store = store;
        _clock = clock;
        outbox.Added += Wake;
        dispatcher.DeliveryEnded += Wake;
    }

    /// <summary>Runs due work in the background until disposed, looking at least every <paramref name="poll"/>.</summary>
    public void Start(TimeSpan poll) => _loop = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            try { StartDue(); }
            catch (Exception e) { Console.Error.WriteLine($"simulator scheduler: {e.GetType().Name}: {e.Message}"); }
            try { await _wake.WaitAsync(poll, _stop.Token); }
            catch (OperationCanceledException) { return; }
        }
    });

    /// <summary>Has the background loop look for due work now; does not wait for it.</summary>
    public void Wake() => _wake.Release();

    private IReadOnlyCollection<Task> StartDue()
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested) return [];
            _engine.SettleDue();
            return _dispatcher.StartDue();
        }
    }

    /// <summary>
    /// Settles and delivers everything due, including retries that fall due meanwhile (on a virtual clock, a jump of
    /// hours runs a whole retry schedule), and returns when nothing is left. Each delivery has its own timeout, so this does too.
    /// </summary>
    public async Task RunDueAsync(CancellationToken cancellationToken = default)
    {
        while (StartDue() is { Count: > 0 } running)
            await Task.WhenAll(running).WaitAsync(cancellationToken);
    }

    /// <summary>Moves virtual time, remembers where it is (a restart resumes there), and runs what fell due by then.</summary>
    public async Task AdvanceClockAsync(TimeSpan by)
    {
        _store.SaveVirtualNow(_clock.Advance(by));
        await RunDueAsync();
    }

    /// <summary>
    /// Waits until no notification of a payment (its refunds' included) is due or under way, or until the timeout:
    /// what a test or QA script needs after the buyer pays, since deliveries run in the background.
    /// </summary>
    public async Task WaitForDueAttemptsAsync(string clientId, string paymentRequestId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var notifications = _store.Notifications(clientId, paymentRequestId);
            var now = _clock.GetUtcNow();
            if (!notifications.Any(n => n.State == "pending" && n.NextAttemptAt <= now) && !_dispatcher.IsDelivering(notifications.Select(n => n.Id))) return;
            Wake();
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        await _dispatcher.DisposeAsync();
        _stop.Dispose();
    }
}
