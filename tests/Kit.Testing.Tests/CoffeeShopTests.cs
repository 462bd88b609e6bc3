using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kit.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace Kit.Testing.Tests;

/// <summary>
/// The README's example, run: a merchant's own ASP.NET Core app (examples/coffee-shop, no Kit code in it) hosted by
/// WebApplicationFactory on Kestrel (any public type of the app names its entry assembly), its Antom settings pointed at the in-process simulator, tested from its own
/// HTTP API: the checkout creates a real signed session, the buyer pays through the control API, the simulator's
/// signed notification reaches the shop's endpoint and the shop acknowledges it the way Antom requires.
/// </summary>
public sealed class CoffeeShopTests : IClassFixture<KitSimulatorFixture>, IAsyncLifetime
{
    private readonly KitSimulatorFixture _antom;
    private readonly WebApplicationFactory<CoffeeShop.AntomApi> _shop;
    private HttpClient _http = null!;

    public CoffeeShopTests(KitSimulatorFixture antom)
    {
        _antom = antom;
        _shop = new WebApplicationFactory<CoffeeShop.AntomApi>().WithWebHostBuilder(web => web
            .UseSetting("Antom:GatewayUrl", antom.BaseAddress.ToString())
            .UseSetting("Antom:ClientId", antom.ClientId)
            .UseSetting("Antom:MerchantPrivateKeyFile", antom.Keys.MerchantPrivateKeyBase64File)
            .UseSetting("Antom:AntomPublicKeyFile", antom.Keys.AntomPublicKeyBase64File));
        // A real socket: the simulator delivers notifyPayment to the shop over HTTP, as Antom would.
        _shop.UseKestrel(0);
    }

    public Task InitializeAsync()
    {
        _shop.StartServer();
        _http = _shop.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _shop.DisposeAsync();
    }

    [Fact]
    public async Task A_paid_order_is_paid_by_the_notification_the_shop_acknowledged()
    {
        var orderId = await CheckoutAsync();
        Assert.Equal("pending", (await OrderAsync(orderId))["status"]!.GetValue<string>());

        await _antom.Control.ApproveAsync(orderId);
        var notification = await _antom.Control.WaitForNotificationAsync(orderId);

        Assert.Equal("delivered", notification.State);
        Assert.True(notification.Acknowledged, "the shop answered Antom's SUCCESS body");
        Assert.EndsWith("/antom/notify", notification.Url);
        var order = await OrderAsync(orderId);
        Assert.Equal(("paid", "notification"), (order["status"]!.GetValue<string>(), order["source"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Without_a_notification_the_shop_inquires_and_sees_the_decline()
    {
        await _antom.Control.WithholdNotificationsAsync(true);
        try
        {
            var orderId = await CheckoutAsync();
            await _antom.Control.DeclineAsync(orderId, "USER_BALANCE_NOT_ENOUGH");

            var order = await OrderAsync(orderId);
            Assert.Equal(("failed", "inquiry"), (order["status"]!.GetValue<string>(), order["source"]!.GetValue<string>()));
            var calls = await _antom.Control.GetMerchantCallsAsync();
            Assert.Contains(calls, c => c.Operation == "inquiryPayment" && c.PaymentRequestId == orderId && c.Valid);
            Assert.Equal("withheld", Assert.Single(await _antom.Control.GetNotificationsAsync(orderId)).State);
        }
        finally
        {
            await _antom.Control.WithholdNotificationsAsync(false);
        }
    }

    [Fact]
    public async Task An_Antom_outage_reaches_the_buyer_as_the_shops_own_error()
    {
        await _antom.Control.ArmMerchantFaultAsync("http-503", operation: "createPaymentSession");

        using var response = await _http.PostAsJsonAsync("/api/checkout", new { method = "paymentMethodCategory=ONLINE_BANKING" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("503", (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>());
        Assert.Empty(await _antom.Control.GetArmedMerchantFaultsAsync());
    }

    private async Task<string> CheckoutAsync()
    {
        using var response = await _http.PostAsJsonAsync("/api/checkout", new { method = "paymentMethodCategory=ONLINE_BANKING" });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(response.IsSuccessStatusCode, body?.ToJsonString());
        Assert.False(string.IsNullOrEmpty(body!["paymentSessionData"]?.GetValue<string>()));
        return body["orderId"]!.GetValue<string>();
    }

    private async Task<JsonObject> OrderAsync(string orderId) => (await _http.GetFromJsonAsync<JsonObject>($"/api/orders/{orderId}"))!;
}
