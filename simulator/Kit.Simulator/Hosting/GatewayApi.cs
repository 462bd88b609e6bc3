using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Kit.Simulator.Engine;

namespace Kit.Simulator.Hosting;

/// <summary>
/// The SDK's gateway, POST /mgw.htm (docs/web-sdk.md §5): Operation-Type com.ipay.iexpcashier.sdkAction.query (or the
/// light_sandbox com.ipay.iopensandbox.sdk.paymentSession.query), a JSON array body, answered with Result-Status.
/// The server does CORS itself, because the SDK calls it from the merchant's page with credentials.
/// </summary>
public sealed class GatewayApi(CashierGateway gateway)
{
    public const string QueryOperation = "com.ipay.iexpcashier.sdkAction.query";
    public const string LightSandboxOperation = "com.ipay.iopensandbox.sdk.paymentSession.query";

    public ApiResponse Handle(ApiRequest request)
    {
        if (Cors.IsPreflight(request)) return Cors.Preflight(request, "POST, OPTIONS");
        var headers = Cors.For(request);
        headers["Mgw-TraceId"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

        var operation = request.Header("operation-type");
        if (operation is not (QueryOperation or LightSandboxOperation))
            return Answer(headers, "3000", new JsonObject { ["success"] = false, ["errorCode"] = "OPERATION_NOT_SUPPORTED", ["errorMessage"] = $"Operation-Type '{operation}' is not served" });

        JsonObject? first;
        try { first = (JsonNode.Parse(request.Body) as JsonArray)?.FirstOrDefault() as JsonObject; }
        catch (JsonException) { first = null; }
        var sessionData = Text(first?["paymentSessionData"]);
        if (sessionData is null)
            return Answer(headers, "1000", new JsonObject { ["success"] = false, ["errorCode"] = "PARAM_ILLEGAL", ["errorMessage"] = "the body must be a JSON array whose first object has paymentSessionData" });
        var env = first!["envInfo"] as JsonObject;
        var terminal = env?["terminalType"] is JsonValue t && t.TryGetValue<string>(out var reported) && TerminalTypeWire.TryParse(reported, out var parsed) ? parsed : TerminalType.Web;
        var answer = gateway.Query(sessionData, terminal, Text(env?["locale"]));
        switch (answer.Fault)
        {
            case SdkFault.GatewayNetworkFailure:
                // A gateway behind a failing proxy: no CORS headers, so the browser reports a network error to the SDK.
                return ApiResponses.Text("text/plain", "Kit SDK fault gatewayNetworkFailure: 502 Bad Gateway", 502);
            case SdkFault.GatewayBusinessFailure:
                // A gateway-level business error (Result-Status 3000 with Tips): the one failure the SDK's bank path
                // reports. A plain success:false under Result-Status 1000 goes to the app without any SDK event.
                headers["Tips"] = Uri.EscapeDataString(answer.Body["errorMessage"]?.GetValue<string>() ?? "gateway business failure");
                return Answer(headers, "3000", answer.Body);
            default:
                return Answer(headers, "1000", answer.Body);
        }
    }

    /// <summary>A string member as the SDK sends it, or null for anything else (a number, an object, nothing).</summary>
    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static ApiResponse Answer(Dictionary<string, string> headers, string resultStatus, JsonObject body)
    {
        headers["Result-Status"] = resultStatus;
        return ApiResponses.Json(body, 200, headers);
    }
}
