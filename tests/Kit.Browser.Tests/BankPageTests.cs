using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kit.Harness.Merchant;
using Microsoft.Playwright;
using Xunit;

namespace Kit.Browser.Tests;

/// <summary>
/// The simulated bank page drives the engine: the buyer's approve, decline or abandon becomes the payment's result,
/// the signed notifyPayment the shop's backend acknowledges, inquiryPayment's answer, the SDK_PAYMENT_* event on the
/// merchant page and, as with Antom, the return to paymentRedirectUrl.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BankPageTests(BrowserWorld world)
{
    [Fact]
    public async Task Paying_through_reaches_SUCCESS_with_the_notification_acknowledged_and_inquiry_agreeing()
    {
        var (page, router, context) = await world.OpenShopAsync();
        await using var _ = context;
        var session = await page.CheckoutAsync(new { locale = "th_TH", displayMode = new { paymentMethodCategory = "ONLINE_BANKING" } });
        var requestId = session["paymentRequestId"]!.GetValue<string>();
        var app = await page.WaitForCashierAsync();
        Assert.Equal("฿1,250.00", await app.Locator("#kit-amount").TextContentAsync());
        await page.ClickAsync(app.Locator("button.kit-bank[data-method-type=ONLINEBANKING_KASIKORNBANK]"));
        Assert.Equal("ธนาคารกสิกรไทย", await app.Locator("#kit-bank-page h1").TextContentAsync());
        await BrowserWorld.ScreenshotAsync(page, "bank-page-th_TH");
        await page.ClickAsync(app.Locator("#kit-approve"));

        var paid = await page.WaitForEventAsync("onEventCallback", "SDK_PAYMENT_SUCCESSFUL");
        // Then the SDK takes the buyer back to the shop's paymentRedirectUrl.
        await page.Page.WaitForURLAsync($"**/return?paymentRequestId={requestId}", new PageWaitForURLOptions { Timeout = 15_000 });
        Assert.Equal("Back at the shop", await page.Page.Locator("#returned").TextContentAsync());

        var notification = await WaitForNotificationAsync(requestId);
        Assert.True(notification.Valid, notification.Message);
        Assert.Equal("S", notification.ResultStatus);
        Assert.Equal("SUCCESS", notification.ResultCode);
        var shop = await world.Shop.BaseAddress.GetFromJsonAsync(requestId);
        Assert.Equal("Success", shop["paymentStatus"]?.GetValue<string>());
        Assert.Equal("ONLINEBANKING_KASIKORNBANK", shop["paymentMethodType"]?.GetValue<string>());
        var log = await world.Control.GetFromJsonAsync<JsonObject>($"/kit/notifications?paymentRequestId={requestId}&waitSeconds=10");
        var delivery = log!["notifications"]![0]!;
        Assert.Equal("delivered", delivery["state"]!.GetValue<string>());
        Assert.True(delivery["attempts"]![0]!["acknowledged"]!.GetValue<bool>());
        Assert.NotNull(paid);
        Assert.Empty(router.Unexpected);
    }

    [Fact]
    public async Task On_a_phone_a_mobile_banking_app_pays_through_to_the_notification_and_the_return()
    {
        // The shop's backend sends the buyer's terminal type (WAP on an iPhone); the gateway, the cashier and the bank
        // step all go by it, so the bank apps offered on the phone can be paid with.
        var (page, router, context) = await world.OpenShopAsync(new BrowserNewContextOptions(world.Playwright.Devices["iPhone 13"]));
        await using var _ = context;
        var session = await page.CheckoutAsync(new { locale = "th_TH", displayMode = new { paymentMethodCategory = "MOBILE_BANKING_APP" } });
        var requestId = session["paymentRequestId"]!.GetValue<string>();
        var app = await page.WaitForCashierAsync();
        await page.ClickAsync(app.Locator("button.kit-bank[data-method-type=BANKAPP_SIAMCOMMERCIALBANK]"));
        await page.ClickAsync(app.Locator("#kit-approve"));

        await page.WaitForEventAsync("onEventCallback", "SDK_PAYMENT_SUCCESSFUL");
        await page.Page.WaitForURLAsync($"**/return?paymentRequestId={requestId}", new PageWaitForURLOptions { Timeout = 15_000 });
        var notification = await WaitForNotificationAsync(requestId);
        Assert.True(notification.Valid, notification.Message);
        Assert.Equal(("S", "SUCCESS"), (notification.ResultStatus, notification.ResultCode));
        Assert.Equal("BANKAPP_SIAMCOMMERCIALBANK", (await world.Shop.BaseAddress.GetFromJsonAsync(requestId))["paymentMethodType"]?.GetValue<string>());
        Assert.Empty(router.Unexpected);
    }

    [Fact]
    public async Task Declining_with_a_reason_fails_the_payment_with_that_code()
    {
        var (page, _, context) = await world.OpenShopAsync();
        await using var _ = context;
        var session = await page.CheckoutAsync(new { locale = "in_ID", displayMode = new { paymentMethodRegion = "ID" }, amount = new { currency = "IDR", value = "25000000" }, notRedirectAfterComplete = true });
        var requestId = session["paymentRequestId"]!.GetValue<string>();
        var app = await page.WaitForCashierAsync();
        // IDR 25000000 in Antom's minor units is Rp 250.000 (whole rupiah), not 25 million.
        Assert.Matches(@"^Rp\s?250\.000$", await app.Locator("#kit-amount").TextContentAsync());
        await page.ClickAsync(app.Locator("button.kit-bank[data-bank-code=BNI]"));
        await app.Locator("#kit-reason").SelectOptionAsync("USER_BALANCE_NOT_ENOUGH");
        await page.ClickAsync(app.Locator("#kit-decline"));

        await page.WaitForEventAsync("onEventCallback", "SDK_PAYMENT_FAIL");
        Assert.Equal("Pembayaran gagal", await app.Locator("#kit-result h2").TextContentAsync());
        await BrowserWorld.ScreenshotAsync(page, "declined-in_ID");
        var notification = await WaitForNotificationAsync(requestId);
        Assert.Equal(("F", "USER_BALANCE_NOT_ENOUGH"), (notification.ResultStatus, notification.ResultCode));
        var shop = await world.Shop.BaseAddress.GetFromJsonAsync(requestId);
        Assert.Equal(("Fail", "USER_BALANCE_NOT_ENOUGH"), (shop["paymentStatus"]?.GetValue<string>(), shop["resultCode"]?.GetValue<string>()));
        // notRedirectAfterComplete: the merchant page stays.
        Assert.StartsWith(world.Shop.BaseAddress.ToString(), page.Page.Url);
        Assert.DoesNotContain("/return", page.Page.Url);
    }

    [Fact]
    public async Task Abandoning_the_bank_page_leaves_the_payment_open_until_it_expires()
    {
        var (page, _, context) = await world.OpenShopAsync();
        await using var _ = context;
        var session = await page.CheckoutAsync(new { locale = "en_US", displayMode = new { bankName = "BANGKOKBANK" } });
        var requestId = session["paymentRequestId"]!.GetValue<string>();
        var app = await page.WaitForCashierAsync();
        await page.ClickAsync(app.Locator("button.kit-bank[data-method-type=ONLINEBANKING_BANGKOKBANK]"));
        await page.ClickAsync(app.Locator("#kit-abandon"));
        await page.WaitForEventAsync("onEventCallback", "SDK_PAYMENT_CANCEL");
        await app.Locator("#kit-bank-list").WaitForAsync(); // back to the banks: the buyer may choose again
        Assert.Equal("Processing", (await world.Shop.BaseAddress.GetFromJsonAsync(requestId))["paymentStatus"]?.GetValue<string>());

        // Virtual time: the online banking timeout (14 min) passes without payment.
        world.Simulator.AdvanceClock(TimeSpan.FromMinutes(61));
        var notification = await WaitForNotificationAsync(requestId);
        Assert.Equal(("F", "ORDER_CLOSED"), (notification.ResultStatus, notification.ResultCode));
        Assert.Equal("Fail", (await world.Shop.BaseAddress.GetFromJsonAsync(requestId))["paymentStatus"]?.GetValue<string>());
    }

    private async Task<ReceivedNotification> WaitForNotificationAsync(string requestId)
    {
        for (var i = 0; i < 100; i++)
        {
            if (world.Shop.Notifications.FirstOrDefault(n => n.PaymentRequestId == requestId) is { } n) return n;
            await Task.Delay(100);
        }
        throw new TimeoutException($"the shop received no notifyPayment for {requestId} within 10 s");
    }
}

internal static class ShopQueries
{
    /// <summary>The shop backend's view of a payment: its notifications and inquiryPayment's answer.</summary>
    public static async Task<JsonObject> GetFromJsonAsync(this Uri shop, string paymentRequestId)
    {
        using var http = new HttpClient { BaseAddress = shop };
        return (await http.GetFromJsonAsync<JsonObject>($"api/payments/{paymentRequestId}"))!;
    }
}
