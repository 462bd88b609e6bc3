using System.Text;
using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>A killed simulator, restarted on its data directory, loses nothing and resumes the retry schedule.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("kit-sim-crash-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static AntomClient Client(Uri baseAddress, string data, string clientId) => new(new HttpClient { BaseAddress = baseAddress }, new AntomClientOptions
    {
        ClientId = clientId,
        MerchantPrivateKey = AntomKeys.ImportPrivateKey(File.ReadAllText(Path.Combine(data, "keys", "merchant-private.pem"))),
        AntomPublicKey = AntomKeys.ImportPublicKey(File.ReadAllText(Path.Combine(data, "keys", "antom-public.pem"))),
    });

    private static async Task Post(HttpClient http, string path, string body = "{}") =>
        (await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

    private static async Task<JsonObject> Notification(HttpClient http, string id) =>
        (JsonObject)JsonNode.Parse(await http.GetStringAsync($"kit/notifications?paymentRequestId={id}"))!["notifications"]!.AsArray().Single()!;

    [Fact]
    public async Task Killed_mid_schedule_then_restarted_it_keeps_payments_and_retries_on_schedule()
    {
        var clientId = "";
        string antomKey;
        DateTimeOffset started;
        MerchantWebhook webhook;
        using (var first = new SimulatorProcess(_data, "--clock", "virtual"))
        {
            using var control = new HttpClient { BaseAddress = first.BaseAddress };
            clientId = JsonNode.Parse(await control.GetStringAsync("kit"))!["sandboxClientId"]!.GetValue<string>();
            antomKey = await control.GetStringAsync("kit/keys/antom-public.pem");
            started = DateTimeOffset.Parse(JsonNode.Parse(await control.GetStringAsync("kit/clock"))!["now"]!.GetValue<string>());
            webhook = new MerchantWebhook(antomKey, clientId, failFirst: int.MaxValue);

            var session = await Client(first.BaseAddress, _data, clientId).CreatePaymentSessionAsync(RunningSimulator.Request("REQ-CRASH") with { PaymentNotifyUrl = webhook.Url });
            Assert.True(session.IsSuccess);
            await Post(control, "kit/payments/REQ-CRASH/approve");
            await Post(control, "kit/clock/advance", """{"seconds": 300}""");
            Assert.Equal(2, (await Notification(control, "REQ-CRASH"))["attempts"]!.AsArray().Count);
            first.Kill();
        }

        await using (webhook)
        using (var second = new SimulatorProcess(_data, "--clock", "virtual"))
        {
            using var control = new HttpClient { BaseAddress = second.BaseAddress };
            Assert.Equal(clientId, JsonNode.Parse(await control.GetStringAsync("kit"))!["sandboxClientId"]!.GetValue<string>());
            var pending = await Notification(control, "REQ-CRASH");
            Assert.Equal("pending", pending["state"]!.GetValue<string>());
            Assert.Equal(started + TimeSpan.FromMinutes(12), DateTimeOffset.Parse(pending["nextAttemptAt"]!.GetValue<string>()));

            var inquiry = await Client(second.BaseAddress, _data, clientId).InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "REQ-CRASH" });
            Assert.Equal(PaymentStatus.Success, inquiry.Body.PaymentStatus);

            await Post(control, "kit/clock/advance", """{"seconds": 90000}""");
            var done = await Notification(control, "REQ-CRASH");
            Assert.Equal("given-up", done["state"]!.GetValue<string>());
            var offsets = done["attempts"]!.AsArray().Select(a => (DateTimeOffset.Parse(a!["at"]!.GetValue<string>()) - started).TotalMinutes).ToList();
            Assert.Equal(new double[] { 0, 2, 12, 22, 82, 202, 562, 1462 }, offsets);
            Assert.Equal(8, webhook.Verified.Count);

            Assert.True(second.Terminate(TimeSpan.FromSeconds(20)), "SIGTERM should stop the simulator cleanly");
            Assert.Equal(0, second.ExitCode);
            Assert.Contains(second.Output, line => line.Contains("Kit simulator stopped."));
        }
    }

    [Fact]
    public void A_port_in_use_is_a_clear_message_and_exit_code_not_a_stack_trace()
    {
        using var first = new SimulatorProcess(_data);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Kit.Simulator.dll"), "--in-memory", "--urls", first.BaseAddress.ToString().TrimEnd('/') })
            start.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(start)!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(1, p.ExitCode);
        Assert.Contains("cannot listen on", error);
        Assert.Contains("--urls", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void A_bad_config_is_a_clear_message_and_exit_code_not_a_stack_trace()
    {
        var config = Path.Combine(_data, "clients.json");
        File.WriteAllText(config, """{ "clients": [ { "clientId": "SANDBOX_X", "publicKey": "not a key" } ] }""");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Kit.Simulator.dll"), "--in-memory", "--urls", $"http://127.0.0.1:{Kit.Simulator.Hosting.SimulatorHost.FreePort()}", "--config", config })
            start.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(start)!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(1, p.ExitCode);
        Assert.Contains("clients.json#/clients/0/publicKey", error);
        Assert.DoesNotContain("   at ", error);
    }
}
