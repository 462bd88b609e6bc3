using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kit.Simulator.Engine;

namespace Kit.Simulator.Hosting;

/// <summary>
/// Antom's cashier web app, as the SDK loads it into its iframe from
/// /page/antom-web-checkout/src/component-app/&lt;componentSign&gt;/&lt;version&gt;/index.&lt;appVersion&gt;.html, and the
/// simulated bank page's one call back, POST /page/antom-web-checkout/kit/bank-action (same origin as the app).
/// The app is plain HTML, CSS and JavaScript (Cashier/), put together into one page when the simulator starts.
/// </summary>
public sealed partial class CashierAppApi(CashierGateway gateway)
{
    public const string AppPrefix = "/page/antom-web-checkout/src/component-app/";
    public const string BankActionPath = "/page/antom-web-checkout/kit/bank-action";

    private static readonly string Template = Assemble();

    [GeneratedRegex(@"^/page/antom-web-checkout/src/component-app/(?<sign>[A-Z_]+)/(?<version>[^/]+)/index\.(?<app>[^/]+)\.html$")]
    private static partial Regex AppPath();

    public static bool Serves(string path) => path.StartsWith("/page/antom-web-checkout/", StringComparison.Ordinal);

    public ApiResponse Handle(ApiRequest request)
    {
        if (request.Path == BankActionPath)
            return request.Method == "POST" ? BankAction(request.Body) : ApiResponses.Text("text/plain", "POST only", 405);
        var match = AppPath().Match(request.Path);
        if (!match.Success || request.Method != "GET")
            return ApiResponses.Text("text/plain", $"no cashier page at {request.Path}; the SDK loads {AppPrefix}<componentSign>/<version>/index.<appVersion>.html", 404);
        var appVersion = match.Groups["app"].Value;
        var config = new JsonObject
        {
            ["componentSign"] = match.Groups["sign"].Value,
            ["appVersion"] = appVersion,
            ["launch"] = appVersion != SessionData.NeverLaunchingAppVersion,
        };
        return ApiResponses.Text("text/html; charset=utf-8", Template.Replace("/*KIT:CONFIG*/", config.ToJsonString()),
            headers: new Dictionary<string, string> { ["Cache-Control"] = "no-store" });
    }

    private ApiResponse BankAction(byte[] body)
    {
        JsonObject? step;
        try { step = JsonNode.Parse(body) as JsonObject; }
        catch (JsonException e) { return Refuse($"the body is not JSON: {e.Message}"); }
        string? Field(string name) => step?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (Field("paymentSessionData") is not { } session) return Refuse("paymentSessionData is required");
        if (!Enum.TryParse<BankAction>(Field("action"), ignoreCase: true, out var action) || !Enum.IsDefined(action))
            return Refuse("action must be approve, decline or abandon");
        if (Field("bankCode") is not { } bank || Field("paymentMethodType") is not { } method) return Refuse("bankCode and paymentMethodType are required");
        return ApiResponses.Json(gateway.Act(session, action, bank, method, Field("declineReason")));
    }

    private static ApiResponse Refuse(string message) =>
        ApiResponses.Json(new JsonObject { ["success"] = false, ["errorCode"] = "PARAM_ILLEGAL", ["errorMessage"] = message }, 400);

    private static string Assemble()
    {
        static string Read(string name)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Kit.Simulator.Cashier." + name)
                ?? throw new InvalidOperationException($"Cashier/{name} is missing from Kit.Simulator");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        return Read("index.html")
            .Replace("/*KIT:STYLE*/", Read("cashier.css"))
            .Replace("/*KIT:MESSAGES*/", Read("messages.js"))
            .Replace("/*KIT:SCRIPT*/", Read("cashier.js"));
    }
}
