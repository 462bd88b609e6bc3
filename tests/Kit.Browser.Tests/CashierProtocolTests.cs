using Xunit;

namespace Kit.Browser.Tests;

/// <summary>The cashier app obeys the SDK's rules (docs/web-sdk.md §6): messages only from its parent and for its instanceId, and silence on preload loads.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CashierProtocolTests(BrowserWorld world)
{
    [Fact]
    public async Task Messages_for_another_instance_or_from_another_window_are_ignored()
    {
        var (page, _, context) = await world.OpenShopAsync();
        await using var _ = context;
        await page.CheckoutAsync(new { locale = "en_US", displayMode = new { bankName = "BANGKOKBANK" } });
        var app = await page.WaitForCashierAsync();
        var banks = await app.Locator("button.kit-bank").CountAsync();
        Assert.True(banks > 0);

        const string emptyRender = "{\"name\":\"SDK_TO_APP\",\"instanceId\":\"%ID%\",\"context\":{\"event\":\"renderComponent\",\"data\":{\"queryResult\":{\"success\":true,\"banks\":[]}}}}";
        // From the parent, but for another instance.
        await page.Page.EvaluateAsync("m => document.querySelector('iframe[id^=ams-checkout-component]').contentWindow.postMessage(m, '*')", emptyRender.Replace("%ID%", "someone-else"));
        // For the right instance, but from the app's own window rather than the SDK's page.
        await app.EvaluateAsync("m => window.postMessage(m.replace('%ID%', new URLSearchParams(location.search).get('instanceId')), '*')", emptyRender);
        await page.Page.WaitForTimeoutAsync(500);
        Assert.Equal(banks, await app.Locator("button.kit-bank").CountAsync());
    }

    [Fact]
    public async Task Preload_loads_render_nothing_and_say_nothing()
    {
        var (page, _, context) = await world.OpenShopAsync();
        await using var _ = context;
        // The constructor alone adds the SDK's hidden preload iframes (isPreload=true).
        await page.Page.EvaluateAsync("() => { window.kitSdk = new AMSCashierPayment({ environment: 'sandbox', locale: 'en_US', onEventCallback: e => kitRecord('onEventCallback', e), onError: e => kitRecord('onError', e) }); }");
        await page.Page.WaitForFunctionAsync("() => [...document.querySelectorAll('iframe')].some(f => f.src.includes('isPreload=true'))");
        await page.Page.WaitForTimeoutAsync(1500);
        var preloads = page.Page.Frames.Where(f => f.Url.Contains("isPreload=true", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(preloads);
        foreach (var frame in preloads)
            Assert.Equal("", await frame.EvaluateAsync<string>("() => document.getElementById('kit-app').innerHTML"));
        Assert.Empty(await page.EventsAsync());
    }
}
