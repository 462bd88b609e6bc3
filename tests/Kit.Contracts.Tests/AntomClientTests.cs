using System.Net;
using System.Security.Cryptography;
using System.Text;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Xunit;

namespace Kit.Contracts.Tests;

/// <summary>The typed client against a real loopback HTTP server that checks signatures and answers as Antom would.</summary>
public sealed class AntomClientTests
{
    private static readonly RSA MerchantKey = RSA.Create(2048);
    private static readonly RSA AntomKey = RSA.Create(2048);
    private const string ClientId = "SANDBOX_5X00000000000000";

    private static CreatePaymentSessionRequest Request(string amount = "125000") => new()
    {
        ProductCode = ProductCode.CashierPayment,
        PaymentRequestId = "REQ-" + Guid.NewGuid().ToString("N")[..12],
        PaymentRedirectUrl = "https://shop.example/done",
        PaymentAmount = new Amount { Currency = "THB", Value = amount },
        Order = new Order { OrderAmount = new Amount { Currency = "THB", Value = amount }, OrderDescription = "ชุดกาแฟ", ReferenceOrderId = "ORD-1" },
        PaymentMethod = new PaymentMethod { PaymentMethodType = "BANK", PaymentMethodMetaData = new PaymentMethodMetaData { PaymentMethodRegion = PaymentMethodRegion.Th } },
    };

    private static string SessionResponse(string status = "S", string code = "SUCCESS") => status == "S"
        ? """{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"paymentSessionData":"tok&&SG&&188&&e30=","paymentSessionId":"PS1","paymentSessionExpiryTime":"2026-11-26T06:08:05+00:00"}"""
        : "{\"result\":{\"resultCode\":\"" + code + "\",\"resultStatus\":\"" + status + "\",\"resultMessage\":\"simulated\"}}";

    /// <summary>Antom's side: verify the request as sent, then answer signed with Antom's key.</summary>
    private static Func<HttpListenerContext, byte[], Task> Antom(string response, RSA? signWith = null, bool sign = true, int status = 200) => async (context, body) =>
    {
        var path = context.Request.Url!.AbsolutePath;
        var check = new AntomSignatureVerifier(MerchantKey).Verify(context.Request.Headers["Signature"], "POST", path,
            context.Request.Headers["Client-Id"]!, context.Request.Headers["Request-Time"], body);
        if (!check.IsValid)
        {
            await LoopbackServer.Write(context, 200, "{\"result\":{\"resultCode\":\"INVALID_SIGNATURE\",\"resultStatus\":\"F\",\"resultMessage\":\"" + check.Failure + "\"}}");
            return;
        }
        var headers = new Dictionary<string, string>();
        if (sign)
        {
            var time = "2026-11-26T05:08:05Z";
            headers["client-id"] = ClientId;
            headers["response-time"] = time;
            headers["signature"] = new AntomSigner(signWith ?? AntomKey).SignatureHeaderValue("POST", path, ClientId, time, Encoding.UTF8.GetBytes(response));
        }
        await LoopbackServer.Write(context, status, response, headers);
    };

    private static AntomClient Client(Uri baseAddress, ResponseSignaturePolicy policy = ResponseSignaturePolicy.Required, TimeSpan? timeout = null) =>
        new(new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(10) },
            new AntomClientOptions { ClientId = ClientId, MerchantPrivateKey = MerchantKey, AntomPublicKey = AntomKey, ResponseSignature = policy });

    [Fact]
    public async Task Creates_a_session_signed_on_the_sandbox_path_and_verifies_the_response()
    {
        await using var server = new LoopbackServer(Antom(SessionResponse()));
        var response = await Client(server.BaseAddress).CreatePaymentSessionAsync(Request());

        Assert.Equal(AntomOutcome.Success, response.Outcome);
        Assert.Equal("tok&&SG&&188&&e30=", response.Body.PaymentSessionData);
        Assert.True(response.ResponseSignature.IsValid);
        var sent = Assert.Single(server.Requests);
        Assert.Equal("/ams/sandbox/api/v1/payments/createPaymentSession", sent.Path);
        Assert.Equal("application/json; charset=UTF-8", sent.Headers["Content-Type"]);
        Assert.Equal(ClientId, sent.Headers["Client-Id"]);
        Assert.Contains("ชุดกาแฟ", Encoding.UTF8.GetString(sent.Body)); // the signed bytes are the bytes sent
    }

    [Fact]
    public async Task Live_client_ids_keep_the_api_path()
    {
        const string inquiry = """{"result":{"resultCode":"SUCCESS","resultStatus":"S"},"paymentStatus":"PROCESSING","paymentRequestId":"REQ-1","paymentId":"P1","paymentAmount":{"currency":"THB","value":"100"}}""";
        await using var server = new LoopbackServer(async (context, body) => await LoopbackServer.Write(context, 200, inquiry));
        var client = new AntomClient(new HttpClient { BaseAddress = server.BaseAddress },
            new AntomClientOptions { ClientId = "2188120000000001", MerchantPrivateKey = MerchantKey, ResponseSignature = ResponseSignaturePolicy.Optional });
        var response = await client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "REQ-1" });
        Assert.Equal("/ams/api/v1/payments/inquiryPayment", Assert.Single(server.Requests).Path);
        Assert.Equal(SignatureFailure.MissingHeader, response.ResponseSignature.Failure); // accepted unsigned, and says so
        Assert.Equal(PaymentStatus.Processing, response.Body.PaymentStatus);
    }

    [Theory]
    [InlineData("U", "PAYMENT_IN_PROCESS", AntomOutcome.Unknown)]
    [InlineData("F", "USER_BALANCE_NOT_ENOUGH", AntomOutcome.Failure)]
    public async Task Unknown_and_failure_are_distinct_outcomes(string status, string code, AntomOutcome expected)
    {
        await using var server = new LoopbackServer(Antom(SessionResponse(status, code)));
        var response = await Client(server.BaseAddress).CreatePaymentSessionAsync(Request());
        Assert.Equal(expected, response.Outcome);
        Assert.Equal(code, response.Code!.Code);
        Assert.Equal(expected.ToString(), response.Match(_ => "Success", _ => "Failure", _ => "Unknown"));
    }

    [Fact]
    public async Task An_invalid_request_is_not_sent_and_every_violation_is_listed()
    {
        await using var server = new LoopbackServer(Antom(SessionResponse()));
        var bad = Request("12.50") with { PaymentRequestId = new string('X', 70) };
        var e = await Assert.ThrowsAsync<AntomRequestValidationException>(() => Client(server.BaseAddress).CreatePaymentSessionAsync(bad));
        Assert.Contains(e.Violations, v => v.InstancePointer == "/paymentRequestId" && v.Keyword == "maxLength");
        Assert.Contains(e.Violations, v => v.InstancePointer == "/paymentAmount/value");
        Assert.Contains("/order/orderAmount/value", e.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Response_signature_faults_are_typed()
    {
        await using (var unsigned = new LoopbackServer(Antom(SessionResponse(), sign: false)))
        {
            var e = await Assert.ThrowsAsync<AntomTransportException>(() => Client(unsigned.BaseAddress).CreatePaymentSessionAsync(Request()));
            Assert.Equal(AntomTransportFailure.ResponseSignatureMissing, e.Failure);
            var accepted = await Client(unsigned.BaseAddress, ResponseSignaturePolicy.Optional).CreatePaymentSessionAsync(Request());
            Assert.True(accepted.IsSuccess);
        }
        await using var forged = new LoopbackServer(Antom(SessionResponse(), signWith: RSA.Create(2048)));
        var forgedError = await Assert.ThrowsAsync<AntomTransportException>(() => Client(forged.BaseAddress, ResponseSignaturePolicy.Optional).CreatePaymentSessionAsync(Request()));
        Assert.Equal(AntomTransportFailure.ResponseSignatureInvalid, forgedError.Failure);
        Assert.Contains("Mismatch", forgedError.Message);
    }

    [Fact]
    public async Task Non_200_is_HttpStatus()
    {
        await using var gateway = new LoopbackServer(async (c, _) => await LoopbackServer.Write(c, 502, "<html>Bad Gateway</html>"));
        var e = await Assert.ThrowsAsync<AntomTransportException>(() => Client(gateway.BaseAddress).CreatePaymentSessionAsync(Request()));
        Assert.Equal(AntomTransportFailure.HttpStatus, e.Failure);
        Assert.Equal(502, e.StatusCode);
        Assert.Contains("Bad Gateway", e.ResponseBody);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_NotJson()
    {
        await using var html = new LoopbackServer(Antom("<html>maintenance</html>"));
        var e = await Assert.ThrowsAsync<AntomTransportException>(() => Client(html.BaseAddress).CreatePaymentSessionAsync(Request()));
        Assert.Equal(AntomTransportFailure.NotJson, e.Failure);
    }

    [Fact]
    public async Task A_response_outside_its_schema_is_InvalidResponse()
    {
        await using var odd = new LoopbackServer(Antom("""{"result":{"resultCode":"SUCCESS","resultStatus":"S"}}"""));
        var e = await Assert.ThrowsAsync<AntomTransportException>(() => Client(odd.BaseAddress).CreatePaymentSessionAsync(Request()));
        Assert.Equal(AntomTransportFailure.InvalidResponse, e.Failure);
        Assert.Contains("paymentSessionData", e.Message);
    }

    [Fact]
    public async Task No_answer_in_time_is_Timeout()
    {
        await using var slow = new LoopbackServer(async (c, _) => { await Task.Delay(5000); await LoopbackServer.Write(c, 200, SessionResponse()); });
        var e = await Assert.ThrowsAsync<AntomTransportException>(() => Client(slow.BaseAddress, timeout: TimeSpan.FromMilliseconds(500)).CreatePaymentSessionAsync(Request()));
        Assert.Equal(AntomTransportFailure.Timeout, e.Failure);
        Assert.Contains("inquire", e.Message);
    }

    [Fact]
    public async Task A_refused_connection_is_Network()
    {
        var e = await Assert.ThrowsAsync<AntomTransportException>(() => Client(new Uri("http://127.0.0.1:1/")).CreatePaymentSessionAsync(Request()));
        Assert.Equal(AntomTransportFailure.Network, e.Failure);
    }

    [Fact]
    public void Regions_map_to_Antom_gateways()
    {
        Assert.Equal("open-sea-global.alipay.com", AntomEndpoints.BaseAddress(AntomRegion.Asia).Host);
        Assert.Equal("/ams/sandbox/api/v1/payments/cancel", AntomEndpoints.PathFor(Kit.Contracts.Operations.AntomOperations.Cancel.Path, "SANDBOX_1"));
        Assert.Equal("/ams/api/v1/payments/cancel", AntomEndpoints.PathFor(Kit.Contracts.Operations.AntomOperations.Cancel.Path, "2188"));
    }
}
