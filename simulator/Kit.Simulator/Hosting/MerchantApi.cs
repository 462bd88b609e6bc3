using System.Text.Json;
using Kit.Contracts.Antom;
using Kit.Contracts.Operations;
using Kit.Contracts.Signing;
using Kit.Schema;
using Kit.Simulator.Catalog;
using Kit.Simulator.Engine;

namespace Kit.Simulator.Hosting;

/// <summary>
/// Antom's merchant API in front of the engine: the checks Antom makes, in its order (method, media type, size,
/// client, signature, parameters), then the engine's handler for the operation, then a signed response. Every
/// operation of <see cref="AntomOperations"/> is bound to its handler here, once; a merchant-API fault QA armed (or an
/// amount triggered) then breaks the answer after the operation took effect.
/// </summary>
/// <param name="maxRequestAge">How far request-time may be from the real clock, or null for no limit (the default: no official SDK checks time either).</param>
public sealed class MerchantApi
{
    public const int MaxBodyBytes = 64 * 1024;

    private readonly ClientRegistry _clients;
    private readonly TimeProvider _clock;
    private readonly MerchantCallLog _calls;
    private readonly TimeSpan? _maxRequestAge;
    private readonly AntomSigner _signer;
    private readonly Dictionary<string, Handler> _handlers;

    /// <summary>An operation's part: validate, call the engine, and say which fault (if any) the answer meets.</summary>
    private delegate (byte[] Body, ApiFault? Fault) Handler(string clientId, byte[] body, CallVerdict verdict);

    public MerchantApi(PaymentEngine engine, ClientRegistry clients, TimeProvider clock, MerchantCallLog calls, TimeSpan? maxRequestAge = null)
    {
        _clients = clients;
        _clock = clock;
        _calls = calls;
        _maxRequestAge = maxRequestAge;
        _signer = new AntomSigner(clients.AntomPrivateKey);
        _handlers = new(StringComparer.Ordinal)
        {
            [AntomOperations.CreatePaymentSession.Name] = Bind(engine, AntomOperations.CreatePaymentSession, engine.CreatePaymentSession, r => r.PaymentRequestId, r => r.PaymentAmount),
            [AntomOperations.InquiryPayment.Name] = Bind(engine, AntomOperations.InquiryPayment, engine.InquiryPayment),
            [AntomOperations.Cancel.Name] = Bind(engine, AntomOperations.Cancel, engine.Cancel),
            [AntomOperations.Refund.Name] = Bind(engine, AntomOperations.Refund, engine.Refund, r => r.RefundRequestId, r => r.RefundAmount),
            [AntomOperations.InquiryRefund.Name] = Bind(engine, AntomOperations.InquiryRefund, engine.InquiryRefund),
        };
        foreach (var operation in AntomOperations.All)
            if (!_handlers.ContainsKey(operation.Name)) throw new InvalidOperationException($"the simulator has no handler for Antom operation {operation.Name}");
    }

    public ApiResponse Handle(ApiRequest request)
    {
        var clientId = request.Header("client-id") ?? "";
        var verdict = new CallVerdict();
        var operation = AntomOperations.ForPath(request.Path);
        byte[] body;
        ApiFault? fault = null;
        try
        {
            (body, fault) = Dispatch(request, operation, clientId, verdict);
        }
        catch (Exception e)
        {
            // No 5xx: an unexpected fault is Antom's U, which tells the caller to retry or inquire.
            body = ResultOnly(operation, AntomWire.Fail("UNKNOWN_EXCEPTION", $"simulator fault: {e.GetType().Name}: {e.Message}"));
        }
        _calls.Record(clientId, operation?.Name ?? AntomOperations.NameIn(request.Path) ?? request.Path, request.Path, verdict.SignatureFailure, verdict.Violations,
            request.Body, body, fault?.Name);
        return Sign(request.Path, clientId, body) with { Fault = fault is { Kind: not ApiFaultKind.Unknown } ? fault : null };
    }

    /// <summary>What the checks found on the way, for the call log.</summary>
    private sealed class CallVerdict
    {
        public string? SignatureFailure { get; set; } = "not checked";
        public IReadOnlyList<string> Violations { get; set; } = [];
    }

    private (byte[], ApiFault?) Dispatch(ApiRequest request, AntomOperation? operation, string clientId, CallVerdict verdict)
    {
        if (operation is null)
            return (ResultOnly(null, AntomWire.Fail("NO_INTERFACE_DEF", $"no API is defined at {request.Path}")), null);
        if (!request.Method.Equals("POST", StringComparison.OrdinalIgnoreCase))
            return (operation.ResultOnly(AntomWire.Fail("METHOD_NOT_SUPPORTED", $"{request.Method} is not supported; Antom APIs take POST")), null);
        var contentType = request.Header("content-type") ?? "";
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (operation.ResultOnly(AntomWire.Fail("MEDIA_TYPE_NOT_ACCEPTABLE", $"Content-Type '{contentType}' is not accepted; send application/json; charset=UTF-8")), null);
        if (request.Body.Length > MaxBodyBytes) return (TooLarge(operation, $"{request.Body.Length} bytes"), null);

        var client = _clients.Find(clientId);
        if (client is null)
            return (operation.ResultOnly(AntomWire.Fail("INVALID_CLIENT", clientId.Length == 0 ? "the Client-Id header is missing" : $"client id '{clientId}' is not registered with the simulator")), null);
        if (client.PublicKey is null)
            return (operation.ResultOnly(AntomWire.Fail("KEY_NOT_FOUND", $"no public key is registered for client id '{clientId}'")), null);
        var requestTime = request.Header("request-time");
        if (requestTime is { Length: > 0 } && RequestTime.Problem(requestTime, _maxRequestAge) is { } timeProblem)
            return (operation.ResultOnly(AntomWire.Fail("PARAM_ILLEGAL", timeProblem)), null);
        var signature = new AntomSignatureVerifier(client.PublicKey).Verify(request.Header("signature"), "POST", request.Path, clientId, requestTime, request.Body);
        verdict.SignatureFailure = signature.IsValid ? null : $"{signature.Failure}: {signature.Message}";
        if (!signature.IsValid)
            return (operation.ResultOnly(AntomWire.Fail("INVALID_SIGNATURE", $"{signature.Failure}: {signature.Message}")), null);
        return _handlers[operation.Name](clientId, request.Body, verdict);
    }

    /// <summary>
    /// An operation's handler: the generated validator (PARAM_ILLEGAL names the field), the engine, then the fault the
    /// answer meets. <paramref name="requestKey"/> and <paramref name="amount"/> are what an amount-triggered fault reads.
    /// </summary>
    private static Handler Bind<TRequest, TResponse>(PaymentEngine engine, AntomOperation<TRequest, TResponse> operation, Func<string, TRequest, TResponse> handle,
        Func<TRequest, string>? requestKey = null, Func<TRequest, Amount>? amount = null) => (clientId, body, verdict) =>
    {
        var check = operation.ValidateRequest(body);
        verdict.Violations = check.Violations.Select(Describe).ToList();
        if (!check.IsValid)
            return (operation.ResultOnly(AntomWire.Fail("PARAM_ILLEGAL",
                string.Join("; ", check.Violations.Take(3).Select(Describe)) + (check.Violations.Count > 3 ? $" (+{check.Violations.Count - 3} more)" : ""))), null);
        TRequest typed;
        try { typed = JsonSerializer.Deserialize(body, operation.RequestType)!; }
        catch (JsonException e) { return (operation.ResultOnly(AntomWire.Fail("PARAM_ILLEGAL", e.Message)), null); }
        var answer = operation.SerializeResponse(handle(clientId, typed));
        var fault = engine.ApiFaultFor(clientId, operation.Name, requestKey?.Invoke(typed), amount?.Invoke(typed));
        if (fault?.Kind == ApiFaultKind.Unknown)
            answer = operation.ResultOnly(AntomWire.Fail("UNKNOWN_EXCEPTION", $"simulated merchant-API fault 'unknown': {operation.Name} took effect, but its answer is lost; inquire before retrying"));
        return (answer, fault);
    };

    private static string Describe(SchemaViolation v) => $"{(v.InstancePointer.Length == 0 ? "(body)" : v.InstancePointer)}: {v.Message}";

    /// <summary>The signed answer to a body over <see cref="MaxBodyBytes"/>, for a request whose body was refused before it was read.</summary>
    public ApiResponse BodyTooLarge(string path, string clientId, string size)
    {
        var operation = AntomOperations.ForPath(path);
        var body = TooLarge(operation, size);
        _calls.Record(clientId, operation?.Name ?? path, path, "not checked", [], [], body, null);
        return Sign(path, clientId, body);
    }

    private static byte[] TooLarge(AntomOperation? operation, string size) =>
        ResultOnly(operation, AntomWire.Fail("PARAM_ILLEGAL", $"the request body is {size}; at most {MaxBodyBytes} bytes are accepted"));

    /// <summary>A result-only answer in the operation's response type (createPaymentSession's where there is no operation: only the result is in it).</summary>
    private static byte[] ResultOnly(AntomOperation? operation, Result result) => (operation ?? AntomOperations.CreatePaymentSession).ResultOnly(result);

    private ApiResponse Sign(string path, string clientId, byte[] body)
    {
        var time = AntomTime.Format(_clock.GetUtcNow());
        return new ApiResponse(200, new Dictionary<string, string>
        {
            ["Content-Type"] = "application/json; charset=UTF-8",
            ["client-id"] = clientId,
            ["response-time"] = time,
            ["signature"] = _signer.SignatureHeaderValue("POST", path, clientId, time, body),
        }, body);
    }
}
