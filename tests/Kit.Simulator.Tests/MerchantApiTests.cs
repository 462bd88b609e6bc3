using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Kit.Simulator.Engine;
using Kit.Simulator.Hosting;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>The simulator's merchant API over real HTTP (WireMock.Net on loopback), called with the Kit.Contracts client.</summary>
public sealed class MerchantApiTests : IDisposable
{
    private readonly RunningSimulator _sim = new();

    public void Dispose() => _sim.Dispose();

    [Fact]
    public async Task The_control_API_lists_every_operation_the_merchant_API_serves_and_each_answers_signed()
    {
        var listed = System.Text.Json.Nodes.JsonNode.Parse(await _sim.Control.GetStringAsync("kit"))!["merchantApi"]!.AsArray();
        Assert.Equal(Kit.Contracts.Operations.AntomOperations.All.Select(o => o.Name), listed.Select(o => o!["operation"]!.GetValue<string>()));
        using var http = new HttpClient { BaseAddress = _sim.Host.BaseAddress };
        foreach (var operation in listed)
        {
            // An empty object: each operation answers its own PARAM_ILLEGAL naming a missing field, never NO_INTERFACE_DEF.
            var path = operation!["sandboxPath"]!.GetValue<string>();
            var body = "{}"u8.ToArray();
            var time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString();
            using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=UTF-8");
            message.Headers.TryAddWithoutValidation("Client-Id", _sim.Host.Clients.SandboxClientId);
            message.Headers.TryAddWithoutValidation("Request-Time", time);
            message.Headers.TryAddWithoutValidation("Signature", new AntomSigner(_sim.Host.Clients.SandboxMerchantKey).SignatureHeaderValue("POST", path, _sim.Host.Clients.SandboxClientId, time, body));
            using var response = await http.SendAsync(message);
            var answer = await response.Content.ReadAsStringAsync();
            Assert.Contains("PARAM_ILLEGAL", answer);
            Assert.True(response.Headers.Contains("signature"), path);
        }
    }

    private AntomClient Client(RSA? key = null, string? clientId = null) => _sim.Client(key, clientId);

    private static CreatePaymentSessionRequest Request(string requestId, string value = "125000") => RunningSimulator.Request(requestId, value);

    [Fact]
    public async Task Session_inquiry_and_cancel_follow_the_state_machine()
    {
        var client = Client();
        var session = await client.CreatePaymentSessionAsync(Request("REQ-1"));
        Assert.Equal(AntomOutcome.Success, session.Outcome);
        Assert.True(session.ResponseSignature.IsValid);
        var parts = session.Body.PaymentSessionData!.Split("&&");
        Assert.Equal(4, parts.Length);
        Assert.Equal("SG", parts[1]);
        var decoded = SessionData.Decode(session.Body.PaymentSessionData)!;
        Assert.Equal("CASHIER_PAYMENT", decoded["paymentSessionConfig"]!["productScene"]!.GetValue<string>());
        Assert.Equal("ONLINE_BANKING", decoded["kit"]!["displayMode"]!["paymentMethodCategory"]!.GetValue<string>());
        Assert.Equal("2026-11-26T06:00:00+00:00", session.Body.PaymentSessionExpiryTime);

        var byRequest = await client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "REQ-1" });
        Assert.Equal(PaymentStatus.Processing, byRequest.Body.PaymentStatus);
        var paymentId = byRequest.Body.PaymentId!;
        // paymentId wins over paymentRequestId
        var byId = await client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentId = paymentId, PaymentRequestId = "OTHER" });
        Assert.Equal("REQ-1", byId.Body.PaymentRequestId);

        var cancel = await client.CancelAsync(new CancelRequest { PaymentId = paymentId });
        Assert.True(cancel.IsSuccess);
        Assert.Equal(PaymentStatus.Cancelled, (await client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentId = paymentId })).Body.PaymentStatus);

        var missing = await client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "NOPE" });
        Assert.Equal("ORDER_NOT_EXIST", missing.Result.ResultCode);
        Assert.Equal(AntomOutcome.Failure, missing.Outcome);
    }

    [Fact]
    public async Task Completed_payments_cannot_be_cancelled_and_unpaid_ones_expire()
    {
        var client = Client();
        await client.CreatePaymentSessionAsync(Request("REQ-PAID"));
        await client.CreatePaymentSessionAsync(Request("REQ-LATE"));
        _sim.Host.Engine.Complete(_sim.Host.Clients.SandboxClientId, "REQ-PAID", success: true);

        var paid = await client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "REQ-PAID" });
        Assert.Equal(PaymentStatus.Success, paid.Body.PaymentStatus);
        Assert.NotNull(paid.Body.PaymentTime);
        Assert.Equal("CANCEL_WINDOW_EXCEED", (await client.CancelAsync(new CancelRequest { PaymentRequestId = "REQ-PAID" })).Result.ResultCode);

        _sim.Host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var late = await client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "REQ-LATE" });
        Assert.Equal(PaymentStatus.Fail, late.Body.PaymentStatus);
        Assert.Equal("ORDER_CLOSED", late.Body.PaymentResultCode);
    }

    [Fact]
    public async Task Idempotency_on_paymentRequestId()
    {
        var client = Client();
        var first = await client.CreatePaymentSessionAsync(Request("REQ-IDEM"));
        var again = await client.CreatePaymentSessionAsync(Request("REQ-IDEM"));
        Assert.Equal(first.Body.PaymentSessionId, again.Body.PaymentSessionId);
        Assert.Equal(first.RawBody, again.RawBody);

        var changed = await client.CreatePaymentSessionAsync(Request("REQ-IDEM", value: "999900"));
        Assert.Equal("REPEAT_REQ_INCONSISTENT", changed.Result.ResultCode);
        Assert.Equal(AntomOutcome.Failure, changed.Outcome);
    }

    [Fact]
    public async Task Fifty_concurrent_identical_requests_make_one_payment()
    {
        var client = Client();
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.CreatePaymentSessionAsync(Request("REQ-RACE"))));
        Assert.All(responses, r => Assert.True(r.IsSuccess));
        Assert.Single(responses.Select(r => r.Body.PaymentSessionId).Distinct());
        Assert.Equal(1, _sim.Host.Store.Count());
    }

    [Fact]
    public async Task Signature_and_client_faults_get_Antom_result_codes()
    {
        var wrongKey = await Client(key: RSA.Create(2048)).CreatePaymentSessionAsync(Request("REQ-SIG"));
        Assert.Equal("INVALID_SIGNATURE", wrongKey.Result.ResultCode);
        Assert.Contains("Mismatch", wrongKey.Result.ResultMessage);

        var unknown = await Client(clientId: "SANDBOX_NOBODY").CreatePaymentSessionAsync(Request("REQ-CLIENT"));
        Assert.Equal("INVALID_CLIENT", unknown.Result.ResultCode);

        _sim.Host.Clients.Register(new MerchantClient("SANDBOX_NOKEY", null));
        Assert.Equal("KEY_NOT_FOUND", (await Client(clientId: "SANDBOX_NOKEY").CreatePaymentSessionAsync(Request("REQ-KEY"))).Result.ResultCode);
    }

    [Fact]
    public async Task Raw_protocol_faults_get_their_codes_and_never_a_5xx()
    {
        using var http = new HttpClient { BaseAddress = _sim.Host.BaseAddress };
        async Task<string> Code(HttpRequestMessage m)
        {
            var r = await http.SendAsync(m);
            Assert.Equal(200, (int)r.StatusCode);
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(CreatePaymentSessionResponseValidator.Validate(body).IsValid, body);
            return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("result").GetProperty("resultCode").GetString()!;
        }
        Assert.Equal("METHOD_NOT_SUPPORTED", await Code(new HttpRequestMessage(HttpMethod.Get, "/ams/api/v1/payments/inquiryPayment")));
        Assert.Equal("NO_INTERFACE_DEF", await Code(new HttpRequestMessage(HttpMethod.Post, "/ams/api/v1/payments/refundEverything") { Content = new StringContent("{}", Encoding.UTF8, "application/json") }));
        Assert.Equal("MEDIA_TYPE_NOT_ACCEPTABLE", await Code(new HttpRequestMessage(HttpMethod.Post, "/ams/api/v1/payments/inquiryPayment") { Content = new StringContent("a=b", Encoding.UTF8, "application/x-www-form-urlencoded") }));
        Assert.Equal("PARAM_ILLEGAL", await Code(new HttpRequestMessage(HttpMethod.Post, "/ams/api/v1/payments/inquiryPayment") { Content = new StringContent(new string(' ', 70_000), Encoding.UTF8, "application/json") }));
        Assert.Equal("INVALID_CLIENT", await Code(new HttpRequestMessage(HttpMethod.Post, "/ams/api/v1/payments/inquiryPayment") { Content = new StringContent("{}", Encoding.UTF8, "application/json") }));
    }

    [Fact]
    public async Task Parameter_errors_name_the_field()
    {
        var clientId = _sim.Host.Clients.SandboxClientId;
        const string path = "/ams/sandbox/api/v1/payments/createPaymentSession";
        var body = Encoding.UTF8.GetBytes("""{"productCode":"AGREEMENT_PAYMENT","paymentRequestId":"R","paymentRedirectUrl":"https://x.example","paymentAmount":{"currency":"THB","value":"12.50"},"order":{"orderAmount":{"currency":"THB","value":"1250"}}}""");
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=UTF-8");
        message.Headers.Add("Client-Id", clientId);
        message.Headers.Add("Request-Time", "1764133685000");
        message.Headers.Add("Signature", new AntomSigner(_sim.Host.Clients.SandboxMerchantKey).SignatureHeaderValue("POST", path, clientId, "1764133685000", body));
        using var http = new HttpClient { BaseAddress = _sim.Host.BaseAddress };
        var text = await (await http.SendAsync(message)).Content.ReadAsStringAsync();
        Assert.Contains("PARAM_ILLEGAL", text);
        Assert.Contains("/paymentAmount/value", text);
    }
}
