using System.Text.Json;
using Kit.Contracts.Antom;
using Kit.Contracts.Operations;

namespace Kit.Simulator.Engine;

/// <summary>
/// Where the engine puts the notifications a state change owes, in the same store as the state (a restart resumes
/// them): notifyPayment when a payment reaches SUCCESS or FAIL, notifyRefund when an asynchronous refund does. The
/// payment outcomes' notification faults (ignore-ack, duplicate, out-of-order) and a client's withholding switch are
/// applied here. Delivery is the dispatcher's.
/// </summary>
public sealed class Outbox(SimulatorStore store, OutcomeTable outcomes, Func<string, bool> retriesFor)
{
    /// <summary>Raised after notifications were added, so that delivery can start at once.</summary>
    public event Action? Added;

    public void PaymentCompleted(PaymentState payment)
    {
        if (payment.NotifyUrl is null || payment.Status is not (PaymentStatus.Success or PaymentStatus.Fail)) return;
        var kind = AntomNotificationKinds.NotifyPayment;
        var json = JsonSerializer.Serialize(AntomWire.Notification(payment, NotifyType.PaymentResult), kind.Type);
        var due = payment.CompletedAt ?? DateTimeOffset.UtcNow;
        var retries = retriesFor(payment.ClientId);
        var target = new NotificationTarget(payment.ClientId, payment.PaymentRequestId, null, kind.Name, payment.NotifyUrl);
        if (store.WithholdsNotifications(payment.ClientId))
        {
            store.AddNotification(target, json, due, retries, withheld: true);
            return;
        }
        var fault = outcomes.Get(payment.Outcome).Notification ?? Catalog.Notification.Normal;
        store.AddNotification(target, json, due, retries, ignoreAck: fault == Catalog.Notification.IgnoreAck);
        if (fault == Catalog.Notification.Duplicate)
            store.AddNotification(target, json, due.AddSeconds(1), retries);
        if (fault == Catalog.Notification.OutOfOrder)
            store.AddNotification(target, JsonSerializer.Serialize(AntomWire.Notification(payment, NotifyType.PaymentPending), kind.Type), due.AddSeconds(1), retries);
        Added?.Invoke();
    }

    public void RefundCompleted(RefundState refund)
    {
        if (refund.NotifyUrl is null || !refund.IsFinal) return;
        var kind = AntomNotificationKinds.NotifyRefund;
        var target = new NotificationTarget(refund.ClientId, refund.PaymentRequestId, refund.RefundRequestId, kind.Name, refund.NotifyUrl);
        store.AddNotification(target, JsonSerializer.Serialize(AntomWire.Notification(refund), kind.Type), refund.CompletedAt ?? DateTimeOffset.UtcNow,
            retriesFor(refund.ClientId), withheld: store.WithholdsNotifications(refund.ClientId));
        Added?.Invoke();
    }
}

/// <summary>Whom a notification is for: the payment it belongs to (its notifications go in order), the refund if it is a refund's, its kind and URL.</summary>
public sealed record NotificationTarget(string ClientId, string PaymentRequestId, string? RefundRequestId, string Kind, string Url);
