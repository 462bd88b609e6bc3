using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>
/// The cashier's HTTP faces without a browser: the app page the SDK loads, the bank page's call back, and the SDK
/// faults QA arms through the control API (what each does to the session and the gateway, and the errors for misuse).
/// </summary>
public sealed class CashierFaceTests : IDisposable
{
    private readonly RunningSimulator _sim = new();

    public void Dispose() => _sim.Dispose();

    private async Task<string> CreateSession(string id, PaymentMethodMetaData? metaData = null) =>
        (await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request(id) with
        {
            PaymentMethod = new PaymentMethod { PaymentMethodType = "BANK", PaymentMethodMetaData = metaData ?? new PaymentMethodMetaData { BankName = "BANGKOKBANK" } },
        })).Body.PaymentSessionData!;

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostJson(string path, JsonNode body)
    {
        var response = await _sim.Control.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return (response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static string Forwarded(string sessionData) => string.Join("&&", sessionData.Split("&&").Take(3));

    [Fact]
    public async Task The_app_page_is_served_at_the_SDKs_path_as_one_self_contained_page()
    {
        var page = await _sim.Control.GetAsync("/page/antom-web-checkout/src/component-app/CASHIER_PAYMENT_BANK/1.0/index.1.47.2.html?locale=th_TH&instanceId=x");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType!.ToString());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("\"launch\":true", html);
        Assert.Contains("เลือกธนาคารของคุณ", html); // the Thai messages are in the page
        Assert.DoesNotContain("/*KIT:", html);

        var silent = await (await _sim.Control.GetAsync("/page/antom-web-checkout/src/component-app/CASHIER_PAYMENT_BANK/1.0/index.1.47.2-kit-nolaunch.html")).Content.ReadAsStringAsync();
        Assert.Contains("\"launch\":false", silent);
        Assert.Equal(HttpStatusCode.NotFound, (await _sim.Control.GetAsync("/page/antom-web-checkout/src/component-app/nothing.html")).StatusCode);
    }

    [Fact]
    public async Task Every_session_names_Kits_app_version_so_a_faulty_one_does_not_stick_in_the_browser()
    {
        var json = Engine.SessionData.Decode(await CreateSession("REQ-APPVER"))!;
        var upgrade = JsonNode.Parse(json["extendInfo"]!.GetValue<string>())!;
        Assert.Equal("1.47.2", upgrade["sdkUpgradeInfo"]!["versions"]![0]!["appVersion"]!.GetValue<string>());

        await _sim.Post("/kit/payments/REQ-NOLAUNCH/sdk-fault", """{"fault":"appNeverLaunches"}""");
        var faulty = JsonNode.Parse(Engine.SessionData.Decode(await CreateSession("REQ-NOLAUNCH"))!["extendInfo"]!.GetValue<string>())!;
        Assert.Equal("1.47.2-kit-nolaunch", faulty["sdkUpgradeInfo"]!["versions"]![0]!["appVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_malformed_session_fault_breaks_only_the_JSON_part_of_paymentSessionData()
    {
        await _sim.Post("/kit/payments/REQ-MALFORMED/sdk-fault", """{"fault":"malformedSessionData"}""");
        var data = await CreateSession("REQ-MALFORMED");
        var parts = data.Split("&&");
        Assert.Equal(4, parts.Length);
        Assert.Null(Engine.SessionData.Decode(data));
    }

    [Fact]
    public async Task Gateway_faults_answer_as_a_failing_gateway_would()
    {
        var network = Forwarded(await CreateSession("REQ-NET"));
        await _sim.Post("/kit/payments/REQ-NET/sdk-fault", """{"fault":"gatewayNetworkFailure"}""");
        var business = Forwarded(await CreateSession("REQ-BIZ"));
        await _sim.Post("/kit/payments/REQ-BIZ/sdk-fault", """{"fault":"gatewayBusinessFailure"}""");

        var networkAnswer = await Gateway(network);
        Assert.Equal(HttpStatusCode.BadGateway, networkAnswer.StatusCode);
        Assert.False(networkAnswer.Headers.Contains("Access-Control-Allow-Origin")); // the browser sees a network error
        var businessAnswer = await Gateway(business);
        Assert.Equal("3000", businessAnswer.Headers.GetValues("Result-Status").Single());
        Assert.Contains("gatewayBusinessFailure", Uri.UnescapeDataString(businessAnswer.Headers.GetValues("Tips").Single()));

        // Disarmed, the same session answers normally.
        await _sim.Post("/kit/payments/REQ-BIZ/sdk-fault", """{"fault":"none"}""");
        Assert.Equal("1000", (await Gateway(business)).Headers.GetValues("Result-Status").Single());
    }

    /// <param name="terminalType">What the SDK reports in envInfo (it detects it from the user agent), or nothing.</param>
    private async Task<HttpResponseMessage> Gateway(string forwarded, string? terminalType = null)
    {
        var query = new JsonObject { ["paymentSessionData"] = forwarded };
        if (terminalType is not null) query["envInfo"] = new JsonObject { ["terminalType"] = terminalType, ["locale"] = "en_US" };
        var message = new HttpRequestMessage(HttpMethod.Post, "/mgw.htm")
        {
            Content = new StringContent(new JsonArray(query).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("Origin", "http://merchant.test");
        message.Headers.Add("Operation-Type", "com.ipay.iexpcashier.sdkAction.query");
        return await _sim.Control.SendAsync(message);
    }

    private async Task<List<string>> OfferedTypes(string forwarded, string? reported)
    {
        var answer = JsonNode.Parse(await (await Gateway(forwarded, reported)).Content.ReadAsStringAsync())!;
        return answer["banks"]!.AsArray().Select(b => b!["paymentMethodType"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task Misused_fault_switches_say_what_is_wrong()
    {
        var (status, body) = await PostJson("/kit/payments/REQ-X/sdk-fault", new JsonObject { ["fault"] = "explode" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("appNonJsonMessage", body["error"]!.GetValue<string>()); // lists the real ones

        await CreateSession("REQ-LATE");
        (status, body) = await PostJson("/kit/payments/REQ-LATE/sdk-fault", new JsonObject { ["fault"] = "malformedSessionData" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("before createPaymentSession", body["error"]!.GetValue<string>());

        var list = JsonNode.Parse(await _sim.Control.GetStringAsync("/kit/sdk-faults"))!["faults"]!.AsArray();
        Assert.Equal(6, list.Count);
        Assert.Contains(list, f => f!["fault"]!.GetValue<string>() == "redirectFails" && f["provokes"]!.GetValue<string>() == "SDK_LAUNCH_PAYMENT_APP_ERROR");
    }

    [Fact]
    public async Task The_bank_page_settles_only_methods_the_cashier_offered()
    {
        // No env from the merchant: the first terminal type the SDK reports (a phone's WAP) is the session's, for the
        // gateway and the bank step alike, whatever a later request claims.
        var session = Forwarded(await CreateSession("REQ-BANK", new PaymentMethodMetaData { PaymentMethodCategory = PaymentMethodCategory.MobileBankingApp }));
        Assert.Contains("BANKAPP_BANGKOKBANK", await OfferedTypes(session, "WAP"));
        Assert.Contains("BANKAPP_BANGKOKBANK", await OfferedTypes(session, "WEB"));
        JsonObject Step(string action, string method, string? reason = null) => new()
        {
            ["paymentSessionData"] = session, ["action"] = action, ["bankCode"] = "BANGKOKBANK", ["paymentMethodType"] = method,
            ["terminalType"] = "WEB", ["declineReason"] = reason, // the terminalType field of old cashier apps is ignored
        };
        var (_, offline) = await PostJson("/page/antom-web-checkout/kit/bank-action", Step("approve", "ONLINEBANKING_BANGKOKBANK"));
        Assert.Equal("PAYMENT_METHOD_NOT_OFFERED", offline["errorCode"]!.GetValue<string>()); // not of this display mode
        var (_, noReason) = await PostJson("/page/antom-web-checkout/kit/bank-action", Step("decline", "BANKAPP_BANGKOKBANK", "BECAUSE"));
        Assert.Equal("PARAM_ILLEGAL", noReason["errorCode"]!.GetValue<string>());
        var (status, bad) = await PostJson("/page/antom-web-checkout/kit/bank-action", new JsonObject { ["action"] = "approve" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("paymentSessionData", bad["errorMessage"]!.GetValue<string>());

        var (_, declined) = await PostJson("/page/antom-web-checkout/kit/bank-action", Step("decline", "BANKAPP_BANGKOKBANK", "RISK_REJECT"));
        Assert.Equal(("SDK_PAYMENT_FAIL", "FAIL", "RISK_REJECT"),
            (declined["sdkEventCode"]!.GetValue<string>(), declined["paymentStatus"]!.GetValue<string>(), declined["resultCode"]!.GetValue<string>()));
        var inquiry = await _sim.Client().InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "REQ-BANK" });
        Assert.Equal("BANKAPP_BANGKOKBANK", inquiry.Body.PaymentMethodType);
        Assert.Equal("RISK_REJECT", inquiry.Body.PaymentResultCode);
    }

    [Fact]
    public async Task The_terminal_type_the_merchant_sent_is_the_sessions_whatever_the_sdk_reports()
    {
        async Task<string> Session(string id, TerminalType terminal) => Forwarded((await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request(id) with
        {
            PaymentMethod = new PaymentMethod { PaymentMethodType = "BANK", PaymentMethodMetaData = new PaymentMethodMetaData { PaymentMethodCategory = PaymentMethodCategory.MobileBankingApp } },
            Env = new Env { TerminalType = terminal },
        })).Body.PaymentSessionData!);

        var phone = await Session("REQ-TERM-WAP", TerminalType.Wap);
        Assert.NotEmpty(await OfferedTypes(phone, "WEB"));
        var (_, paid) = await PostJson("/page/antom-web-checkout/kit/bank-action", new JsonObject
        {
            ["paymentSessionData"] = phone, ["action"] = "approve", ["bankCode"] = "BANGKOKBANK", ["paymentMethodType"] = "BANKAPP_BANGKOKBANK",
        });
        Assert.Equal("SDK_PAYMENT_SUCCESSFUL", paid["sdkEventCode"]!.GetValue<string>());

        var desktop = await Session("REQ-TERM-WEB", TerminalType.Web);
        var answer = JsonNode.Parse(await (await Gateway(desktop, "WAP")).Content.ReadAsStringAsync())!;
        Assert.Empty(answer["banks"]!.AsArray());
        Assert.Equal("MobileAppNotOnDesktop", answer["emptyReason"]!.GetValue<string>());
        Assert.Equal("WEB", answer["terminalType"]!.GetValue<string>());
    }
}
