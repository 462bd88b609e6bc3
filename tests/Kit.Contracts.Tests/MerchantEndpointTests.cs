using System.Net;
using System.Security.Cryptography;
using System.Text;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kit.Contracts.Tests;

/// <summary>The README's ASP.NET Core notify endpoint, running on Kestrel, receiving notifications signed as Antom signs them.</summary>
public sealed class MerchantEndpointTests
{
    private static readonly RSA AntomKey = RSA.Create(2048);
    private const string ClientId = "SANDBOX_5X00000000000000";

    [Fact]
    public async Task Readme_notify_endpoint_acknowledges_a_signed_notification_and_rejects_a_forged_one()
    {
        var received = new List<NotifyPaymentRequest>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();

        // --- as in README.md ---
        var receiver = new AntomNotificationReceiver(AntomKey, clientId: ClientId);
        app.MapPost("/antom/notify", async (HttpRequest http) =>
        {
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer);
            var result = receiver.ReceivePayment(name => http.Headers[name].FirstOrDefault(), http.Path, buffer.ToArray());
            if (!result.IsValid) return Results.BadRequest(result.Message);
            lock (received) received.Add(result.Notification!);
            return Results.Bytes(AntomNotificationReceiver.AcknowledgementBody, "application/json");
        });
        // ---
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        const string body = """{"notifyType":"PAYMENT_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"paymentRequestId":"REQ-9","paymentId":"P9","paymentAmount":{"currency":"IDR","value":"15000000"}}""";
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        var ok = await http.SendAsync(Notification(body, AntomKey));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(AntomNotificationReceiver.AcknowledgementJson, await ok.Content.ReadAsStringAsync());
        Assert.Equal("P9", Assert.Single(received).PaymentId);

        var forged = await http.SendAsync(Notification(body, RSA.Create(2048)));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("Mismatch", await forged.Content.ReadAsStringAsync());
        Assert.Single(received);
        await app.StopAsync();
    }

    private static HttpRequestMessage Notification(string body, RSA signWith)
    {
        const string time = "2026-11-26T05:08:56Z";
        var message = new HttpRequestMessage(HttpMethod.Post, "/antom/notify") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        message.Headers.Add("client-id", ClientId);
        message.Headers.Add("request-time", time);
        message.Headers.Add("signature", new AntomSigner(signWith).SignatureHeaderValue("POST", "/antom/notify", ClientId, time, Encoding.UTF8.GetBytes(body)));
        return message;
    }

    [Fact]
    public void Client_registers_as_a_typed_HttpClient()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new AntomClientOptions { ClientId = ClientId, MerchantPrivateKey = RSA.Create(2048), AntomPublicKey = AntomKey });
        services.AddHttpClient<AntomClient>(c => c.BaseAddress = AntomEndpoints.BaseAddress(AntomRegion.Asia));
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<AntomClient>());
    }
}
