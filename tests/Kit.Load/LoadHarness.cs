using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Kit.Contracts;
using Kit.Contracts.Antom;
using Kit.Contracts.Signing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Kit.Load;

/// <summary>
/// Load against running servers, each in its own process: the simulator's signed createPaymentSession, and a bare
/// WireMock.Net mapping that returns a canned body, in the same run. Reports throughput, latency percentiles, the
/// server's CPU per request and its memory over the steady phase.
///   dotnet run -c Release --project tests/Kit.Load -- [seconds] [connections]
/// </summary>
public static class LoadHarness
{
    private const string CannedBody = """{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"paymentSessionData":"x&&SG&&188&&e30=","paymentSessionId":"s","paymentSessionExpiryTime":"2026-11-26T06:00:00+00:00"}""";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0]) : 120;
        var connections = args.Length > 1 ? int.Parse(args[1]) : 16;
        var self = typeof(LoadHarness).Assembly.Location;
        var simulatorDll = Path.Combine(AppContext.BaseDirectory, "Kit.Simulator.dll");
        var data = Directory.CreateTempSubdirectory("kit-load-").FullName;

        var bare = await ServerProcess.StartAsync(self, ["bare-server"]);
        var simulator = await ServerProcess.StartAsync(simulatorDll, ["--data", data]);
        try
        {
            var keys = Path.Combine(data, "keys");
            var clientId = File.ReadAllText(Path.Combine(keys, "sandbox-client-id.txt")).Trim();
            var signer = new AntomSigner(AntomKeys.ImportPrivateKey(File.ReadAllText(Path.Combine(keys, "merchant-private.pem"))));
            Console.WriteLine($"signing {Pool} distinct createPaymentSession requests (client side, not timed)...");
            var requests = Enumerable.Range(0, Pool).Select(i => SignedRequest(signer, clientId, i)).ToArray();

            var canned = Canned();
            var bareResult = await LoadAsync("bare WireMock mapping", bare, connections, seconds, _ => canned());
            var simResult = await LoadAsync("simulator createPaymentSession", simulator, connections, seconds, i => requests[i % requests.Length]());
            var (sign, verify) = RsaCost(signer, AntomKeys.ImportPublicKey(File.ReadAllText(Path.Combine(keys, "merchant-public.pem"))), clientId);
            Console.WriteLine();
            Console.WriteLine("| server | requests/s | p50 ms | p99 ms | server CPU µs/request | server memory start → end (MB) | errors |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var r in new[] { bareResult, simResult }) Console.WriteLine(r);
            Console.WriteLine($"\nsimulator / bare throughput: {simResult.Throughput / bareResult.Throughput:F2}");
            // The floor of a signed exchange: what the bare mapping costs, plus the two RSA operations it cannot avoid.
            var floor = bareResult.CpuMicrosPerRequest + sign + verify;
            Console.WriteLine($"one RSA-2048 sign {sign:F0} µs CPU, one verify {verify:F0} µs CPU (this process, one thread, the same machine and run)");
            Console.WriteLine($"floor = bare {bareResult.CpuMicrosPerRequest:F0} + sign {sign:F0} + verify {verify:F0} = {floor:F0} µs; simulator {simResult.CpuMicrosPerRequest:F0} µs = {simResult.CpuMicrosPerRequest / floor:F2}× the floor (target at most 1.30×)");
            return 0;
        }
        finally
        {
            bare.Dispose();
            simulator.Dispose();
            Directory.Delete(data, recursive: true);
        }
    }

    private const int Pool = 4000;

    /// <summary>CPU per RSA-2048 signature and per verification of a createPaymentSession-sized body, measured here on one thread.</summary>
    private static (double Sign, double Verify) RsaCost(AntomSigner signer, System.Security.Cryptography.RSA publicKey, string clientId)
    {
        var body = new byte[1200];
        Random.Shared.NextBytes(body);
        const string path = "/ams/sandbox/api/v1/payments/createPaymentSession", time = "1764133685000";
        var verifier = new AntomSignatureVerifier(publicKey);
        var header = signer.SignatureHeaderValue("POST", path, clientId, time, body);
        for (var i = 0; i < 200; i++) { signer.SignatureHeaderValue("POST", path, clientId, time, body); verifier.Verify(header, "POST", path, clientId, time, body); }
        const int n = 2000;
        var self = Process.GetCurrentProcess();
        double CpuMicros(Action op)
        {
            self.Refresh();
            var before = self.TotalProcessorTime;
            for (var i = 0; i < n; i++) op();
            self.Refresh();
            return (self.TotalProcessorTime - before).TotalMilliseconds * 1000 / n;
        }
        var sign = CpuMicros(() => signer.SignatureHeaderValue("POST", path, clientId, time, body));
        var verify = CpuMicros(() => { if (!verifier.Verify(header, "POST", path, clientId, time, body).IsValid) throw new InvalidOperationException("the signature does not verify"); });
        return (sign, verify);
    }

    /// <summary>A bare WireMock.Net mapping, as a peer's user would write it.</summary>
    public static async Task<int> ServeBareAsync(string[] args)
    {
        var server = WireMockServer.Start(new WireMockServerSettings { Urls = [args[1]], MaxRequestLogCount = 1000 });
        server.Given(Request.Create().WithPath("/ams/sandbox/api/v1/payments/createPaymentSession").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(CannedBody));
        server.Given(Request.Create().WithPath("/kit").UsingGet()).RespondWith(Response.Create().WithStatusCode(200));
        Console.WriteLine("ready");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private static Func<HttpRequestMessage> Canned() => () => new HttpRequestMessage(HttpMethod.Post, "/ams/sandbox/api/v1/payments/createPaymentSession")
    {
        Content = new StringContent("{}", Encoding.UTF8, "application/json"),
    };

    private static Func<HttpRequestMessage> SignedRequest(AntomSigner signer, string clientId, int i)
    {
        const string path = "/ams/sandbox/api/v1/payments/createPaymentSession";
        var request = new CreatePaymentSessionRequest
        {
            ProductCode = ProductCode.CashierPayment,
            PaymentRequestId = $"LOAD-{i:D6}",
            PaymentRedirectUrl = "https://shop.example/done",
            PaymentAmount = new Amount { Currency = "THB", Value = "125000" },
            Order = new Order { OrderAmount = new Amount { Currency = "THB", Value = "125000" }, OrderDescription = "ชุดกาแฟ", ReferenceOrderId = $"ORD-{i}" },
            PaymentMethod = new PaymentMethod { PaymentMethodType = "ONLINEBANKING_KASIKORNBANK" },
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(request, ContractsJsonContext.Default.CreatePaymentSessionRequest);
        const string time = "1764133685000";
        var signature = signer.SignatureHeaderValue("POST", path, clientId, time, body);
        return () =>
        {
            var m = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            m.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=UTF-8");
            m.Headers.TryAddWithoutValidation("Client-Id", clientId);
            m.Headers.TryAddWithoutValidation("Request-Time", time);
            m.Headers.TryAddWithoutValidation("Signature", signature);
            return m;
        };
    }

    private sealed record Result(string Name, double Throughput, double P50, double P99, double CpuMicrosPerRequest, double MemoryStartMb, double MemoryEndMb, long Errors)
    {
        public override string ToString() =>
            $"| {Name} | {Throughput:F0} | {P50:F2} | {P99:F2} | {CpuMicrosPerRequest:F0} | {MemoryStartMb:F0} → {MemoryEndMb:F0} ({(MemoryEndMb - MemoryStartMb) / MemoryStartMb:+0%;-0%}) | {Errors} |";
    }

    private static async Task<Result> LoadAsync(string name, ServerProcess server, int connections, int seconds, Func<int, HttpRequestMessage> next)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = server.BaseAddress };
        Console.WriteLine($"{name}: {Math.Min(15, seconds)} s warm-up, then {seconds} s measured, {connections} connections");
        await Phase(http, connections, TimeSpan.FromSeconds(Math.Min(15, seconds)), next, null);
        var latencies = new List<double>();
        var cpuBefore = server.CpuTime;
        var memoryStart = server.MemoryMb;
        var watch = Stopwatch.StartNew();
        var (count, errors) = await Phase(http, connections, TimeSpan.FromSeconds(seconds), next, latencies);
        var elapsed = watch.Elapsed.TotalSeconds;
        var cpu = (server.CpuTime - cpuBefore).TotalMilliseconds * 1000 / Math.Max(1, count);
        latencies.Sort();
        return new Result(name, count / elapsed, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], cpu, memoryStart, server.MemoryMb, errors);
    }

    private static async Task<(long Count, long Errors)> Phase(HttpClient http, int connections, TimeSpan duration, Func<int, HttpRequestMessage> next, List<double>? latencies)
    {
        long count = 0, errors = 0, sequence = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var local = new List<double>();
            while (Stopwatch.GetTimestamp() < end)
            {
                using var request = next((int)Interlocked.Increment(ref sequence));
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request);
                    await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException) { Interlocked.Increment(ref errors); }
                local.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Increment(ref count);
            }
            if (latencies is not null) lock (latencies) latencies.AddRange(local);
        })));
        return (count, errors);
    }

    private sealed class ServerProcess : IDisposable
    {
        private readonly Process _process;

        private ServerProcess(Process process, Uri baseAddress)
        {
            _process = process;
            BaseAddress = baseAddress;
        }

        public Uri BaseAddress { get; }

        public TimeSpan CpuTime { get { _process.Refresh(); return _process.TotalProcessorTime; } }

        public double MemoryMb { get { _process.Refresh(); return _process.WorkingSet64 / 1048576.0; } }

        public static async Task<ServerProcess> StartAsync(string dll, string[] args)
        {
            var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
            listener.Stop();
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(dll);
            foreach (var a in args) start.ArgumentList.Add(a);
            if (args[0] == "bare-server") start.ArgumentList.Add(url);
            else { start.ArgumentList.Add("--urls"); start.ArgumentList.Add(url); }
            var process = Process.Start(start)!;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var probe = new HttpClient { BaseAddress = new Uri(url + "/") };
            for (var i = 0; i < 300; i++)
            {
                try { if ((await probe.GetAsync("kit")).IsSuccessStatusCode) return new ServerProcess(process, new Uri(url + "/")); }
                catch (HttpRequestException) { }
                await Task.Delay(100);
            }
            process.Kill(true);
            throw new TimeoutException($"{dll} did not start");
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }
    }
}
