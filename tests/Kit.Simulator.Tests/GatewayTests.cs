using System.Text;
using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>The SDK gateway /mgw.htm over HTTP: CORS done by the server, and the session's banks for the display mode and device.</summary>
public sealed class GatewayTests : IDisposable
{
    private readonly RunningSimulator _sim = new();

    public void Dispose() => _sim.Dispose();

    private async Task<string> SessionData(string id, PaymentMethodMetaData metaData, string value = "125000", string currency = "THB")
    {
        var request = RunningSimulator.Request(id, value) with
        {
            PaymentAmount = new Amount { Currency = currency, Value = value },
            Order = new Order { OrderAmount = new Amount { Currency = currency, Value = value } },
            PaymentMethod = new PaymentMethod { PaymentMethodType = "BANK", PaymentMethodMetaData = metaData },
        };
        var data = (await _sim.Client().CreatePaymentSessionAsync(request)).Body.PaymentSessionData!;
        return string.Join("&&", data.Split("&&").Take(3)); // what the SDK forwards: token&&hostSign&&188
    }

    private async Task<(HttpResponseMessage Response, JsonObject Body)> Query(string forwarded, string terminal = "WEB", string locale = "th_TH", string operation = "com.ipay.iexpcashier.sdkAction.query")
    {
        var body = new JsonArray(new JsonObject
        {
            ["paymentSessionData"] = forwarded,
            ["envInfo"] = new JsonObject { ["terminalType"] = terminal, ["locale"] = locale },
        });
        var message = new HttpRequestMessage(HttpMethod.Post, "/mgw.htm") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        message.Headers.Add("Origin", "http://merchant.test:5173");
        message.Headers.Add("Operation-Type", operation);
        var response = await _sim.Control.SendAsync(message);
        return (response, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task Preflight_and_response_carry_the_CORS_the_SDK_needs()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/mgw.htm");
        preflight.Headers.Add("Origin", "http://merchant.test:5173");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,operation-type,appid,workspaceid,version,client-time,tntinstid,sdk-version");
        var answer = await _sim.Control.SendAsync(preflight);
        Assert.Equal(204, (int)answer.StatusCode);
        Assert.Equal("http://merchant.test:5173", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", answer.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Contains("operation-type", answer.Headers.GetValues("Access-Control-Allow-Headers").Single());

        var (response, body) = await Query(await SessionData("REQ-GW", new PaymentMethodMetaData { PaymentMethodRegion = PaymentMethodRegion.Th }));
        Assert.Equal("http://merchant.test:5173", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Result-Status", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
        Assert.Equal("1000", response.Headers.GetValues("Result-Status").Single());
        Assert.NotEmpty(response.Headers.GetValues("Mgw-TraceId").Single());
        Assert.True(body["success"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Banks_follow_display_mode_device_and_locale()
    {
        var region = await SessionData("REQ-TH", new PaymentMethodMetaData { PaymentMethodRegion = PaymentMethodRegion.Th });
        var (_, desktop) = await Query(region, "WEB", "th_TH");
        var names = desktop["banks"]!.AsArray().Select(b => b!["bankName"]!.GetValue<string>()).ToList();
        Assert.Contains("ธนาคารกสิกรไทย", names);
        Assert.DoesNotContain(desktop["banks"]!.AsArray(), b => b!["category"]!.GetValue<string>() == "MOBILE_BANKING_APP");
        // The session's terminal type is fixed by its first query (the merchant sent none): a phone is another session.
        var (_, phone) = await Query(await SessionData("REQ-TH-PHONE", new PaymentMethodMetaData { PaymentMethodRegion = PaymentMethodRegion.Th }), "WAP", "in_ID");
        Assert.Contains(phone["banks"]!.AsArray(), b => b!["paymentMethodType"]!.GetValue<string>() == "BANKAPP_BANGKOKBANK");
        Assert.Contains(phone["banks"]!.AsArray(), b => b!["bankName"]!.GetValue<string>() == "Bank Bangkok");

        var apps = await SessionData("REQ-APP", new PaymentMethodMetaData { PaymentMethodCategory = PaymentMethodCategory.MobileBankingApp });
        var (_, empty) = await Query(apps, "WEB", "en_US");
        Assert.Empty(empty["banks"]!.AsArray());
        Assert.Equal("MobileAppNotOnDesktop", empty["emptyReason"]!.GetValue<string>());

        var single = await SessionData("REQ-ID", new PaymentMethodMetaData { BankName = "PERMATA" }, "15000000", "IDR");
        var (_, permata) = await Query(single, "WEB", "xx_XX");
        Assert.Equal("PermataBank", Assert.Single(permata["banks"]!.AsArray())!["bankName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_or_expired_sessions_and_other_operations_fail_as_the_SDK_expects()
    {
        var (_, unknown) = await Query("nope&&SG&&188");
        Assert.False(unknown["success"]!.GetValue<bool>());
        Assert.Equal("SESSION_NOT_FOUND", unknown["errorCode"]!.GetValue<string>());

        var data = await SessionData("REQ-OLD", new PaymentMethodMetaData { PaymentMethodRegion = PaymentMethodRegion.Th });
        await _sim.Post("/kit/clock/advance", """{"seconds": 3601}""");
        Assert.Equal("SESSION_EXPIRED", (await Query(data)).Body["errorCode"]!.GetValue<string>());

        var (other, _) = await Query(data, operation: "com.ipay.something.else");
        Assert.Equal("3000", other.Headers.GetValues("Result-Status").Single());
    }
}
