using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Kit.Contracts;
using Kit.Contracts.Signing;
using Xunit;
using Xunit.Abstractions;

namespace Kit.Simulator.Tests;

/// <summary>
/// A client that sends huge bodies cannot grow the simulator: a body over the limit is refused while it is read, so
/// 50 bodies of 8 MB (announced, and chunked with no length) leave the process's resident memory where it was, and
/// it stays there through a thousand ordinary requests. Measured on the simulator as its own process, from /proc.
/// </summary>
public sealed class MemoryBoundTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("kit-memory-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private const int EightMegabytes = 8 * 1024 * 1024;

    [Fact]
    public async Task Fifty_bodies_of_8_MB_do_not_grow_the_process()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var simulator = new SimulatorProcess(_data);
        var clientId = File.ReadAllText(Path.Combine(_data, "keys", "sandbox-client-id.txt")).Trim();
        var key = AntomKeys.ImportPrivateKey(File.ReadAllText(Path.Combine(_data, "keys", "merchant-private.pem")));
        var path = "/ams/sandbox/api/v1/payments/createPaymentSession";
        async Task Ordinary(int count, string prefix)
        {
            for (var i = 0; i < count; i++)
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(RunningSimulator.Request($"{prefix}-{i}"), ContractsJsonContext.Default.CreatePaymentSessionRequest);
                var response = await RawHttp.SendAsync(simulator.BaseAddress, RawHttp.SignedPost(simulator.BaseAddress, path, clientId, key, body, "2026-11-26T05:00:00Z"));
                Assert.Equal(200, response.Status);
            }
        }
        await Ordinary(100, "WARM"); // JIT, pools and caches settle first
        var start = simulator.ResidentBytes();

        var refusals = 0;
        for (var i = 0; i < 50; i++)
            refusals += await SendHugeAsync(simulator.BaseAddress, path, chunked: i % 2 == 1) ? 1 : 0;
        var afterHuge = simulator.ResidentBytes();

        await Ordinary(1100, "AFTER");
        var afterOrdinary = simulator.ResidentBytes();
        output.WriteLine($"resident memory: {start / 1e6:0.0} MB at start, {afterHuge / 1e6:0.0} MB after 50 bodies of 8 MB ({refusals} refused with an answer), {afterOrdinary / 1e6:0.0} MB after 1,100 ordinary requests");

        Assert.Equal(50, refusals);
        Assert.True(afterHuge - start < 150_000_000, $"grew by {(afterHuge - start) / 1e6:0.0} MB");
        Assert.True(afterOrdinary - start < 150_000_000, $"{(afterOrdinary - start) / 1e6:0.0} MB above the start after ordinary traffic");
    }

    /// <summary>Sends 8 MB (with its length announced, or chunked without one) and reads the answer; true when the answer is a refusal.</summary>
    private static async Task<bool> SendHugeAsync(Uri server, string path, bool chunked)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/json\r\n" +
                   (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : $"Content-Length: {EightMegabytes}\r\n\r\n");
        var reading = RawHttp.ReadAsync(stream, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            var block = new byte[64 * 1024];
            Array.Fill(block, (byte)'x');
            var prefix = Encoding.ASCII.GetBytes($"{block.Length:x}\r\n");
            for (var sent = 0; sent < EightMegabytes && !reading.IsCompleted; sent += block.Length)
            {
                if (chunked) await stream.WriteAsync(prefix);
                await stream.WriteAsync(block);
                if (chunked) await stream.WriteAsync("\r\n"u8.ToArray());
            }
        }
        catch (IOException) { } // the server answered and closed while the body was still coming: what it should do
        var answer = await reading;
        return answer.Status == 413 || (answer.Status == 200 && answer.Text.Contains("PARAM_ILLEGAL"));
    }
}
