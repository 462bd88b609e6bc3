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
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private const int Requests = 5000;
    private readonly RunningSimulator _sim = new();

    public void Dispose() => _sim.Dispose();


    private static readonly (string Name, Func<ReadOnlyMemory<byte>, ValidationResult> Response)[] Apis =
    [
        ("createPaymentSession", CreatePaymentSessionResponseValidator.Validate),
        ("inquiryPayment", InquiryPaymentResponseValidator.Validate),
        ("cancel", CancelResponseValidator.Validate),
    ];

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
