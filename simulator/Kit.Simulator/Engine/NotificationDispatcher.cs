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
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public NotificationDispatcher(SimulatorStore store, SimulatorClock clock, PaymentEngine engine, AntomSigner signer,
        INotificationTransport transport, Func<string, bool> retriesFor)
    {
        _store = store;
        _clock = clock;
        _engine = engine;
        _signer = signer;
        _transport = transport;
        _retriesFor = retriesFor;
        _outcomes = engine.Outcomes;
        engine.PaymentCompleted += Enqueue;
    }

    /// <summary>Runs deliveries in the background until disposed, checking at least every <paramref name="poll"/>.</summary>
    public void Start(TimeSpan poll) => _loop = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            try { await RunDueAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (Exception e) { Console.Error.WriteLine($"notification dispatcher: {e.Message}"); }
            try { await _wake.WaitAsync(poll, _stop.Token); }
            catch (OperationCanceledException) { return; }
        }
    });

    public void Wake() => _wake.Release();

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

    /// <summary>Closes expired payments and delivers every notification that is due, including retries that fall due meanwhile.</summary>
    public async Task RunDueAsync(CancellationToken cancellationToken = default)
    {
        await _running.WaitAsync(cancellationToken);
        try
        {
            _engine.ExpireDue();
            while (_store.DueNotifications(_clock.GetUtcNow()) is { Count: > 0 } due)
                foreach (var notification in due)
                    await DeliverAsync(notification, cancellationToken);
        }
        finally
        {
            _running.Release();
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
        _stop.Dispose();
    }
}
