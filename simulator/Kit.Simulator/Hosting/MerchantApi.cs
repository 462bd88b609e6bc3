using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Kit.Contracts;
using Kit.Contracts.Antom;
using Kit.Contracts.Signing;
using Kit.Schema;
using Kit.Simulator.Engine;

namespace Kit.Simulator.Hosting;

/// <summary>
/// Antom's merchant API in front of the engine: the checks Antom makes, in its order (method, media type, size,
/// client, signature, parameters), then the engine call, then a signed response.
/// </summary>
/// <param name="maxRequestAge">How far request-time may be from the real clock, or null for no limit (the default: no official SDK checks time either).</param>
public sealed class MerchantApi(PaymentEngine engine, ClientRegistry clients, TimeProvider clock, MerchantCallLog calls, TimeSpan? maxRequestAge = null)
{
    public const int MaxBodyBytes = 64 * 1024;
    private const string Api = "/ams/api/v1/payments/";
    private const string SandboxApi = "/ams/sandbox/api/v1/payments/";

    private readonly AntomSigner _signer = new(clients.AntomPrivateKey);

    public ApiResponse Handle(ApiRequest request)
    {
        var clientId = request.Header("client-id") ?? "";
        var verdict = new CallVerdict();
        byte[] body;
        try
        {
            body = Dispatch(request, clientId, verdict);
        }
        catch (Exception e)
        {
            // No 5xx: an unexpected fault is Antom's U, which tells the caller to retry or inquire.
            body = ResultOnly(PaymentEngine.Fail("UNKNOWN_EXCEPTION", $"simulator fault: {e.GetType().Name}: {e.Message}"));
        }
        calls.Record(clientId, Operation(request.Path) ?? request.Path, request.Path, verdict.SignatureFailure, verdict.Violations, request.Body, body);
        return Sign(request.Path, clientId, body);
    }

    /// <summary>What the checks found on the way, for the call log.</summary>
    private sealed class CallVerdict
    {
        public string? SignatureFailure { get; set; } = "not checked";
        public IReadOnlyList<string> Violations { get; set; } = [];
    }

    private static string? Operation(string path) =>
        path.StartsWith(SandboxApi, StringComparison.Ordinal) ? path[SandboxApi.Length..]
        : path.StartsWith(Api, StringComparison.Ordinal) ? path[Api.Length..] : null;

    private byte[] Dispatch(ApiRequest request, string clientId, CallVerdict verdict)
    {
        var name = Operation(request.Path);
        if (name is not ("createPaymentSession" or "inquiryPayment" or "cancel"))
            return ResultOnly(PaymentEngine.Fail("NO_INTERFACE_DEF", $"no API is defined at {request.Path}"));
        if (!request.Method.Equals("POST", StringComparison.OrdinalIgnoreCase))
            return ResultOnly(PaymentEngine.Fail("METHOD_NOT_SUPPORTED", $"{request.Method} is not supported; Antom APIs take POST"));
        var contentType = request.Header("content-type") ?? "";
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return ResultOnly(PaymentEngine.Fail("MEDIA_TYPE_NOT_ACCEPTABLE", $"Content-Type '{contentType}' is not accepted; send application/json; charset=UTF-8"));
        if (request.Body.Length > MaxBodyBytes) return TooLarge($"{request.Body.Length} bytes");

        var client = clients.Find(clientId);
        if (client is null)
            return ResultOnly(PaymentEngine.Fail("INVALID_CLIENT", clientId.Length == 0 ? "the Client-Id header is missing" : $"client id '{clientId}' is not registered with the simulator"));
        if (client.PublicKey is null)
            return ResultOnly(PaymentEngine.Fail("KEY_NOT_FOUND", $"no public key is registered for client id '{clientId}'"));
        var requestTime = request.Header("request-time");
        if (requestTime is { Length: > 0 } && RequestTime.Problem(requestTime, maxRequestAge) is { } timeProblem)
            return ResultOnly(PaymentEngine.Fail("PARAM_ILLEGAL", timeProblem));
        var signature = new AntomSignatureVerifier(client.PublicKey).Verify(request.Header("signature"), "POST", request.Path, clientId, requestTime, request.Body);
        verdict.SignatureFailure = signature.IsValid ? null : $"{signature.Failure}: {signature.Message}";
        if (!signature.IsValid)
            return ResultOnly(PaymentEngine.Fail("INVALID_SIGNATURE", $"{signature.Failure}: {signature.Message}"));

        ValidationResult Checked(ValidationResult check)
        {
            verdict.Violations = check.Violations.Select(v => $"{(v.InstancePointer.Length == 0 ? "(body)" : v.InstancePointer)}: {v.Message}").ToList();
            return check;
        }
        return name switch
        {
            "createPaymentSession" => Run(request.Body, b => Checked(CreatePaymentSessionRequestValidator.Validate(b)), ContractsJsonContext.Default.CreatePaymentSessionRequest,
                r => engine.CreatePaymentSession(clientId, r), ContractsJsonContext.Default.CreatePaymentSessionResponse),
            "inquiryPayment" => Run(request.Body, b => Checked(InquiryPaymentRequestValidator.Validate(b)), ContractsJsonContext.Default.InquiryPaymentRequest,
                r => engine.InquiryPayment(clientId, r.PaymentId, r.PaymentRequestId), ContractsJsonContext.Default.InquiryPaymentResponse),
            _ => Run(request.Body, b => Checked(CancelRequestValidator.Validate(b)), ContractsJsonContext.Default.CancelRequest,
                r => engine.Cancel(clientId, r.PaymentId, r.PaymentRequestId), ContractsJsonContext.Default.CancelResponse),
        };
    }

    /// <summary>The signed answer to a body over <see cref="MaxBodyBytes"/>, for a request whose body was refused before it was read.</summary>
    public ApiResponse BodyTooLarge(string path, string clientId, string size)
    {
        var body = TooLarge(size);
        calls.Record(clientId, Operation(path) ?? path, path, "not checked", [], [], body);
        return Sign(path, clientId, body);
    }

    private static byte[] TooLarge(string size) =>
        ResultOnly(PaymentEngine.Fail("PARAM_ILLEGAL", $"the request body is {size}; at most {MaxBodyBytes} bytes are accepted"));

    /// <summary>Validates with the generated validator (PARAM_ILLEGAL names the field), then calls the engine.</summary>
    private static byte[] Run<TRequest, TResponse>(byte[] body, Func<ReadOnlyMemory<byte>, ValidationResult> validate,
        JsonTypeInfo<TRequest> requestType, Func<TRequest, TResponse> call, JsonTypeInfo<TResponse> responseType)
    {
        var check = validate(body);
        if (!check.IsValid)
        {
            var first = check.Violations.Take(3).Select(v => $"{(v.InstancePointer.Length == 0 ? "(body)" : v.InstancePointer)}: {v.Message}");
            return ResultOnly(PaymentEngine.Fail("PARAM_ILLEGAL", string.Join("; ", first) + (check.Violations.Count > 3 ? $" (+{check.Violations.Count - 3} more)" : "")));
        }
        TRequest typed;
        try { typed = JsonSerializer.Deserialize(body, requestType)!; }
        catch (JsonException e) { return ResultOnly(PaymentEngine.Fail("PARAM_ILLEGAL", e.Message)); }
        return JsonSerializer.SerializeToUtf8Bytes(call(typed), responseType);
    }

    private static byte[] ResultOnly(Result result) =>
        JsonSerializer.SerializeToUtf8Bytes(new CreatePaymentSessionResponse { Result = result }, ContractsJsonContext.Default.CreatePaymentSessionResponse);

    private ApiResponse Sign(string path, string clientId, byte[] body)
    {
        var time = clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        return new ApiResponse(200, new Dictionary<string, string>
        {
            ["Content-Type"] = "application/json; charset=UTF-8",
            ["client-id"] = clientId,
            ["response-time"] = time,
            ["signature"] = _signer.SignatureHeaderValue("POST", path, clientId, time, body),
        }, body);
    }
}
