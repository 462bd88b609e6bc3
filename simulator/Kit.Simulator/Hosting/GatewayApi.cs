using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Simulator.Engine;

namespace Kit.Simulator.Hosting;

/// <summary>
/// The SDK's gateway, POST /mgw.htm (web-sdk.md §5): Operation-Type com.ipay.iexpcashier.sdkAction.query (or the
/// light_sandbox com.ipay.iopensandbox.sdk.paymentSession.query), a JSON array body, answered with Result-Status.
/// The server does CORS itself (preflight, origin echo, credentials, exposed Result-Status and Mgw-TraceId), because
/// the SDK calls it from the merchant's page with credentials.
/// </summary>
public sealed class GatewayApi(CashierGateway gateway)
{
    public const string QueryOperation = "com.ipay.iexpcashier.sdkAction.query";
    public const string LightSandboxOperation = "com.ipay.iopensandbox.sdk.paymentSession.query";

    public ApiResponse Handle(ApiRequest request)
    {
        var cors = Cors(request);
        if (request.Method.Equals("OPTIONS", StringComparison.OrdinalIgnoreCase))
        {
            cors["Access-Control-Allow-Methods"] = "POST, OPTIONS";
            cors["Access-Control-Allow-Headers"] = request.Header("access-control-request-headers") ?? "content-type, operation-type";
            cors["Access-Control-Max-Age"] = "600";
            return new ApiResponse(204, cors, []);
        }
        cors["Content-Type"] = "application/json; charset=UTF-8";
        cors["Mgw-TraceId"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

        var operation = request.Header("operation-type");
        if (operation is not (QueryOperation or LightSandboxOperation))
            return Answer(cors, "3000", new JsonObject { ["success"] = false, ["errorCode"] = "OPERATION_NOT_SUPPORTED", ["errorMessage"] = $"Operation-Type '{operation}' is not served" });

        JsonObject? first;
        try { first = (JsonNode.Parse(request.Body) as JsonArray)?.FirstOrDefault() as JsonObject; }
        catch (JsonException) { first = null; }
        var sessionData = first?["paymentSessionData"]?.GetValue<string>();
        if (sessionData is null)
            return Answer(cors, "1000", new JsonObject { ["success"] = false, ["errorCode"] = "PARAM_ILLEGAL", ["errorMessage"] = "the body must be a JSON array whose first object has paymentSessionData" });
        var env = first!["envInfo"] as JsonObject;
        var terminal = env?["terminalType"]?.GetValue<string>() is "WAP" ? "WAP" : "WEB";
        return Answer(cors, "1000", gateway.Query(sessionData, terminal, env?["locale"]?.GetValue<string>()));
    }

    private static Dictionary<string, string> Cors(ApiRequest request)
    {
        var headers = new Dictionary<string, string>();
        if (request.Header("origin") is { Length: > 0 } origin)
        {
            headers["Access-Control-Allow-Origin"] = origin; // echoed: credentials rule out "*"
            headers["Access-Control-Allow-Credentials"] = "true";
            headers["Access-Control-Expose-Headers"] = "Result-Status, Mgw-TraceId, Tips, Memo";
            headers["Vary"] = "Origin";
        }
        return headers;
    }

    private static ApiResponse Answer(Dictionary<string, string> headers, string resultStatus, JsonObject body)
    {
        headers["Result-Status"] = resultStatus;
        return new ApiResponse(200, headers, Encoding.UTF8.GetBytes(body.ToJsonString()));
    }
}
