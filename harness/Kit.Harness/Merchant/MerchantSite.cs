using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Kit.Testing.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kit.Harness.Merchant;

/// <summary>Who the merchant is to the simulator (or to Antom).</summary>
/// <remarks><see cref="AdminToken"/>: the simulator's admin token, for the QA switches the shop flips through its control API.</remarks>
public sealed record MerchantCredentials(Uri Simulator, string ClientId, RSA MerchantPrivateKey, RSA AntomPublicKey)
{
    public string? AdminToken { get; init; }
}

/// <summary>A notifyPayment the shop's backend received, and what it made of it.</summary>
public sealed record ReceivedNotification(DateTimeOffset At, string? PaymentRequestId, string? ResultStatus, string? ResultCode, bool Valid, string Message);

/// <summary>
/// A small shop on loopback Kestrel: the merchant page with the real SDK bundle, and its backend, which creates
/// payment sessions through the Kit.Contracts client (signed), receives notifyPayment (signature checked, then
/// acknowledged) and confirms with inquiryPayment. Each page request gets the page; state is per site.
/// </summary>
public sealed class MerchantSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AntomClient _client;
    private readonly HttpClient _simulatorHttp;
    private readonly AntomNotificationReceiver _receiver;
    private readonly ConcurrentQueue<ReceivedNotification> _notifications = new();

    private MerchantSite(WebApplication app, MerchantCredentials credentials, HttpClient simulatorHttp)
    {
        _app = app;
        _simulatorHttp = simulatorHttp;
        _client = new AntomClient(simulatorHttp, new AntomClientOptions
        {
            ClientId = credentials.ClientId,
            MerchantPrivateKey = credentials.MerchantPrivateKey,
            AntomPublicKey = credentials.AntomPublicKey,
            BaseAddress = credentials.Simulator,
        });
        _receiver = new AntomNotificationReceiver(credentials.AntomPublicKey, credentials.ClientId);
        _adminToken = credentials.AdminToken;
    }

    private readonly string? _adminToken;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyCollection<ReceivedNotification> Notifications => _notifications;

    /// <param name="simulatorHandler">How the backend reaches the simulator (for example one that trusts its self-signed TLS certificate).</param>
    public static async Task<MerchantSite> StartAsync(MerchantCredentials credentials, HarnessWeb web, HttpMessageHandler? simulatorHandler = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var site = new MerchantSite(app, credentials, new HttpClient(simulatorHandler ?? new HttpClientHandler()) { BaseAddress = credentials.Simulator, Timeout = TimeSpan.FromSeconds(30) });
        site.Map(web);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        site.BaseAddress = new Uri(address.Replace("[::1]", "127.0.0.1") + "/");
        return site;
    }

    private void Map(HarnessWeb web)
    {
        _app.MapGet("/", (HttpRequest request) => MerchantPage(web, request.Query["loading"].ToString()));
        _app.MapGet("/return", () => Results.File(Path.Combine(web.MerchantDirectory, "return.html"), "text/html; charset=utf-8"));
        _app.MapGet("/merchant/{file}", (string file) => Asset(web.MerchantDirectory, file));
        _app.MapGet("/sdk/ams-checkout.min.js", () => Results.File(web.SdkBundle, "application/javascript"));
        _app.MapGet("/sdk/merchant-esm.js", () => Bundle(web.EsmBundle));
        _app.MapGet("/sdk/merchant-esm-polyfilled.js", () => Bundle(web.PolyfilledBundle));
        _app.MapPost("/api/sessions", CreateSessionAsync);
        _app.MapPost("/notify", ReceiveNotificationAsync);
        _app.MapGet("/api/payments/{paymentRequestId}", InquireAsync);
    }

    /// <summary>The guide's CDN address of the SDK (its script-tag way); the harness answers it with the pinned package.</summary>
    public const string CdnBundleUrl = "https://sdk.marmot-cloud.com/package/ams-checkout/1.47.2/dist/umd/ams-checkout.min.js";

    /// <summary>The merchant page, with the SDK loaded the way the guide describes: a script tag, the CDN, or npm (an ES module bundle).</summary>
    private static IResult MerchantPage(HarnessWeb web, string loading)
    {
        var tag = loading switch
        {
            "cdn" => $"""<script src="{CdnBundleUrl}"></script>""",
            "esm" => """<script type="module" src="/sdk/merchant-esm.js"></script>""",
            "esm-polyfilled" => """<script type="module" src="/sdk/merchant-esm-polyfilled.js"></script>""",
            _ => """<script src="/sdk/ams-checkout.min.js"></script>""",
        };
        var html = File.ReadAllText(Path.Combine(web.MerchantDirectory, "index.html")).Replace("<!--KIT:SDK-->", tag);
        return Results.Text(html, "text/html; charset=utf-8");
    }

    private static IResult Bundle(string path) => File.Exists(path)
        ? Results.File(path, "application/javascript")
        : Results.Text($"{path} is missing: run ./setup.sh (it builds the ES module bundles with esbuild and babel)", "text/plain", statusCode: 404);

    private static IResult Asset(string directory, string file)
    {
        var path = Path.Combine(directory, Path.GetFileName(file));
        var type = Path.GetExtension(path) switch { ".js" => "application/javascript", ".css" => "text/css", ".html" => "text/html", _ => "application/octet-stream" };
        return File.Exists(path) ? Results.File(path, type + "; charset=utf-8") : Results.NotFound();
    }

    /// <summary>The shop's backend call behind the buyer's click: createPaymentSession for the cart, in the chosen display mode.</summary>
    private async Task<IResult> CreateSessionAsync(HttpRequest http)
    {
        var body = await JsonNode.ParseAsync(http.Body) as JsonObject ?? [];
        var requestId = "KIT-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        var origin = $"{http.Scheme}://{http.Host}";
        if (body["fault"]?.GetValue<string>() is { Length: > 0 } fault)
        {
            // QA's switch: arm an SDK fault for this payment before the session exists (simulator control API).
            using var arm = new HttpRequestMessage(HttpMethod.Post, $"/kit/payments/{requestId}/sdk-fault") { Content = JsonContent.Create(new { fault }) };
            if (_adminToken is not null) arm.Headers.Authorization = new("Bearer", _adminToken);
            var armed = await _simulatorHttp.SendAsync(arm);
            if (!armed.IsSuccessStatusCode) return Results.Json(new { error = await armed.Content.ReadAsStringAsync() }, statusCode: 400);
        }
        var amount = body["amount"] as JsonObject;
        var total = new Amount { Currency = amount?["currency"]?.GetValue<string>() ?? "THB", Value = amount?["value"]?.GetValue<string>() ?? "125000" };
        var mode = body["displayMode"] as JsonObject;
        // A buyer and a cart of the payment's market, the same for a cell on every run (the harness seeds them by cell).
        var data = new AntomTestData(body["buyerSeed"] is JsonValue seed && seed.TryGetValue<int>(out var s) ? s : 0);
        var request = new CreatePaymentSessionRequest
        {
            ProductCode = ProductCode.AgreementPayment, // the seed guide's form
            PaymentRequestId = requestId,
            PaymentAmount = total,
            // an amount a scenario made malformed on purpose gets no cart: the simulator's answer to it is the point
            Order = (long.TryParse(total.Value, out var v) && v > 0 ? data.Order(AntomTestData.MarketOf(total.Currency), total) : new Order { OrderAmount = total })
                with { ReferenceOrderId = "ORDER-" + requestId },
            PaymentMethod = new PaymentMethod
            {
                PaymentMethodType = "BANK",
                PaymentMethodMetaData = new PaymentMethodMetaData
                {
                    BankName = mode?["bankName"]?.GetValue<string>(),
                    PaymentMethodCategory = mode?["paymentMethodCategory"]?.GetValue<string>() is { } c && PaymentMethodCategoryWire.TryParse(c, out var category) ? category : null,
                    PaymentMethodRegion = mode?["paymentMethodRegion"]?.GetValue<string>() is { } r && PaymentMethodRegionWire.TryParse(r, out var region) ? region : null,
                },
            },
            PaymentRedirectUrl = $"{origin}/return?paymentRequestId={requestId}",
            PaymentNotifyUrl = $"{origin}/notify",
            Locale = body["locale"]?.GetValue<string>(),
            Env = BuyerEnv(http.Headers.UserAgent.ToString()),
        };
        try
        {
            var response = await _client.CreatePaymentSessionAsync(request);
            return Results.Json(new
            {
                paymentRequestId = requestId,
                resultCode = response.Body?.Result.ResultCode,
                paymentSessionData = response.Body?.PaymentSessionData,
                paymentSessionId = response.Body?.PaymentSessionId,
            });
        }
        catch (Exception e) when (e is AntomTransportException or AntomRequestValidationException)
        {
            return Results.Json(new { paymentRequestId = requestId, error = e.Message }, statusCode: 502);
        }
    }

    /// <summary>
    /// The buyer's environment as the guide expects a merchant to send it: a phone's browser is WAP, a desktop's WEB,
    /// told apart by the user agent of the buyer's own request (Antom shows the cashier and the bank apps for it).
    /// </summary>
    public static Env BuyerEnv(string userAgent)
    {
        var ios = userAgent.Contains("iPhone", StringComparison.Ordinal) || userAgent.Contains("iPad", StringComparison.Ordinal);
        var android = userAgent.Contains("Android", StringComparison.Ordinal);
        var phone = ios || android || userAgent.Contains("Mobile", StringComparison.Ordinal);
        return new Env
        {
            TerminalType = phone ? TerminalType.Wap : TerminalType.Web,
            OsType = ios ? OsType.Ios : android ? OsType.Android : null,
            UserAgent = userAgent.Length is > 0 and <= 1024 ? userAgent : null,
        };
    }

    private async Task<IResult> ReceiveNotificationAsync(HttpRequest http)
    {
        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer);
        var headers = http.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()));
        var result = _receiver.ReceivePayment(headers, http.Path, buffer.ToArray());
        var n = result.Notification;
        _notifications.Enqueue(new(DateTimeOffset.UtcNow, n?.PaymentRequestId, n?.Result.ResultStatus.ToString(), n?.Result.ResultCode, result.IsValid, result.Message));
        return result.IsValid
            ? Results.Bytes(AntomNotificationReceiver.AcknowledgementBody, "application/json")
            : Results.Text(result.Message, "text/plain", statusCode: 400);
    }

    /// <summary>What the shop knows of a payment: the notifications it received and Antom's (the simulator's) answer to inquiryPayment.</summary>
    private async Task<IResult> InquireAsync(string paymentRequestId)
    {
        var inquiry = await _client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = paymentRequestId });
        return Results.Json(new
        {
            paymentRequestId,
            notifications = _notifications.Where(n => n.PaymentRequestId == paymentRequestId).ToList(),
            paymentStatus = inquiry.Body?.PaymentStatus?.ToString(),
            resultCode = inquiry.Body?.PaymentResultCode,
            paymentMethodType = inquiry.Body?.PaymentMethodType,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _simulatorHttp.Dispose();
    }
}
