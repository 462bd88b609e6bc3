using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CoffeeShop;

// A coffee shop that takes Thai bank payments through Antom's web SDK, following Antom's integration guide:
// the page shows the shop's bank methods; the buyer's click makes this backend create a payment session
// (createPaymentSession); the page renders the cashier with it; Antom notifies the result (notifyPayment), and the
// return page asks the backend, which inquires (inquiryPayment) when no notification has come.
//
// Shop:DeliberateMistakes=true turns on four integration mistakes, for Kit's CI to catch (see README.md).
var builder = WebApplication.CreateBuilder(args);
var antomSettings = AntomSettings.From(builder.Configuration);
var mistakes = builder.Configuration.GetValue<bool>("Shop:DeliberateMistakes");
builder.Services.AddSingleton(new AntomApi(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, antomSettings));
var app = builder.Build();

var orders = new ConcurrentDictionary<string, Order>();
app.UseDefaultFiles();
app.UseStaticFiles();

// The page reads its SDK settings from here, so a deployment can change them without a new build.
app.MapGet("/config.js", () => Results.Text(
    $"window.shopConfig = {new JsonObject { ["environment"] = mistakes ? "SANDBOX" : "sandbox", ["unmountBeforePayingAgain"] = !mistakes }.ToJsonString()};",
    "application/javascript"));

app.MapGet("/health", () => Results.Text("ok"));

// The buyer clicked a payment method: create the payment session for the cart.
app.MapPost("/api/checkout", async (HttpRequest http, AntomApi antom) =>
{
    var choice = await http.ReadFromJsonAsync<JsonObject>() ?? [];
    var method = choice["method"]?.GetValue<string>() ?? "paymentMethodCategory=ONLINE_BANKING";
    var (field, value) = (method.Split('=')[0], method.Split('=').ElementAtOrDefault(1) ?? "");
    var orderId = "CS-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
    var origin = $"{http.Scheme}://{http.Host}";
    var userAgent = http.Headers.UserAgent.ToString();
    var phone = userAgent.Contains("Mobile", StringComparison.Ordinal) || userAgent.Contains("Android", StringComparison.Ordinal) || userAgent.Contains("iPhone", StringComparison.Ordinal);
    var env = new JsonObject { ["terminalType"] = phone ? "WAP" : "WEB" };
    if (userAgent.Contains("iPhone", StringComparison.Ordinal)) env["osType"] = mistakes ? "iOS" : "IOS"; // MISTAKE: Antom's enum is IOS
    else if (userAgent.Contains("Android", StringComparison.Ordinal)) env["osType"] = "ANDROID";
    var amount = new JsonObject { ["currency"] = "THB", ["value"] = "125000" };
    var request = new JsonObject
    {
        ["productCode"] = "AGREEMENT_PAYMENT",
        ["paymentRequestId"] = orderId,
        ["order"] = new JsonObject
        {
            ["referenceOrderId"] = orderId,
            ["orderDescription"] = "Drip coffee set",
            ["orderAmount"] = amount.DeepClone(),
        },
        ["paymentAmount"] = amount,
        ["paymentMethod"] = new JsonObject
        {
            ["paymentMethodType"] = "BANK",
            ["paymentMethodMetaData"] = new JsonObject { [field] = value },
        },
        ["paymentRedirectUrl"] = $"{origin}/return.html?order={orderId}",
        ["paymentNotifyUrl"] = $"{origin}/antom/notify",
        ["env"] = env,
    };
    try
    {
        var answer = await antom.CallAsync("v1/payments/createPaymentSession", request);
        var result = answer["result"]!;
        if (result["resultStatus"]?.GetValue<string>() != "S")
            return Results.Json(new { error = $"{result["resultCode"]}: {result["resultMessage"]}" }, statusCode: 502);
        orders[orderId] = new Order(orderId);
        return Results.Json(new { orderId, paymentSessionData = answer["paymentSessionData"]?.GetValue<string>() });
    }
    catch (Exception e) when (e is AntomException or HttpRequestException or TaskCanceledException)
    {
        return Results.Json(new { error = e.Message }, statusCode: 502);
    }
});

// Antom's notifyPayment: verify it, remember the result, and acknowledge exactly as Antom requires.
app.MapPost("/antom/notify", async (HttpRequest http, AntomApi antom) =>
{
    using var reader = new StreamReader(http.Body);
    var body = await reader.ReadToEndAsync();
    if (!antom.VerifyNotification(http.Path, http.Headers["client-id"], http.Headers["request-time"], body, http.Headers["signature"]))
        return Results.BadRequest("signature does not verify");
    var notification = JsonNode.Parse(body)!;
    var orderId = notification["paymentRequestId"]?.GetValue<string>() ?? "";
    if (notification["notifyType"]?.GetValue<string>() == "PAYMENT_RESULT")
        orders[orderId] = new Order(orderId, notification["result"]?["resultStatus"]?.GetValue<string>() == "S" ? "paid" : "failed", Notified: true);
    if (mistakes) return Results.Text("OK"); // MISTAKE: Antom retries unless the answer is exactly its SUCCESS body
    return Results.Text("""{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}""", "application/json");
});

// The return page asks how the order stands: from the notification, or, when none has come, from inquiryPayment.
app.MapGet("/api/orders/{orderId}", async (string orderId, AntomApi antom) =>
{
    if (!orders.TryGetValue(orderId, out var order)) return Results.NotFound(new { error = $"no order {orderId}" });
    if (order.Notified) return Results.Json(new { orderId, status = order.Status, source = "notification" });
    var answer = await antom.CallAsync("v1/payments/inquiryPayment", new JsonObject { ["paymentRequestId"] = orderId });
    var status = answer["paymentStatus"]?.GetValue<string>() switch
    {
        "SUCCESS" => "paid",
        "FAIL" or "CANCELLED" => "failed",
        _ => "pending",
    };
    return Results.Json(new { orderId, status, source = "inquiry" });
});

app.Run();

/// <summary>What the shop knows of an order: pending until Antom says otherwise.</summary>
internal sealed record Order(string Id, string Status = "pending", bool Notified = false);
