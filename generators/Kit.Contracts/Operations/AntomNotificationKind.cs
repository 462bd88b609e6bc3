using System.Text.Json.Serialization.Metadata;
using Kit.Contracts.Antom;
using Kit.Schema;

namespace Kit.Contracts.Operations;

/// <summary>
/// A notification Antom sends to the merchant (notifyPayment, notifyRefund): its type and validator, and the
/// acknowledgement that stops the retries (the same fixed body for both).
/// </summary>
public abstract class AntomNotificationKind(string name, string notifyUrlField)
{
    public string Name { get; } = name;

    /// <summary>The request member that carries where it goes (paymentNotifyUrl, refundNotifyUrl).</summary>
    public string NotifyUrlField { get; } = notifyUrlField;

    public abstract ValidationResult Validate(ReadOnlyMemory<byte> body);

    /// <summary>Whether a merchant's answer is the acknowledgement that ends the retries.</summary>
    public static bool IsAcknowledgement(string body) => NotifyPaymentAcknowledgementValidator.Validate(System.Text.Encoding.UTF8.GetBytes(body)).IsValid;

    public override string ToString() => Name;
}

public sealed class AntomNotificationKind<T>(string name, string notifyUrlField, JsonTypeInfo<T> type, Func<ReadOnlyMemory<byte>, ValidationResult> validate)
    : AntomNotificationKind(name, notifyUrlField)
{
    public JsonTypeInfo<T> Type { get; } = type;

    public override ValidationResult Validate(ReadOnlyMemory<byte> body) => validate(body);
}

public static class AntomNotificationKinds
{
    public static readonly AntomNotificationKind<NotifyPaymentRequest> NotifyPayment = new(
        "notifyPayment", "paymentNotifyUrl", ContractsJsonContext.Default.NotifyPaymentRequest, NotifyPaymentRequestValidator.Validate);

    public static readonly AntomNotificationKind<NotifyRefundRequest> NotifyRefund = new(
        "notifyRefund", "refundNotifyUrl", ContractsJsonContext.Default.NotifyRefundRequest, NotifyRefundRequestValidator.Validate);

    public static IReadOnlyList<AntomNotificationKind> All { get; } = [NotifyPayment, NotifyRefund];

    public static AntomNotificationKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}
