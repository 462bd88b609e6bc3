using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kit.Simulator.Hosting;

/// <summary>
/// One merchant-API call as the simulator judged it: what was called, whether the signature held, what validation
/// found, and what was answered, with the request's identifying fields. What a test or the harness reads to tell a
/// merchant what its backend did ("createPaymentSession failed validation at /order/orderDescription").
/// </summary>
public sealed record MerchantCall(
    long Sequence,
    DateTimeOffset At,
    string ClientId,
    string Operation,
    string Path,
    string? SignatureFailure,
    IReadOnlyList<string> Violations,
    string ResultCode,
    string ResultStatus,
    string ResultMessage,
    string? PaymentRequestId,
    string? PaymentId,
    string? PaymentSessionId,
    string? PaymentRedirectUrl,
    string? PaymentNotifyUrl,
    string? RefundRequestId,
    string? Fault)
{
    public JsonObject ToJson() => new()
    {
        ["sequence"] = Sequence,
        ["at"] = At.ToString("O"),
        ["clientId"] = ClientId,
        ["operation"] = Operation,
        ["path"] = Path,
        ["signature"] = SignatureFailure is null ? "valid" : SignatureFailure,
        ["violations"] = new JsonArray(Violations.Select(v => (JsonNode)v).ToArray()),
        ["resultCode"] = ResultCode,
        ["resultStatus"] = ResultStatus,
        ["resultMessage"] = ResultMessage,
        ["paymentRequestId"] = PaymentRequestId,
        ["paymentId"] = PaymentId,
        ["paymentSessionId"] = PaymentSessionId,
        ["paymentRedirectUrl"] = PaymentRedirectUrl,
        ["paymentNotifyUrl"] = PaymentNotifyUrl,
        ["refundRequestId"] = RefundRequestId,
        ["fault"] = Fault,
    };
}

/// <summary>
/// The last merchant-API calls, newest last, numbered in arrival order. Bounded (the oldest go first), kept in
/// memory: it is evidence for the run in progress, not state a restart must keep.
/// </summary>
public sealed class MerchantCallLog(int capacity = 2000)
{
    private readonly Queue<MerchantCall> _calls = new();
    private long _next = 1;

    /// <summary>Records a call; <paramref name="request"/> and <paramref name="response"/> are the bodies, read for their identifying fields.</summary>
    /// <param name="fault">The merchant-API fault that broke the answer, if one did.</param>
    public void Record(string clientId, string operation, string path, string? signatureFailure, IReadOnlyList<string> violations, byte[] request, byte[] response, string? fault)
    {
        var asked = StringMembers(request);
        var answered = StringMembers(response);
        lock (_calls)
        {
            _calls.Enqueue(new MerchantCall(_next++, DateTimeOffset.UtcNow, clientId, operation, path, signatureFailure, violations,
                answered.GetValueOrDefault("result.resultCode") ?? "", answered.GetValueOrDefault("result.resultStatus") ?? "", answered.GetValueOrDefault("result.resultMessage") ?? "",
                asked.GetValueOrDefault("paymentRequestId") ?? answered.GetValueOrDefault("paymentRequestId"), answered.GetValueOrDefault("paymentId") ?? asked.GetValueOrDefault("paymentId"),
                answered.GetValueOrDefault("paymentSessionId"), asked.GetValueOrDefault("paymentRedirectUrl"), asked.GetValueOrDefault("paymentNotifyUrl"),
                asked.GetValueOrDefault("refundRequestId"), fault));
            while (_calls.Count > capacity) _calls.Dequeue();
        }
    }

    /// <summary>
    /// The string members of a body's top level and of its "result" object (as "result.resultCode"), read in one pass
    /// without building a document. The request is whatever the merchant sent (not JSON, a lone surrogate, a member
    /// of another type): what cannot be read is left out, and the call is recorded anyway.
    /// </summary>
    private static Dictionary<string, string> StringMembers(byte[] body)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.Length == 0) return found;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return found;
            string? prefix = null;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    if (prefix is null) break;
                    prefix = null;
                    continue;
                }
                if (reader.TokenType != JsonTokenType.PropertyName) continue;
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) found[prefix is null ? name : prefix + name] = reader.GetString()!;
                else if (reader.TokenType == JsonTokenType.StartObject && prefix is null && name == "result") prefix = "result.";
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { }
        return found;
    }

    /// <summary>The first <paramref name="limit"/> calls after <paramref name="after"/> (a sequence number; 0 for all kept), of one client or of all.</summary>
    public IReadOnlyList<MerchantCall> Since(long after, string? clientId, int limit)
    {
        lock (_calls) return _calls.Where(c => c.Sequence > after && (clientId is null || c.ClientId == clientId)).Take(limit).ToList();
    }

    /// <summary>The sequence number of the newest call (0 before any): a mark, to read only the calls after it.</summary>
    public long Last
    {
        get { lock (_calls) return _next - 1; }
    }
}
