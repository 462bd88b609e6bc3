using Kit.Simulator.Catalog;

namespace Kit.Simulator.Engine;

/// <summary>The switches QA flips through the control API: SDK faults, withheld notifications, merchant-API faults, and the notification log.</summary>
public sealed partial class PaymentEngine
{
    /// <summary>Arms (or, with <see cref="SdkFault.None"/>, disarms) an SDK fault for a payment that may not exist yet.</summary>
    public void ArmSdkFault(string clientId, string paymentRequestId, SdkFault fault) => store.ArmFault(clientId, paymentRequestId, fault);

    /// <summary>Arms a fault for the client's next createPaymentSession, whose paymentRequestId QA does not know yet.</summary>
    public void ArmNextSdkFault(string clientId, SdkFault fault) => store.ArmNextFault(clientId, fault);

    public SdkFault SdkFaultOf(string clientId, string paymentRequestId) => store.FaultFor(clientId, paymentRequestId);

    /// <summary>Records the client's new notifications as withheld, never sent (to see whether a merchant inquires).</summary>
    public void WithholdNotifications(string clientId, bool withhold) => store.WithholdNotifications(clientId, withhold);

    public IReadOnlyList<NotificationState> Notifications(string clientId, string? paymentRequestId) => store.Notifications(clientId, paymentRequestId);

    /// <summary>Arms a merchant-API fault for the client's next <paramref name="count"/> calls of an operation ("*": any); null disarms.</summary>
    public void ArmApiFault(string clientId, string operation, ApiFault? fault, int count) => store.ArmApiFault(clientId, operation, fault, count);

    public IReadOnlyList<(string ClientId, string Operation, ApiFault Fault, int Remaining)> ArmedApiFaults() => store.ArmedApiFaults();

    /// <summary>
    /// The fault this merchant-API call meets, if any: one armed for the client's next calls of the operation, or the
    /// one the request's amount triggers, which breaks only the first call with its idempotency key (so that the
    /// merchant's retry or inquiry gets the truth).
    /// </summary>
    public ApiFault? ApiFaultFor(string clientId, string operation, string? requestKey, Kit.Contracts.Antom.Amount? amount)
    {
        if (store.TakeApiFault(clientId, operation) is { } armed) return armed;
        if (amount is null || requestKey is null || outcomes.ApiFaultForAmount(amount.Currency, amount.Value) is not { } triggered) return null;
        return store.SpendTriggeredFault(clientId, operation, requestKey) ? new ApiFault(triggered.Fault, (int?)triggered.DelaySeconds) : null;
    }

    /// <summary>A fault by its catalog name, with the delay asked for (delay only).</summary>
    public ApiFault ApiFaultNamed(string name, int? delaySeconds)
    {
        var entry = outcomes.FindApiFault(name) ?? throw new ArgumentException(
            $"unknown merchant-API fault '{name}'; the catalog has: none, {string.Join(", ", outcomes.ApiFaults.Select(f => f.Name))}");
        if (delaySeconds is not null && entry.Fault != ApiFaultKind.Delay) throw new ArgumentException($"delaySeconds applies only to the delay fault, not {name}");
        return new ApiFault(entry.Fault, entry.Fault == ApiFaultKind.Delay ? delaySeconds ?? (int?)entry.DelaySeconds : null);
    }
}
