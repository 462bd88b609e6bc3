using System.Text.Json.Nodes;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Kit.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>
/// One simulator, many merchants' webhooks, as on a shared QA server: whatever one endpoint does (refuse, not exist,
/// hang, redirect, answer without end, or be a URL the transport cannot even use), that notification's attempt is
/// recorded with the reason and retried on schedule, the others are delivered meanwhile, and no control call fails.
/// </summary>
public sealed class DeliveryIsolationTests : IAsyncLifetime
{
    private readonly RunningSimulator _sim = new(o => o with { Delivery = new DeliveryLimits(TimeSpan.FromSeconds(2), 64 * 1024) });
    private readonly TaskCompletionSource _releaseSlow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _hooks = null!;
    private string _base = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _hooks = builder.Build();
        _hooks.MapPost("/fast", () => Results.Bytes(AntomNotificationReceiver.AcknowledgementBody, "application/json"));
        _hooks.MapPost("/redirect", () => Results.Redirect("/fast", permanent: false, preserveMethod: true));
        _hooks.MapPost("/slow", async () => { await _releaseSlow.Task.WaitAsync(TimeSpan.FromSeconds(60)); return Results.Bytes(AntomNotificationReceiver.AcknowledgementBody, "application/json"); });
        _hooks.MapPost("/endless", async (HttpContext http) =>
        {
            http.Response.ContentType = "application/json";
            var chunk = System.Text.Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            try { while (!http.RequestAborted.IsCancellationRequested) await http.Response.Body.WriteAsync(chunk, http.RequestAborted); }
            catch (OperationCanceledException) { }
        });
        await _hooks.StartAsync();
        _base = _hooks.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        _releaseSlow.TrySetResult();
        await _hooks.StopAsync();
        await _hooks.DisposeAsync();
        _sim.Dispose();
    }

    private async Task Pay(string id, string notifyUrl)
    {
        var created = await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request(id) with { PaymentNotifyUrl = notifyUrl });
        Assert.True(created.IsSuccess, created.Result.ResultMessage);
        await _sim.Post($"/kit/payments/{id}/approve");
    }

    private async Task<JsonObject> Notification(string id, int waitSeconds = 15) =>
        (JsonObject)JsonNode.Parse(await _sim.Control.GetStringAsync($"/kit/notifications?paymentRequestId={id}&waitSeconds={waitSeconds}"))!["notifications"]![0]!;

    private static string FirstError(JsonObject n) => n["attempts"]![0]!["error"]?.GetValue<string>() ?? "(no error)";

    [Fact]
    public async Task A_fast_webhook_is_delivered_while_slow_dead_and_broken_ones_fail_on_their_own()
    {
        await Pay("REQ-SLOW-1", _base + "/slow");
        await Pay("REQ-SLOW-2", _base + "/slow");
        await Pay("REQ-SLOW-3", _base + "/slow");
        await Pay("REQ-DEAD", "http://127.0.0.1:1/notify");
        await Pay("REQ-NO-DNS", "http://kit-no-such-host.invalid/notify");
        await Pay("REQ-REDIRECT", _base + "/redirect");
        await Pay("REQ-ENDLESS", _base + "/endless");
        await Pay("REQ-FAST", _base + "/fast");

        // The fast one is acknowledged while the three slow ones still hold their connections.
        var fast = await Notification("REQ-FAST");
        Assert.False(_releaseSlow.Task.IsCompleted);
        Assert.Equal("delivered", fast["state"]!.GetValue<string>());

        Assert.Contains("refused", FirstError(await Notification("REQ-DEAD")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("kit-no-such-host.invalid", FirstError(await Notification("REQ-NO-DNS")));
        var redirect = await Notification("REQ-REDIRECT");
        Assert.Equal(307, redirect["attempts"]![0]!["statusCode"]!.GetValue<int>());
        Assert.Contains("not followed", FirstError(redirect));
        Assert.Equal("pending", redirect["state"]!.GetValue<string>()); // retried on schedule, not "delivered"
        var endless = await Notification("REQ-ENDLESS");
        Assert.Contains("longer than 65536 bytes", FirstError(endless));
        Assert.Equal(2048, endless["attempts"]![0]!["response"]!.GetValue<string>().Length); // what is kept of it
        var slow = await Notification("REQ-SLOW-1");
        Assert.Contains("within 2 s", FirstError(slow));
        foreach (var id in new[] { "REQ-DEAD", "REQ-NO-DNS", "REQ-ENDLESS", "REQ-SLOW-1" })
            Assert.Equal("pending", (await Notification(id))["state"]!.GetValue<string>());

        // The retries fall due together: the clock advance waits for them, in parallel, and answers.
        var advanced = await _sim.Control.PostAsync("/kit/clock/advance", new StringContent("""{"seconds": 121}"""));
        Assert.True(advanced.IsSuccessStatusCode, await advanced.Content.ReadAsStringAsync());
        Assert.Equal(2, (await Notification("REQ-DEAD"))["attempts"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_outbox_entry_the_transport_cannot_use_is_a_failed_attempt_and_blocks_nothing()
    {
        // A notification with a URL no HTTP client can call, as an older outbox could hold: the attempt fails with
        // the reason, and the next merchant's notification goes out.
        _sim.Host.Store.AddNotification(new Kit.Simulator.Engine.NotificationTarget(_sim.Host.Clients.SandboxClientId, "REQ-FTP", null, "notifyPayment", "ftp://127.0.0.1:1/x"), "{}", RunningSimulator.Start, retries: true);
        await Pay("REQ-AFTER-FTP", _base + "/fast");
        Assert.Equal("delivered", (await Notification("REQ-AFTER-FTP"))["state"]!.GetValue<string>());
        var ftp = await Notification("REQ-FTP");
        Assert.Contains("ftp", FirstError(ftp));
        Assert.Equal("pending", ftp["state"]!.GetValue<string>());
        Assert.True((await _sim.Control.PostAsync("/kit/clock/advance", new StringContent("""{"seconds": 600}"""))).IsSuccessStatusCode);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:1/x", "paymentNotifyUrl must be an absolute http:// or https:// URL")]
    [InlineData("mailto:shop@example.com", "paymentNotifyUrl must be an absolute http:// or https:// URL")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "paymentNotifyUrl points at 169.254.169.254, a link-local address")]
    [InlineData("http://[fe80::1]/notify", "paymentNotifyUrl points at fe80::1, a link-local address")]
    public async Task A_notify_url_the_simulator_must_not_call_is_refused_when_it_arrives(string url, string message)
    {
        var created = await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-URL") with { PaymentNotifyUrl = url });
        Assert.Equal("PARAM_ILLEGAL", created.Result.ResultCode);
        Assert.StartsWith(message, created.Result.ResultMessage);
        var redirect = await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-URL-2") with { PaymentRedirectUrl = "javascript:alert(1)" });
        Assert.StartsWith("paymentRedirectUrl must be an absolute http:// or https:// URL", redirect.Result.ResultMessage);
    }

    [Fact]
    public async Task Link_local_notify_urls_are_taken_when_the_operator_allows_them()
    {
        using var allowing = new RunningSimulator(o => o with { AllowLinkLocalNotifyUrls = true });
        var created = await allowing.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-LL") with { PaymentNotifyUrl = "http://169.254.169.254/notify" });
        Assert.True(created.IsSuccess, created.Result.ResultMessage);
    }
}
