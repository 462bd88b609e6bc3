using Xunit;

namespace Kit.Browser.Tests;

/// <summary>
/// Every SDK error code of the seed guide can be provoked on purpose for one payment, and the real SDK then reports
/// it to the merchant page on the channel docs/web-sdk.md §7 describes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SdkFaultTests(BrowserWorld world)
{
    [Theory]
    [InlineData("appNonJsonMessage", "SDK_INTERNAL_ERROR", false)]
    [InlineData("malformedSessionData", "SDK_CREATEPAYMENT_PARAMETER_ERROR", true)]
    [InlineData("gatewayBusinessFailure", "SDK_CREATECOMPONENT_ERROR", true)]
    [InlineData("gatewayNetworkFailure", "SDK_CREATECOMPONENT_ERROR", true)]
    public async Task An_armed_fault_makes_the_SDK_report_its_code(string fault, string code, bool promiseRejects)
    {
        var (page, _, context) = await world.OpenShopAsync();
        await using var _ = context;
        await page.CheckoutAsync(new { locale = "en_US", fault });
        var error = await page.WaitForEventAsync("onError", code);
        Assert.Equal(code, error.Code);
        if (promiseRejects)
            await page.WaitForEventAsync("createComponent"); // rejected: see below
        var events = await page.EventsAsync();
        Assert.Equal(promiseRejects, events.Any(e => e.Channel == "createComponent" && e.Data?["rejected"] is not null));
        if (!promiseRejects) await page.WaitForEventAsync("onEventCallback", "SDK_END_OF_LOADING"); // the SDK keeps rendering
    }

    [Fact]
    public async Task An_unsupported_networkMode_is_SDK_INIT_PARAMETER_ERROR()
    {
        // The one code no server can cause: it comes from the merchant's own options (docs/web-sdk.md §2).
        var (page, _, context) = await world.OpenShopAsync();
        await using var _ = context;
        await page.CheckoutAsync(new { locale = "en_US", networkMode = "proxy" });
        await page.WaitForEventAsync("onError", "SDK_INIT_PARAMETER_ERROR");
    }

    [Fact]
    public async Task A_redirect_the_SDK_cannot_open_is_SDK_LAUNCH_PAYMENT_APP_ERROR_not_the_deprecated_SDK_CALL_URL_ERROR()
    {
        var (page, _, context) = await world.OpenShopAsync();
        await using var _ = context;
        await page.CheckoutAsync(new { locale = "en_US", fault = "redirectFails", displayMode = new { bankName = "KRUNGTHAIBANK" } });
        var app = await page.WaitForCashierAsync();
        await page.ClickAsync(app.Locator("button.kit-bank").First);
        await page.ClickAsync(app.Locator("#kit-approve"));
        await page.WaitForEventAsync("onEventCallback", "SDK_PAYMENT_SUCCESSFUL");
        await page.WaitForEventAsync("onEventCallback", "SDK_LAUNCH_PAYMENT_APP_ERROR");
        Assert.DoesNotContain(await page.EventsAsync(), e => e.Code == "SDK_CALL_URL_ERROR");
    }

    [Fact]
    public async Task An_app_that_never_launches_times_out_as_SDK_CREATECOMPONENT_ERROR()
    {
        var (page, _, context) = await world.OpenShopAsync();
        await using var _ = context;
        await page.Page.Clock.InstallAsync();
        await page.CheckoutAsync(new { locale = "en_US", fault = "appNeverLaunches" });
        await page.WaitForEventAsync("onEventCallback", "SDK_START_OF_LOADING");
        // START_OF_LOADING comes just before the SDK adds its iframe.
        await page.Page.WaitForFunctionAsync("() => [...document.querySelectorAll('iframe')].some(f => f.src.includes('index.1.47.2-kit-nolaunch.html'))");
        await page.Page.Clock.FastForwardAsync("00:16"); // past the SDK's 15 s load timeout, without waiting for it
        await page.WaitForEventAsync("onError", "SDK_CREATECOMPONENT_ERROR");
        await page.WaitForEventAsync("createComponent");
    }
}
