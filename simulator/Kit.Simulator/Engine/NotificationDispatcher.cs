using System.Text;
using System.Text.Json;
using Kit.Contracts;
using Kit.Contracts.Antom;
using Kit.Contracts.Operations;
using Kit.Contracts.Signing;

namespace Kit.Simulator.Engine;

/// <summary>Carries a signed notification to the merchant; the engine does not know how (HTTP lives in Hosting/).</summary>
public interface INotificationTransport
{
    Task<TransportResult> PostAsync(string url, IReadOnlyDictionary<string, string> headers, byte[] body, CancellationToken cancellationToken);
}

public sealed record TransportResult(int? StatusCode, string? Body, string? Error, TimeSpan Latency);

/// <summary>
/// Delivers what the outbox holds (notifyPayment, notifyRefund), signed as Antom signs it, and records each attempt:
/// retried on <see cref="RetrySchedule"/> until the merchant answers with the exact SUCCESS acknowledgement. The outbox
/// is in the store, so a restart resumes the schedule where it stopped. What falls due, and when to look, is the
/// <see cref="SimulatorScheduler"/>'s. Deliveries run several at once (<c>concurrency</c>), each on its own: whatever
/// one attempt does, it is recorded as that notification's attempt and cannot hold up or fail another.
/// </summary>
public sealed class NotificationDispatcher : IAsyncDisposable
{
    private readonly SimulatorStore _store;
    private readonly SimulatorClock _clock;
    private readonly AntomSigner _signer;
    private readonly INotificationTransport _transport;
    private readonly SemaphoreSlim _slots;
    private readonly int _perEndpoint;
    private readonly Dictionary<string, SemaphoreSlim> _endpointSlots = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly object _startGate = new();
    private readonly Dictionary<long, Task> _inFlight = [];
    private readonly Dictionary<long, (string ClientId, string PaymentRequestId)> _inFlightPayments = [];

    /// <param name="concurrency">How many deliveries may be in progress at once, in all.</param>
    /// <param name="perEndpoint">How many of them may go to one endpoint (scheme, host and port), so that one merchant's
    /// slow or hanging endpoint cannot take every slot from the others.</param>
    public NotificationDispatcher(SimulatorStore store, SimulatorClock clock, AntomSigner signer, INotificationTransport transport,
        int concurrency = 64, int perEndpoint = 4)
    {
        _slots = new SemaphoreSlim(concurrency, concurrency);
        _perEndpoint = perEndpoint;
        _store = store;
        _clock = clock;
        _signer = signer;
        _transport = transport;
    }

    /// <summary>Raised when a delivery ends, since the payment's next notification may then be due.</summary>
    public event Action? DeliveryEnded;

    /// <summary>Whether any of these notifications is being delivered right now.</summary>
    public bool IsDelivering(IEnumerable<long> ids)
    {
        lock (_startGate) return ids.Any(_inFlight.ContainsKey);
    }

    /// <summary>
    /// Starts each due delivery that is not already under way; returns every one under way. One payment's
    /// notifications go one at a time, in the order they fell due (a stale PAYMENT_PENDING after its result stays after it).
    /// </summary>
    public IReadOnlyCollection<Task> StartDue()
    {
        lock (_startGate)
        {
            if (_stop.IsCancellationRequested) return [];
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
            DeliveryEnded?.Invoke(); // the payment's next notification, if one is due
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
        var time = AntomTime.Format(at);
        var body = Encoding.UTF8.GetBytes(n.Body);
        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "application/json; charset=UTF-8",
            ["client-id"] = n.ClientId,
            ["request-time"] = time,
            ["signature"] = _signer.SignatureHeaderValue("POST", NotifyPath(n.Url), n.ClientId, time, body),
        };
        var result = await _transport.PostAsync(n.Url, headers, body, cancellationToken);
        var acknowledged = !n.IgnoreAck && result.StatusCode == 200 && result.Body is not null && AntomNotificationKind.IsAcknowledgement(result.Body);
        var attempt = n.AttemptCount + 1;
        var next = acknowledged ? null : RetrySchedule.NextAttempt(at, attempt, n.Retries);
        _store.RecordAttempt(n, new NotificationAttempt(attempt, at, result.StatusCode, result.Latency.TotalMilliseconds, Truncate(result.Body), result.Error, acknowledged),
            next, acknowledged ? "delivered" : next is null ? "given-up" : "pending");
    }

    /// <summary>Antom signs notifications over the notify URL's path, without scheme and host.</summary>
    public static string NotifyPath(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.PathAndQuery : url;

    private static string? Truncate(string? s) => s is { Length: > 2048 } ? s[..2048] : s;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task[] running;
        lock (_startGate) running = _inFlight.Values.ToArray();
        await Task.WhenAll(running);
        _stop.Dispose();
    }
}
