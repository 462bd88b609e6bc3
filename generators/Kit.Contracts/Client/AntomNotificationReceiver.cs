using System.Security.Cryptography;
using System.Text.Json;
using Kit.Contracts.Antom;
using Kit.Contracts.Operations;
using Kit.Contracts.Signing;
using Kit.Schema;

namespace Kit.Contracts.Client;

/// <summary>Why a notification was not accepted.</summary>
public enum NotificationFailure
{
    None,
    /// <summary>The client-id header is missing or not the merchant's.</summary>
    ClientIdMismatch,
    /// <summary>The signature did not verify; <see cref="NotificationResult{T}.Signature"/> says why.</summary>
    Signature,
    /// <summary>Signed correctly, but the body does not match the notifyPayment schema.</summary>
    InvalidBody,
}

public sealed record NotificationResult<T>(T? Notification, NotificationFailure Failure, string Message, SignatureVerification Signature, IReadOnlyList<SchemaViolation> Violations)
    where T : class
{
    public bool IsValid => Failure == NotificationFailure.None;
}

/// <summary>
/// For the merchant's notify endpoint: verifies an incoming notifyPayment (headers client-id, request-time,
/// signature over <c>POST &lt;notify path&gt;</c>), or a notifyRefund, parses it, and gives the exact acknowledgement Antom expects.
/// </summary>
public sealed class AntomNotificationReceiver(RSA antomPublicKey, string clientId)
{
    /// <summary>The only body that stops Antom's retries (HTTP 200, no signature needed).</summary>
    public const string AcknowledgementJson = """{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}""";

    public static byte[] AcknowledgementBody => "{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"success\"}}"u8.ToArray();

    private readonly AntomSignatureVerifier _verifier = new(antomPublicKey);

    /// <param name="header">Looks a header up by name (case-insensitively, as HTTP headers are).</param>
    /// <param name="notifyPath">The path of the notify URL as Antom called it, without host, e.g. /antom/notify.</param>
    /// <param name="body">The raw body bytes as received; do not re-serialise them.</param>
    public NotificationResult<NotifyPaymentRequest> ReceivePayment(Func<string, string?> header, string notifyPath, ReadOnlySpan<byte> body) =>
        Receive(AntomNotificationKinds.NotifyPayment, header, notifyPath, body);

    /// <summary>The same, with headers as name/value pairs (any case).</summary>
    public NotificationResult<NotifyPaymentRequest> ReceivePayment(IEnumerable<KeyValuePair<string, string>> headers, string notifyPath, ReadOnlySpan<byte> body) =>
        Receive(AntomNotificationKinds.NotifyPayment, Lookup(headers), notifyPath, body);

    /// <summary>A notifyRefund (REFUND_RESULT) at the refundNotifyUrl, checked as <see cref="ReceivePayment(Func{string, string?}, string, ReadOnlySpan{byte})"/> is; deduplicate on refundId.</summary>
    public NotificationResult<NotifyRefundRequest> ReceiveRefund(Func<string, string?> header, string notifyPath, ReadOnlySpan<byte> body) =>
        Receive(AntomNotificationKinds.NotifyRefund, header, notifyPath, body);

    public NotificationResult<NotifyRefundRequest> ReceiveRefund(IEnumerable<KeyValuePair<string, string>> headers, string notifyPath, ReadOnlySpan<byte> body) =>
        Receive(AntomNotificationKinds.NotifyRefund, Lookup(headers), notifyPath, body);

    /// <summary>Any notification kind of <see cref="AntomNotificationKinds"/>.</summary>
    public NotificationResult<T> Receive<T>(AntomNotificationKind<T> kind, Func<string, string?> header, string notifyPath, ReadOnlySpan<byte> body)
        where T : class
    {
        var sender = header("client-id");
        if (sender is null || sender != clientId)
            return Reject<T>(NotificationFailure.ClientIdMismatch, sender is null ? "the client-id header is missing" : $"the notification is for client id '{sender}', not '{clientId}'");

        var signature = _verifier.Verify(header("signature"), "POST", notifyPath, clientId, header("request-time"), body);
        if (!signature.IsValid)
            return new(null, NotificationFailure.Signature, signature.ToString(), signature, []);

        var bytes = body.ToArray();
        var check = kind.Validate(bytes);
        if (!check.IsValid)
            return new(null, NotificationFailure.InvalidBody, $"the notification does not match the {kind.Name} schema: " + string.Join("; ", check.Violations), signature, check.Violations);
        return new(JsonSerializer.Deserialize(bytes, kind.Type), NotificationFailure.None, "notification verified", signature, []);
    }

    private static Func<string, string?> Lookup(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in headers) map[k] = v;
        return name => map.GetValueOrDefault(name);
    }

    private static NotificationResult<T> Reject<T>(NotificationFailure failure, string message) where T : class =>
        new(null, failure, message, SignatureVerification.Fail(SignatureFailure.ClientIdMismatch, message), []);
}
