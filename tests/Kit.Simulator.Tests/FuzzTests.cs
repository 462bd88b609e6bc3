using System.Text;
using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Kit.Schema;
using Kit.Simulator.Hosting;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>
/// 5,000 malformed or mutated requests: the simulator answers every one with HTTP 200 and a body valid against the
/// API's response schema (never a 5xx or an unhandled exception), and still serves correct requests afterwards.
/// Then what a hostile or broken client does below JSON, on raw sockets and on every face: bad chunked framing,
/// bodies that end early, stall or never end, absurd numbers and wrong types on each control call. Every answer is
/// a 4xx that says what was wrong (JSON where the request got as far as the simulator), never a 5xx, never a stack trace.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private const int Requests = 5000;
    private readonly RunningSimulator _sim = new();

    public void Dispose() => _sim.Dispose();


    /// <summary>Every operation the simulator serves, from the one list the merchant API reads.</summary>
    private static readonly (string Name, Func<ReadOnlyMemory<byte>, ValidationResult> Response)[] Apis =
        Kit.Contracts.Operations.AntomOperations.All.Select(o => (o.Name, (Func<ReadOnlyMemory<byte>, ValidationResult>)o.ValidateResponse)).ToArray();

    [Fact]
    public async Task Malformed_requests_never_break_the_simulator()
    {
        var random = new Random(20261126);
        var clientId = _sim.Host.Clients.SandboxClientId;
        var signer = new AntomSigner(_sim.Host.Clients.SandboxMerchantKey);
        var valid = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(RunningSimulator.Request("REQ-FUZZ-BASE"), ContractsJsonContext.Default.CreatePaymentSessionRequest))!;
        using var http = new HttpClient { BaseAddress = _sim.Host.BaseAddress };
        var codes = new Dictionary<string, int>();
        var gate = new SemaphoreSlim(8);

        var tasks = Enumerable.Range(0, Requests).Select(async i =>
        {
            HttpRequestMessage message;
            (string Name, Func<ReadOnlyMemory<byte>, ValidationResult> Response) api;
            lock (random)
            {
                api = Apis[random.Next(Apis.Length)];
                message = Mutate(random, i, api.Name, valid, clientId, signer);
            }
            await gate.WaitAsync();
            try
            {
                using var response = await http.SendAsync(message);
                var body = await response.Content.ReadAsByteArrayAsync();
                Assert.True((int)response.StatusCode == 200, $"request {i}: HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
                var check = api.Response(body);
                Assert.True(check.IsValid, $"request {i} to {api.Name}: response breaks its schema: {check}\n{Encoding.UTF8.GetString(body)}");
                var code = JsonNode.Parse(body)!["result"]!["resultCode"]!.GetValue<string>();
                Assert.NotNull(ContractCatalogs.FindResultCode(code));
                Assert.True(code != "UNKNOWN_EXCEPTION", $"request {i} to {api.Name} hit a simulator fault: {Encoding.UTF8.GetString(body)}");
                lock (codes) codes[code] = codes.GetValueOrDefault(code) + 1;
            }
            finally
            {
                gate.Release();
                message.Dispose();
            }
        });
        await Task.WhenAll(tasks);
        Assert.True(codes.Count >= 6, "the mutations should reach many checks: " + string.Join(", ", codes));

        Assert.True((await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-AFTER-FUZZ"))).IsSuccess);
    }

    /// <summary>A path of each face: merchant API, control API, gateway, cashier app and bank step, assets, WireMock's admin API.</summary>
    public static TheoryData<string> Faces => new()
    {
        "/ams/sandbox/api/v1/payments/createPaymentSession",
        "/kit/clock/advance",
        "/kit/payments/REQ-X/decline",
        "/mgw.htm",
        "/page/antom-web-checkout/kit/bank-action",
        "/page/antom-web-checkout/src/component-app/CASHIER_PAYMENT_BANK/1.0/index.1.47.2.html",
        "/api/open/risk_client/x",
        "/__admin/mappings",
    };

    /// <summary>
    /// Framing a client can get wrong, as the bytes after the request line and Host. <c>CloseAfter</c>: the client then
    /// closes its side, which Kestrel takes as the client going away; there may be no one left to answer, but never a 5xx.
    /// </summary>
    public static readonly (string Name, string Tail, bool CloseAfter)[] Framings =
    [
        ("bad chunk size", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", false),
        ("chunk without its CRLF", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n", false),
        ("chunked body cut off", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"a\":", true),
        ("body shorter than Content-Length", "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":1}", true),
        ("Content-Length not a number", "Content-Type: application/json\r\nContent-Length: ten\r\n\r\n{}", false),
        ("two different Content-Lengths", "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", false),
        ("huge Content-Length", "Content-Type: application/json\r\nContent-Length: 999999999999\r\n\r\n{", false),
    ];

    [Theory]
    [MemberData(nameof(Faces))]
    public async Task Malformed_framing_gets_a_4xx_on_every_face(string path)
    {
        foreach (var (name, rest, closeAfter) in Framings)
        {
            var method = path.EndsWith(".html", StringComparison.Ordinal) ? "GET" : "POST";
            var request = Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: {_sim.Host.BaseAddress.Authority}\r\n{rest}");
            RawMessage response;
            try { response = await SendRawAsync(request, closeAfter, TimeSpan.FromSeconds(20)); }
            catch (IOException) when (closeAfter) { continue; } // the server closed the connection of a client that left
            catch (IOException e) { throw new Xunit.Sdk.XunitException($"{name} to {path}: no answer: {e.Message}"); }
            AssertClientError(response, $"{name} to {path}");
        }
    }

    [Fact]
    public async Task A_stalled_body_is_given_up_with_408_and_the_server_goes_on()
    {
        // Headers and 10 of 1000 bytes, then nothing: Kestrel's minimum data rate ends the read after its grace period.
        var request = Encoding.ASCII.GetBytes($"POST /ams/sandbox/api/v1/payments/createPaymentSession HTTP/1.1\r\nHost: {_sim.Host.BaseAddress.Authority}\r\n" +
            "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"payment\"");
        var response = await SendRawAsync(request, closeAfter: false, TimeSpan.FromSeconds(40));
        AssertClientError(response, "a stalled body");
        Assert.Equal(408, response.Status);
        Assert.True((await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-AFTER-STALL"))).IsSuccess);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_while_it_is_read()
    {
        var authority = _sim.Host.BaseAddress.Authority;
        // Announced: refused before a byte of it is read. The merchant API answers as Antom does.
        var declared = await SendRawAsync(Encoding.ASCII.GetBytes($"POST /ams/sandbox/api/v1/payments/createPaymentSession HTTP/1.1\r\nHost: {authority}\r\n" +
            "Content-Type: application/json\r\nContent-Length: 8388608\r\n\r\n{\"a\":\""), closeAfter: false, TimeSpan.FromSeconds(20));
        Assert.Equal(200, declared.Status);
        Assert.Contains("PARAM_ILLEGAL", declared.Text);
        Assert.Contains("8388608 bytes", declared.Text);
        Assert.NotNull(declared.Header("signature"));
        // Chunked, with no length up front: refused once 64 KB have arrived.
        var chunk = new string('x', 32 * 1024);
        var chunked = new StringBuilder($"POST /kit/clock/advance HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (var i = 0; i < 4; i++) chunked.Append($"{chunk.Length:x}\r\n{chunk}\r\n");
        var refused = await SendRawAsync(Encoding.ASCII.GetBytes(chunked.ToString()), closeAfter: false, TimeSpan.FromSeconds(20));
        Assert.Equal(413, refused.Status);
        Assert.Contains("at most 65536 bytes", refused.Text);
    }

    public static TheoryData<string, string, string> ControlCalls => new()
    {
        { "/kit/clock/advance", """{"seconds": 1e13}""", "seconds must be from 0 to" },
        { "/kit/clock/advance", """{"seconds": -5}""", "seconds must be from 0 to" },
        { "/kit/clock/advance", """{"seconds": "soon"}""", "seconds must be a number" },
        { "/kit/clock/advance", """{"seconds": 1e400}""", "seconds must be from 0 to" },
        { "/kit/clock/advance", """{"seconds": null}""", "seconds is missing" },
        { "/kit/clock/advance", """[1, 2]""", "the body must be a JSON object" },
        { "/kit/clock/advance", """{"seconds": NaN}""", "the body is not JSON" },
        { "/kit/clock/advance", "", "seconds is missing" },
        { "/kit/payments/REQ-CTL/decline", """{"resultCode": 51}""", "resultCode must be a string" },
        { "/kit/payments/REQ-CTL/force", """{"outcome": {"name": "x"}}""", "outcome must be a string" },
        { "/kit/payments/REQ-CTL/force", """{}""", """send {"outcome": "name"}""" },
        { "/kit/payments/REQ-CTL/sdk-fault", """{"fault": ["none"]}""", "fault must be a string" },
        { "/kit/payments/REQ-CTL/sdk-fault", "not json at all", "the body is not JSON" },
        { "/kit/payments/REQ-CTL/dance", "{}", "unknown action 'dance'" },
    };

    [Theory]
    [MemberData(nameof(ControlCalls))]
    public async Task A_control_call_with_a_wrong_type_or_an_absurd_number_says_what_to_send(string path, string body, string message)
    {
        await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-CTL"));
        var response = await _sim.Control.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(message, JsonNode.Parse(text)!["error"]!.GetValue<string>());
        AssertNoStackTrace(text);
    }

    [Fact]
    public async Task Query_parameters_and_gateway_bodies_of_the_wrong_kind_are_4xx_or_the_protocols_own_failure()
    {
        foreach (var query in new[] { "waitSeconds=soon", "waitSeconds=1e9", "waitSeconds=5" })
        {
            var response = await _sim.Control.GetAsync($"/kit/notifications?{query}");
            Assert.Equal(400, (int)response.StatusCode);
            AssertNoStackTrace(await response.Content.ReadAsStringAsync());
        }
        foreach (var body in new[] { """[{"paymentSessionData": 42}]""", """[{"paymentSessionData": "x&&SG&&188", "envInfo": {"locale": 7, "terminalType": []}}]""", "{}", "[[]]", "\u0000" })
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "/mgw.htm") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            message.Headers.Add("Operation-Type", "com.ipay.iexpcashier.sdkAction.query");
            var response = await _sim.Control.SendAsync(message);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{body}: {(int)response.StatusCode} {text}");
            Assert.False(JsonNode.Parse(text)!["success"]!.GetValue<bool>());
        }
        var admin = await _sim.Control.PostAsync("/__admin/mappings", new StringContent("{ \"Request\": [1, 2", Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)admin.StatusCode);
        AssertNoStackTrace(await admin.Content.ReadAsStringAsync());
    }

    private static void AssertClientError(RawMessage response, string what)
    {
        Assert.True(response.Status is >= 400 and < 500 || (response.Status == 200 && response.Text.Contains("PARAM_ILLEGAL")),
            $"{what}: HTTP {response.Status} {response.Text}");
        AssertNoStackTrace(response.Text);
        // When the request got as far as the simulator, the answer says why in JSON; Kestrel refuses broken request
        // heads itself, with an empty body.
        if (response.Body.Length > 0) Assert.True(JsonNode.Parse(response.Body) is JsonObject, $"{what}: not JSON: {response.Text}");
    }

    private static void AssertNoStackTrace(string text)
    {
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("StackTrace", text);
        Assert.DoesNotContain(".cs:line", text);
    }

    /// <summary>Sends bytes as given; <paramref name="closeAfter"/> ends the sending side (a body cut off), otherwise the connection stays open.</summary>
    private async Task<RawMessage> SendRawAsync(byte[] request, bool closeAfter, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, _sim.Host.BaseAddress.Port, cancel.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, cancel.Token);
            if (closeAfter) client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        }
        catch (IOException) { } // the server may refuse before it has read everything
        return await RawHttp.ReadAsync(stream, cancel.Token);
    }

    private static HttpRequestMessage Mutate(Random random, int i, string api, JsonNode valid, string clientId, AntomSigner signer)
    {
        var path = $"/ams/sandbox/api/v1/payments/{api}";
        var doc = valid.DeepClone();
        doc["paymentRequestId"] = $"REQ-FUZZ-{i}";
        byte[] body;
        var kind = random.Next(12);
        switch (kind)
        {
            case 0: body = Encoding.UTF8.GetBytes(doc.ToJsonString()[..random.Next(1, 60)]); break;                     // truncated
            case 1: doc[Pick(random, doc)] = random.Next(3) switch { 0 => 42, 1 => true, _ => new JsonArray() }; body = Bytes(doc); break; // wrong type
            case 2: doc["paymentRequestId"] = new string('x', random.Next(65, 20_000)); body = Bytes(doc); break;       // huge string
            case 3: body = new byte[random.Next(1, 200)]; random.NextBytes(body); break;                                 // not JSON, not UTF-8
            case 4: body = Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)); break;                // too deep
            case 5: body = Encoding.UTF8.GetBytes("{\"paymentRequestId\":\"\\ud800\",\"x\":1e999}"); break;             // lone surrogate, huge number
            case 6: doc.AsObject().Remove(Pick(random, doc)); body = Bytes(doc); break;                                  // missing field
            case 7: doc["paymentAmount"] = new JsonObject { ["currency"] = "IDR", ["value"] = "-1.5e3" }; body = Bytes(doc); break;
            default: body = Bytes(doc); break;
        }
        var message = new HttpRequestMessage(random.Next(20) == 0 ? HttpMethod.Put : HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", random.Next(15) == 0 ? "text/plain" : "application/json; charset=UTF-8");
        var time = "1764133685000";
        var signature = signer.SignatureHeaderValue("POST", path, clientId, time, body);
        switch (random.Next(10))
        {
            case 0: break;                                                                       // no signature
            case 1: message.Headers.TryAddWithoutValidation("Signature", signature[..^6] + "AAAA%3D"); break; // corrupt
            case 2: message.Headers.TryAddWithoutValidation("Signature", "algorithm=RSA256,keyVersion=1"); break;
            case 3: message.Headers.TryAddWithoutValidation("Signature", "garbage"); break;
            default: message.Headers.TryAddWithoutValidation("Signature", signature); break;
        }
        if (random.Next(12) != 0) message.Headers.TryAddWithoutValidation("Client-Id", random.Next(15) == 0 ? "SANDBOX_WHO" : clientId);
        if (random.Next(12) != 0) message.Headers.TryAddWithoutValidation("Request-Time", time);
        return message;
    }

    private static string Pick(Random random, JsonNode doc)
    {
        var keys = doc.AsObject().Select(p => p.Key).ToList();
        return keys[random.Next(keys.Count)];
    }

    private static byte[] Bytes(JsonNode doc) => Encoding.UTF8.GetBytes(doc.ToJsonString());
}
