using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>
/// What the simulator puts on the wire, pinned: the exact header names of a merchant-API answer and of a
/// notification (lower-case signature headers, which the Python and PHP SDKs look up case-sensitively; nothing
/// Antom does not send), and JSON text written as itself (&amp;, +, Thai), not as \uXXXX escapes.
/// </summary>
public sealed class WireFormatTests : IDisposable
{
    private readonly RunningSimulator _sim = new();

    public void Dispose() => _sim.Dispose();

    [Fact]
    public async Task A_merchant_api_answer_has_exactly_antoms_headers_and_unescaped_text()
    {
        var clientId = _sim.Host.Clients.SandboxClientId;
        var request = RunningSimulator.Request("REQ-WIRE-1") with { ProductCode = Kit.Contracts.Antom.ProductCode.CashierPayment };
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, ContractsJsonContext.Default.CreatePaymentSessionRequest)
            .Replace("\"CASHIER_PAYMENT\"", "\"ชำระ&จ่าย\""));
        var response = await SendSignedAsync("/ams/sandbox/api/v1/payments/createPaymentSession", clientId, body);

        Assert.Equal(["Content-Type", "Date", "Transfer-Encoding", "client-id", "response-time", "signature"], response.Headers.Select(h => h.Name).Order(StringComparer.Ordinal));
        Assert.Equal("application/json; charset=UTF-8", response.Header("Content-Type"));
        var text = response.Text;
        Assert.Contains("ชำระ&จ่าย", text); // PARAM_ILLEGAL names the value as sent
        Assert.DoesNotContain("\\u", text);

        // A successful answer: paymentSessionData is Base64, whose + and / stay as they are.
        var ok = await SendSignedAsync("/ams/sandbox/api/v1/payments/createPaymentSession", clientId,
            JsonSerializer.SerializeToUtf8Bytes(RunningSimulator.Request("REQ-WIRE-2"), ContractsJsonContext.Default.CreatePaymentSessionRequest));
        Assert.Equal("SUCCESS", JsonNode.Parse(ok.Body)!["result"]!["resultCode"]!.GetValue<string>());
        Assert.DoesNotContain("\\u", ok.Text);
    }

    [Fact]
    public async Task A_notification_carries_exactly_antoms_headers_and_unescaped_text()
    {
        // An ambient activity, as any app with tracing has: .NET's HttpClient would turn it into a traceparent header.
        using var listener = new ActivityListener { ShouldListenTo = _ => true, Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("Kit.Tests.WireFormat");
        using var activity = source.StartActivity("merchant test run");

        using var capture = new RawWebhook();
        var requestId = "ORD-ก&1+2";
        var created = await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request(requestId) with { PaymentNotifyUrl = capture.Url });
        Assert.Equal(AntomOutcome.Success, created.Outcome);
        await _sim.Post($"/kit/payments/{Uri.EscapeDataString(requestId)}/approve");

        var received = await capture.Received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(["Content-Length", "Content-Type", "Host", "client-id", "request-time", "signature"], received.Headers.Select(h => h.Name).Order(StringComparer.Ordinal));
        var text = Encoding.UTF8.GetString(received.Body);
        Assert.Contains($"\"paymentRequestId\":\"{requestId}\"", text);
        Assert.DoesNotContain("\\u", text);
        var verify = new AntomSignatureVerifier(AntomKeys.ImportPublicKey(_sim.Host.Clients.AntomPublicKeyPem))
            .Verify(received.Header("signature"), "POST", "/notify", _sim.Host.Clients.SandboxClientId, received.Header("request-time"), received.Body);
        Assert.True(verify.IsValid, verify.Message);
    }

    private Task<RawMessage> SendSignedAsync(string path, string clientId, byte[] body) =>
        RawHttp.SendAsync(_sim.Host.BaseAddress, RawHttp.SignedPost(_sim.Host.BaseAddress, path, clientId, _sim.Host.Clients.SandboxMerchantKey, body,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString()));

    /// <summary>A notify endpoint on a bare socket, so header names arrive exactly as sent; it acknowledges the first request.</summary>
    private sealed class RawWebhook : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public RawWebhook()
        {
            _listener.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/notify";
            _ = Task.Run(async () =>
            {
                using var client = await _listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var request = await RawHttp.ReadAsync(stream, CancellationToken.None);
                var ack = AntomNotificationReceiver.AcknowledgementBody;
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {ack.Length}\r\n\r\n"));
                await stream.WriteAsync(ack);
                Received.TrySetResult(request);
            });
        }

        public string Url { get; }

        public TaskCompletionSource<RawMessage> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose() => _listener.Stop();
    }
}
