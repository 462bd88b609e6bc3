using Kit.Simulator.Engine;
using Microsoft.Playwright;
using Xunit;

namespace Kit.Browser.Tests;

/// <summary>
/// The real SDK renders Kit's cashier in every display mode of the seed guide and every language: it reaches
/// SDK_END_OF_LOADING, and the page shows the banks the catalog offers for that mode, device and amount, named in the
/// buyer's language, or says in that language why there are none.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CashierRenderingTests(BrowserWorld world)
{
    private static readonly BankCatalog Catalog = BankCatalog.LoadEmbedded();

    public static TheoryData<string, string, string> ModesAndLocales()
    {
        var data = new TheoryData<string, string, string>();
        (string, string)[] modes =
        [
            ("bankName", "KASIKORNBANK"), ("paymentMethodCategory", "ONLINE_BANKING"), ("paymentMethodCategory", "BANK_TRANSFER"),
            ("paymentMethodCategory", "MOBILE_BANKING_APP"), ("paymentMethodRegion", "TH"), ("paymentMethodRegion", "ID"),
        ];
        foreach (var (key, value) in modes)
            foreach (var locale in new[] { "en_US", "th_TH", "in_ID" })
                data.Add(key, value, locale);
        data.Add("paymentMethodRegion", "TH", "fr_FR"); // not a cashier language: English
        return data;
    }

    [Theory]
    [MemberData(nameof(ModesAndLocales))]
    public async Task Every_display_mode_renders_the_right_banks_in_the_buyers_language(string modeKey, string modeValue, string locale)
    {
        var (page, router, context) = await world.OpenShopAsync();
        await using var _ = context;
        var amount = modeValue == "ID" ? new { currency = "IDR", value = "15000000" } : new { currency = "THB", value = "125000" };

        var session = await page.CheckoutAsync(new { locale, displayMode = new Dictionary<string, string> { [modeKey] = modeValue }, amount });
        Assert.Equal("SUCCESS", session["resultCode"]?.GetValue<string>());
        await page.WaitForEventAsync("onEventCallback", "SDK_END_OF_LOADING");
        var events = (await page.EventsAsync()).ToList();
        Assert.True(events.FindIndex(e => e.Code == "SDK_START_OF_LOADING") < events.FindIndex(e => e.Code == "SDK_END_OF_LOADING"), string.Join("\n", events));
        Assert.Contains(events, e => e.Channel == "createComponent" && e.Data is System.Text.Json.Nodes.JsonObject o && o.ContainsKey("resolved"));
        Assert.DoesNotContain(events, e => e.Channel == "onError");

        var app = page.RequireAppFrame();
        Assert.Contains($"locale={locale}", app.Url);
        Assert.Contains("/CASHIER_PAYMENT_BANK/1.0/index.1.47.2.html", app.Url);
        var expected = Catalog.Offer(
            modeKey == "bankName" ? modeValue : null, modeKey == "paymentMethodCategory" ? modeValue : null, modeKey == "paymentMethodRegion" ? modeValue : null,
            Kit.Contracts.Antom.TerminalType.Web, amount.currency, amount.value);
        var shown = await app.Locator("button.kit-bank").EvaluateAllAsync<string[][]>(
            "buttons => buttons.map(b => [b.dataset.methodType, b.querySelector('.kit-bank-name').textContent])");
        var cashierLanguage = locale is "th_TH" or "in_ID" ? locale : "en_US";
        // Grouped by way of paying on the page, so compare without order.
        Assert.Equal(
            expected.Offers.Select(o => $"{o.Method.PaymentMethodType}={BankCatalog.Name(o.Bank, cashierLanguage)}").Order(),
            shown.Select(s => $"{s[0]}={s[1]}").Order());
        Assert.Equal(cashierLanguage[..2] == "in" ? "id" : cashierLanguage[..2], await app.EvaluateAsync<string>("() => document.documentElement.lang"));
        if (expected.Offers.Count == 0)
        {
            var empty = app.Locator("#kit-empty");
            Assert.Equal(expected.Reason.ToString(), await empty.GetAttributeAsync("data-reason"));
            Assert.False(string.IsNullOrWhiteSpace(await empty.TextContentAsync()));
        }
        // The iframe is shown: the SDK sized it from onSizeChanged and made it opaque.
        var frameStyle = await page.Page.Locator("iframe[id^=ams-checkout-component]").GetAttributeAsync("style") ?? "";
        Assert.DoesNotContain("opacity: 0", frameStyle);
        Assert.Empty(router.Unexpected);
        await BrowserWorld.ScreenshotAsync(page, $"{modeKey}-{modeValue}-{locale}");
    }

    [Theory]
    [InlineData("sandbox", "&shadow=true")]
    [InlineData("prod", "")]
    [InlineData("light_sandbox", "&sandbox=true")]
    [InlineData("SANDBOX", "")] // SDK 1.47.2 treats upper-case SANDBOX as prod (docs/web-sdk.md §2)
    public async Task Every_environment_reaches_the_simulators_cashier(string environment, string iframeFlag)
    {
        var (page, router, context) = await world.OpenShopAsync();
        await using var _ = context;
        await page.CheckoutAsync(new { locale = "en_US", environment });
        var app = await page.WaitForCashierAsync();
        Assert.True(await app.Locator("button.kit-bank").CountAsync() > 0);
        if (iframeFlag.Length > 0) Assert.Contains(iframeFlag, app.Url);
        else Assert.DoesNotContain("&shadow=true", app.Url);
        Assert.Contains(router.Requests, r => r.Url.EndsWith("/mgw.htm", StringComparison.Ordinal) && r.Answer == "simulator 200");
        Assert.Empty(router.Unexpected);
    }

    [Fact]
    public async Task An_amount_outside_every_banks_limits_offers_nothing_and_says_why()
    {
        var (page, _, context) = await world.OpenShopAsync();
        await using var _ = context;
        // 6,000,000.00 THB: above every Thai bank's maximum in the catalog.
        await page.CheckoutAsync(new { locale = "th_TH", displayMode = new { paymentMethodRegion = "TH" }, amount = new { currency = "THB", value = "600000000" } });
        await page.WaitForEventAsync("onEventCallback", "SDK_END_OF_LOADING");
        var empty = page.RequireAppFrame().Locator("#kit-empty");
        Assert.Equal("AmountOutsideLimits", await empty.GetAttributeAsync("data-reason"));
        Assert.StartsWith("ยอดชำระนี้อยู่นอกวงเงิน", await empty.TextContentAsync());
        Assert.Equal(0, await page.RequireAppFrame().Locator("button.kit-bank").CountAsync());
    }

    [Fact]
    public async Task Thai_bank_names_and_the_desktop_mobile_app_rule_read_as_a_Thai_buyer_expects()
    {
        var (page, _, context) = await world.OpenShopAsync();
        await using var _ = context;
        await page.CheckoutAsync(new { locale = "th_TH", displayMode = new { paymentMethodCategory = "MOBILE_BANKING_APP" } });
        var app = await page.WaitForCashierAsync();
        Assert.Equal("เลือกธนาคารของคุณ", await app.Locator("h1").First.TextContentAsync());
        Assert.StartsWith("แอปโมบายแบงก์กิ้งเปิดได้เฉพาะบนโทรศัพท์มือถือ", await app.Locator("#kit-empty").TextContentAsync());
    }

    [Fact]
    public async Task On_a_phone_the_mobile_banking_apps_are_offered()
    {
        var iPhone = world.Playwright.Devices["iPhone 13"];
        var (page, router, context) = await world.OpenShopAsync(new BrowserNewContextOptions(iPhone));
        await using var _ = context;
        await page.CheckoutAsync(new { locale = "in_ID", displayMode = new { paymentMethodCategory = "MOBILE_BANKING_APP" } });
        await page.WaitForEventAsync("onEventCallback", "SDK_END_OF_LOADING");
        Assert.Contains(page.RequireAppFrame().Url, page.Page.Frames.Select(f => f.Url));
        var types = await page.RequireAppFrame().Locator("button.kit-bank").EvaluateAllAsync<string[]>("bs => bs.map(b => b.dataset.methodType)");
        Assert.Equal(Catalog.Offer(null, "MOBILE_BANKING_APP", null, Kit.Contracts.Antom.TerminalType.Wap, "THB", "125000").Offers.Select(o => o.Method.PaymentMethodType), types);
        Assert.NotEmpty(types);
        Assert.Empty(router.Unexpected);
        await BrowserWorld.ScreenshotAsync(page, "phone-MOBILE_BANKING_APP-in_ID");
    }

    [Fact]
    public async Task The_leave_dialog_speaks_the_buyers_language()
    {
        var (page, _, context) = await world.OpenShopAsync();
        await using var _ = context;
        await page.CheckoutAsync(new { locale = "in_ID" });
        await page.WaitForEventAsync("onEventCallback", "SDK_END_OF_LOADING");
        // declareCheckoutInfo replaced the SDK's hard-coded English dialog.
        Assert.Equal("Tinggalkan pembayaran ini?", (await page.Page.Locator("#ams-component-retention-title").TextContentAsync())?.Trim());
        Assert.Equal("Keluar", (await page.Page.Locator("#ams-component-retention-leave").TextContentAsync())?.Trim());
        Assert.Equal("Lanjutkan pembayaran", (await page.Page.Locator("#ams-component-retention-remain").TextContentAsync())?.Trim());
    }
}
