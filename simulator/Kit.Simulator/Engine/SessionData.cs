using System.Text;
using System.Text.Json.Nodes;

namespace Kit.Simulator.Engine;

/// <summary>
/// paymentSessionData in the form the real web SDK parses (docs/web-sdk.md §3): <c>token&amp;&amp;hostSign&amp;&amp;188&amp;&amp;base64(JSON)</c>.
/// The JSON carries what the SDK reads (paymentSessionConfig, clientId, extendInfo) and, under "kit", what the
/// simulator's cashier page needs (the session, amount and display mode).
/// </summary>
public static class SessionData
{
    public const string HostSign = "SG";

    /// <summary>The cashier app version every session names (index.&lt;appVersion&gt;.html).</summary>
    public const string AppVersion = "1.47.2";

    /// <summary>The app version of <see cref="SdkFault.AppNeverLaunches"/>: the simulator serves it without onLaunch.</summary>
    public const string NeverLaunchingAppVersion = AppVersion + "-kit-nolaunch";

    public static string Create(string clientId, PaymentState payment, JsonObject? displayMode, string? locale, SdkFault fault = SdkFault.None)
    {
        // Every session names its app version through sdkUpgradeInfo, as Antom's server-side upgrade does. Without
        // it the SDK reuses the version it saw last (localStorage), so one faulty session would follow the buyer.
        var upgrade = new JsonObject
        {
            ["sdkUpgradeInfo"] = new JsonObject
            {
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["appVersion"] = fault == SdkFault.AppNeverLaunches ? NeverLaunchingAppVersion : AppVersion,
                    ["v"] = "1.0.0|",
                    ["platform"] = "Web",
                    ["productScene"] = "",
                    ["mid"] = "",
                }),
            },
        };
        var json = new JsonObject
        {
            ["paymentSessionConfig"] = new JsonObject
            {
                ["productScene"] = "CASHIER_PAYMENT",
                ["productSceneVersion"] = "1.0",
                ["paymentMethodCategoryType"] = "BANK",
            },
            ["clientId"] = clientId,
            ["extendInfo"] = upgrade.ToJsonString(), // the SDK parses extendInfo from a string
            ["paymentSessionFactor"] = new JsonObject
            {
                ["paymentRequestId"] = payment.PaymentRequestId,
                ["paymentMethodInfo"] = new JsonObject { ["paymentMethodType"] = payment.PaymentMethodType ?? "BANK" },
            },
            ["kit"] = new JsonObject
            {
                ["paymentSessionId"] = payment.PaymentSessionId,
                ["amount"] = new JsonObject { ["currency"] = payment.Currency, ["value"] = payment.Value },
                ["displayMode"] = displayMode?.DeepClone(),
                ["locale"] = locale,
            },
        };
        // part0 is the opaque token the SDK sends back to the gateway; it names the session.
        var encoded = fault == SdkFault.MalformedSessionData ? "%%kit-malformed-not-base64%%" : Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString()));
        return $"{payment.PaymentSessionId}&&{HostSign}&&188&&{encoded}";
    }

    /// <summary>The session token (part0) of paymentSessionData, as the SDK forwards it: <c>token&amp;&amp;hostSign&amp;&amp;188</c>.</summary>
    public static string Token(string forwarded) => forwarded.Split("&&")[0];

    /// <summary>The JSON part of a paymentSessionData, or null when it is not in the SDK's format.</summary>
    public static JsonObject? Decode(string sessionData)
    {
        var parts = sessionData.Split("&&");
        if (parts.Length != 4) return null;
        try { return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(parts[3]))) as JsonObject; }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException) { return null; }
    }
}
