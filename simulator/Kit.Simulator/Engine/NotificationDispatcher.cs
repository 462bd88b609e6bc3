using System.Globalization;
using System.Text;
using System.Text.Json;
using Kit.Contracts;
using Kit.Contracts.Antom;
using Kit.Contracts.Signing;

namespace Kit.Simulator.Engine;

/// <summary>Carries a signed notification to the merchant; the engine does not know how (HTTP lives in Hosting/).</summary>
public interface INotificationTransport
{
    Task<TransportResult> PostAsync(string url, IReadOnlyDictionary<string, string> headers, byte[] body, CancellationToken cancellationToken);
}

public sealed record TransportResult(int? StatusCode, string? Body, string? Error, TimeSpan Latency);

/// <summary>
/// Sends notifyPayment for every payment that reaches SUCCESS or FAIL (expiry included), signed as Antom signs it,
/// and retries on <see cref="RetrySchedule"/> until the merchant answers with the exact SUCCESS acknowledgement.
/// The outbox is in the store, so a restart resumes the schedule where it stopped.
/// Deliveries run in the background, several at once (<c>concurrency</c>), each on its own: whatever one attempt
/// does, it is recorded as that notification's attempt and cannot hold up or fail another. Nothing that calls the
/// engine waits for a delivery, except an advance of the virtual clock, which waits for what fell due.
/// </summary>
public sealed class NotificationDispatcher : IAsyncDisposable
{
    private readonly SimulatorStore _store;
    private readonly SimulatorClock _clock;
    private readonly PaymentEngine _engine;
    private readonly AntomSigner _signer;
    private readonly INotificationTransport _transport;
    private readonly Func<string, bool> _retriesFor;
    private readonly OutcomeTable _outcomes;
    private readonly SemaphoreSlim _slots;
    private readonly int _perEndpoint;
    private readonly Dictionary<string, SemaphoreSlim> _endpointSlots = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly object _startGate = new();
    private readonly Dictionary<long, Task> _inFlight = [];
    private readonly Dictionary<long, (string ClientId, string PaymentRequestId)> _inFlightPayments = [];
    private Task? _loop;

    /// <param name="concurrency">How many deliveries may be in progress at once, in all.</param>
    /// <param name="perEndpoint">How many of them may go to one endpoint (scheme, host and port), so that one merchant's
    /// slow or hanging endpoint cannot take every slot from the others.</param>
    public NotificationDispatcher(SimulatorStore store, SimulatorClock clock, PaymentEngine engine, AntomSigner signer,
        INotificationTransport transport, Func<string, bool> retriesFor, int concurrency = 64, int perEndpoint = 4)
    {
        _slots = new SemaphoreSlim(concurrency, concurrency);
        _perEndpoint = perEndpoint;
        _store = store;
        _clock = clock;
        _engine = engine;
        _signer = signer;
        _transport = transport;
        _retriesFor = retriesFor;
        _outcomes = engine.Outcomes;
        engine.PaymentCompleted += Enqueue;
    }

    /// <summary>Starts due deliveries in the background until disposed, looking at least every <paramref name="poll"/>.</summary>
    public void Start(TimeSpan poll) => _loop = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            try { StartDue(); }
            catch (Exception e) { Console.Error.WriteLine($"notification dispatcher: {e.GetType().Name}: {e.Message}"); }
            try { await _wake.WaitAsync(poll, _stop.Token); }
            catch (OperationCanceledException) { return; }
        }
    });

    /// <summary>Makes the background loop look for due deliveries now.</summary>
    public void Wake() => _wake.Release();

    /// <summary>Whether any of these notifications is being delivered right now.</summary>
    public bool IsDelivering(IEnumerable<long> ids)
    {
        lock (_startGate) return ids.Any(_inFlight.ContainsKey);
    }

    private void Enqueue(PaymentState payment)
    {
        if (payment.NotifyUrl is null || payment.Status is not ("SUCCESS" or "FAIL")) return;
        var success = payment.Status == "SUCCESS";
        var body = new NotifyPaymentRequest
        {
            NotifyType = NotifyType.PaymentResult,
            Result = success ? PaymentEngine.Success() : PaymentEngine.Fail(payment.ResultCode ?? "PROCESS_FAIL", payment.ResultMessage ?? "payment failed"),
            PaymentRequestId = payment.PaymentRequestId,
            PaymentId = payment.PaymentId,
            PaymentAmount = new Amount { Currency = payment.Currency, Value = payment.Value },
            PaymentCreateTime = Iso(payment.CreatedAt),
            PaymentTime = success && payment.CompletedAt is { } t ? Iso(t) : null,
            PaymentMethodType = payment.PaymentMethodType,
        };
        var due = payment.CompletedAt ?? _clock.GetUtcNow();
        var json = JsonSerializer.Serialize(body, ContractsJsonContext.Default.NotifyPaymentRequest);
        var retries = _retriesFor(payment.ClientId);
        var fault = _outcomes.Get(payment.Outcome).Notification ?? Catalog.Notification.Normal;
        if (_store.WithholdsNotifications(payment.ClientId))
        {
            _store.AddNotification(payment.ClientId, payment.PaymentRequestId, payment.NotifyUrl, json, due, retries, withheld: true);
            return;
        }
        _store.AddNotification(payment.ClientId, payment.PaymentRequestId, payment.NotifyUrl, json, due, retries, ignoreAck: fault == Catalog.Notification.IgnoreAck);
        if (fault == Catalog.Notification.Duplicate)
            _store.AddNotification(payment.ClientId, payment.PaymentRequestId, payment.NotifyUrl, json, due.AddSeconds(1), retries);
        if (fault == Catalog.Notification.OutOfOrder)
        {
            var stale = body with { NotifyType = NotifyType.PaymentPending, Result = PaymentEngine.Success(), PaymentTime = null };
            _store.AddNotification(payment.ClientId, payment.PaymentRequestId, payment.NotifyUrl,
                JsonSerializer.Serialize(stale, ContractsJsonContext.Default.NotifyPaymentRequest), due.AddSeconds(1), retries);
        }
        Wake();
    }

    /// <summary>
    /// Closes expired payments and delivers every notification that is due, in parallel, including retries that fall
    /// due meanwhile (on a virtual clock, a jump of hours runs a whole retry schedule), and returns when none is left.
    /// Each delivery is bounded by its own timeout, so this is too.
    /// </summary>
    public async Task RunDueAsync(CancellationToken cancellationToken = default)
    {
        while (StartDue() is { Count: > 0 } running)
            await Task.WhenAll(running).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Starts each due delivery that is not already under way; returns every one under way. One payment's
    /// notifications go one at a time, in the order they fell due (a stale PAYMENT_PENDING after its result stays after it).
    /// </summary>
    private IReadOnlyCollection<Task> StartDue()
    {
        lock (_startGate)
        {
            if (_stop.IsCancellationRequested) return [];
            _engine.ExpireDue();
            var busy = _inFlightPayments.Values.ToHashSet();
            foreach (var notification in _store.DueNotifications(_clock.GetUtcNow()))
            {
                var payment = (notification.ClientId, notification.PaymentRequestId);
                if (_inFlight.ContainsKey(notification.Id) || !busy.Add(payment)) continue;
                _inFlightPayments[notification.Id] = payment;
                _inFlight[notification.Id] = Task.Run(() => DeliverOnItsOwnAsync(notification));
            }
            return _inFlight.Values.ToList();
        }
    }

    /// <summary>One attempt, in a slot of its endpoint and of the whole; whatever goes wrong in it is that attempt's recorded failure.</summary>
    private async Task DeliverOnItsOwnAsync(NotificationState n)
    {
        var endpoint = EndpointSlots(n.Url);
        var inEndpoint = false;
        var entered = false;
        try
        {
            await endpoint.WaitAsync(_stop.Token);
            inEndpoint = true;
            await _slots.WaitAsync(_stop.Token);
            entered = true;
            await DeliverAsync(n, _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping: the attempt was not made; the outbox still has it for the next start.
        }
        catch (Exception e)
        {
            RecordFailureSafely(n, $"simulator fault while delivering: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            if (entered) _slots.Release();
            if (inEndpoint) endpoint.Release();
            lock (_startGate)
            {
                _inFlight.Remove(n.Id);
                _inFlightPayments.Remove(n.Id);
            }
            Wake(); // the payment's next notification, if one is due
        }
    }

    private SemaphoreSlim EndpointSlots(string url)
    {
        var key = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : url;
        lock (_endpointSlots)
        {
            if (!_endpointSlots.TryGetValue(key, out var slots)) _endpointSlots[key] = slots = new SemaphoreSlim(_perEndpoint, _perEndpoint);
            return slots;
        }
    }

    private void RecordFailureSafely(NotificationState n, string error)
    {
        try
        {
            var at = _clock.IsVirtual && n.NextAttemptAt is { } due ? due : _clock.GetUtcNow();
            var attempt = n.AttemptCount + 1;
            var next = RetrySchedule.NextAttempt(at, attempt, n.Retries);
            _store.RecordAttempt(n, new NotificationAttempt(attempt, at, null, 0, null, error, false), next, next is null ? "given-up" : "pending");
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"notification dispatcher: could not record attempt of notification {n.Id}: {e.GetType().Name}: {e.Message}");
        }
    }

    private async Task DeliverAsync(NotificationState n, CancellationToken cancellationToken)
    {
        // On a virtual clock an attempt happens at its due time, however far time jumped past it.
        var at = _clock.IsVirtual && n.NextAttemptAt is { } due ? due : _clock.GetUtcNow();
        var time = Iso(at);
        var body = Encoding.UTF8.GetBytes(n.Body);
        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "application/json; charset=UTF-8",
            ["client-id"] = n.ClientId,
            ["request-time"] = time,
            ["signature"] = _signer.SignatureHeaderValue("POST", NotifyPath(n.Url), n.ClientId, time, body),
        };
        var result = await _transport.PostAsync(n.Url, headers, body, cancellationToken);
        var acknowledged = !n.IgnoreAck && result.StatusCode == 200 && result.Body is not null && NotifyPaymentAcknowledgementValidator.Validate(result.Body).IsValid;
        var attempt = n.AttemptCount + 1;
        var next = acknowledged ? null : RetrySchedule.NextAttempt(at, attempt, n.Retries);
        _store.RecordAttempt(n, new NotificationAttempt(attempt, at, result.StatusCode, result.Latency.TotalMilliseconds, Truncate(result.Body), result.Error, acknowledged),
            next, acknowledged ? "delivered" : next is null ? "given-up" : "pending");
    }

    /// <summary>Antom signs notifications over the notify URL's path, without scheme and host.</summary>
    public static string NotifyPath(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.PathAndQuery : url;

    private static string? Truncate(string? s) => s is { Length: > 2048 } ? s[..2048] : s;

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        _engine.PaymentCompleted -= Enqueue;
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        Task[] running;
        lock (_startGate) running = _inFlight.Values.ToArray();
        await Task.WhenAll(running);
        _stop.Dispose();
    }
}
