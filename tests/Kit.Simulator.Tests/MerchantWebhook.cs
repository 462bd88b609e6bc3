using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.Simulator.Tests;

/// <summary>A merchant's notify endpoint on Kestrel that verifies each notification with Kit and acknowledges after a chosen number of failures.</summary>
public sealed class MerchantWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _received;

    public MerchantWebhook(string antomPublicKeyPem, string clientId, int failFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        var receiver = new AntomNotificationReceiver(AntomKeys.ImportPublicKey(antomPublicKeyPem), clientId);
        _app.MapPost("/antom/notify", async (HttpRequest http) =>
        {
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer);
            var result = receiver.ReceivePayment(name => http.Headers[name].FirstOrDefault(), http.Path, buffer.ToArray());
            lock (Verified) Verified.Add(result);
            if (Interlocked.Increment(ref _received) <= failFirst) return Results.Text("""{"result":{"resultCode":"PROCESS_FAIL","resultStatus":"F","resultMessage":"busy"}}""", "application/json", statusCode: 500);
            return result.IsValid ? Results.Bytes(AntomNotificationReceiver.AcknowledgementBody, "application/json") : Results.BadRequest(result.Message);
        });
        _app.MapPost("/antom/refund-notify", async (HttpRequest http) =>
        {
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer);
            var result = receiver.ReceiveRefund(name => http.Headers[name].FirstOrDefault(), http.Path, buffer.ToArray());
            lock (VerifiedRefunds) VerifiedRefunds.Add(result);
            return result.IsValid ? Results.Bytes(AntomNotificationReceiver.AcknowledgementBody, "application/json") : Results.BadRequest(result.Message);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = address + "/antom/notify";
        RefundUrl = address + "/antom/refund-notify";
    }

    public string Url { get; }

    /// <summary>The refundNotifyUrl: notifyRefund, verified with <see cref="AntomNotificationReceiver.ReceiveRefund(Func{string, string?}, string, ReadOnlySpan{byte})"/>.</summary>
    public string RefundUrl { get; }

    public List<NotificationResult<Kit.Contracts.Antom.NotifyRefundRequest>> VerifiedRefunds { get; } = [];

    public List<NotificationResult<Kit.Contracts.Antom.NotifyPaymentRequest>> Verified { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
