using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kit.Contracts;
using Kit.Contracts.Antom;
using Kit.Contracts.Signing;

namespace Kit.Load;

/// <summary>
/// Notification delivery when merchants' webhooks differ: 100 payments approved at once against the simulator as its
/// own process, 60 notifying a fast webhook, 20 a slow one (it holds each request longer than the 10 s attempt
/// timeout) and 20 a dead port; measured is the time from the first approval until every fast webhook has answered,
/// against the same 60 fast payments alone, in the same run.
///   dotnet run -c Release --project tests/Kit.Load -- deliveries [rounds]
/// </summary>
public static class DeliveryBenchmark
{
    private const int Fast = 60, Slow = 20, Dead = 20;
    private static readonly byte[] Ack = Encoding.UTF8.GetBytes("""{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}""");

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
        var simulatorDll = Path.Combine(AppContext.BaseDirectory, "Kit.Simulator.dll");
        using var fast = new Webhook(hold: TimeSpan.Zero);
        using var slow = new Webhook(hold: TimeSpan.FromSeconds(30));
        var dead = $"http://127.0.0.1:{FreePort()}/notify"; // nothing listens there
        var mixed = new List<double>();
        var alone = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            alone.Add(await MeasureAsync(simulatorDll, fast, [.. Enumerable.Repeat(fast.Url, Fast)], $"round {round}: {Fast} fast alone"));
            mixed.Add(await MeasureAsync(simulatorDll, fast, [.. Enumerable.Repeat(fast.Url, Fast), .. Enumerable.Repeat(slow.Url, Slow), .. Enumerable.Repeat(dead, Dead)],
                $"round {round}: {Fast} fast, {Slow} slow, {Dead} dead"));
        }
        double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        Console.WriteLine();
        Console.WriteLine("| payments | time until every fast webhook answered (median of " + rounds + ") | each round |");
        Console.WriteLine("|---|---:|---|");
        Console.WriteLine($"| {Fast} fast alone | {Median(alone):0.00} s | {string.Join(", ", alone.Select(x => x.ToString("0.00")))} |");
        Console.WriteLine($"| {Fast} fast + {Slow} slow + {Dead} dead | {Median(mixed):0.00} s | {string.Join(", ", mixed.Select(x => x.ToString("0.00")))} |");
        Console.WriteLine($"\nmixed / fast alone: {Median(mixed) / Median(alone):0.00}");
        return 0;
    }

    /// <summary>Starts a fresh simulator, creates one payment per notify URL, approves all at once; seconds until the fast webhook has all of its own.</summary>
    private static async Task<double> MeasureAsync(string simulatorDll, Webhook fast, IReadOnlyList<string> notifyUrls, string label)
    {
        var data = Directory.CreateTempSubdirectory("kit-deliveries-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { simulatorDll, "--data", data, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            for (var i = 0; ; i++)
            {
                try { if ((await http.GetAsync("kit")).IsSuccessStatusCode) break; }
                catch (HttpRequestException) when (i < 300) { }
                await Task.Delay(100);
            }
            var keys = Path.Combine(data, "keys");
            var clientId = File.ReadAllText(Path.Combine(keys, "sandbox-client-id.txt")).Trim();
            var signer = new AntomSigner(AntomKeys.ImportPrivateKey(File.ReadAllText(Path.Combine(keys, "merchant-private.pem"))));
            var ids = new List<string>();
            for (var i = 0; i < notifyUrls.Count; i++)
            {
                var id = $"DLV-{Guid.NewGuid():N}"[..24];
                ids.Add(id);
                await CreateAsync(http, signer, clientId, id, notifyUrls[i]);
            }
            var fastIds = ids.Where((_, i) => notifyUrls[i] == fast.Url).ToHashSet();
            fast.Expect(fastIds);
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(ids.Select(id => http.PostAsync($"kit/payments/{id}/approve", null)));
            var approved = watch.Elapsed.TotalSeconds;
            await fast.AllReceived.WaitAsync(TimeSpan.FromMinutes(2));
            var seconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"  {label}: approvals answered in {approved:0.00} s, every fast webhook answered after {seconds:0.00} s");
            return seconds;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task CreateAsync(HttpClient http, AntomSigner signer, string clientId, string id, string notifyUrl)
    {
        const string path = "/ams/sandbox/api/v1/payments/createPaymentSession";
        var body = JsonSerializer.SerializeToUtf8Bytes(new CreatePaymentSessionRequest
        {
            ProductCode = ProductCode.CashierPayment,
            PaymentRequestId = id,
            PaymentRedirectUrl = "https://shop.example/done",
            PaymentNotifyUrl = notifyUrl,
            PaymentAmount = new Amount { Currency = "THB", Value = "125000" },
            Order = new Order { OrderAmount = new Amount { Currency = "THB", Value = "125000" }, OrderDescription = "benchmark", ReferenceOrderId = id },
            PaymentMethod = new PaymentMethod { PaymentMethodType = "ONLINEBANKING_KASIKORNBANK" },
        }, ContractsJsonContext.Default.CreatePaymentSessionRequest);
        var time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString();
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=UTF-8");
        message.Headers.TryAddWithoutValidation("client-id", clientId);
        message.Headers.TryAddWithoutValidation("request-time", time);
        message.Headers.TryAddWithoutValidation("signature", signer.SignatureHeaderValue("POST", path, clientId, time, body));
        var answer = await (await http.SendAsync(message)).Content.ReadFromJsonAsync<JsonElement>();
        if (answer.GetProperty("result").GetProperty("resultCode").GetString() != "SUCCESS") throw new InvalidOperationException($"createPaymentSession failed: {answer}");
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A merchant's notify endpoint on its own port: it holds each request for a while, then acknowledges.</summary>
    private sealed class Webhook : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly TimeSpan _hold;
        private ConcurrentDictionary<string, bool> _waiting = new();
        private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Webhook(TimeSpan hold)
        {
            _hold = hold;
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/notify";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = Task.Run(LoopAsync);
        }

        public string Url { get; }

        public Task AllReceived => _all.Task;

        public void Expect(IEnumerable<string> paymentRequestIds)
        {
            _waiting = new ConcurrentDictionary<string, bool>(paymentRequestIds.Select(id => KeyValuePair.Create(id, true)));
            _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                _ = Task.Run(async () =>
                {
                    try
                    {
                        using var reader = new StreamReader(context.Request.InputStream);
                        var id = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.GetProperty("paymentRequestId").GetString()!;
                        if (_hold > TimeSpan.Zero) await Task.Delay(_hold);
                        context.Response.ContentType = "application/json";
                        await context.Response.OutputStream.WriteAsync(Ack);
                        context.Response.Close();
                        if (_waiting.TryRemove(id, out _) && _waiting.IsEmpty) _all.TrySetResult();
                    }
                    catch (Exception) { }
                });
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }
    }
}
