using Kit.Contracts.Signing;
using Kit.Harness.Browser;
using Kit.Harness.Merchant;
using Kit.Simulator.Hosting;
using Microsoft.Playwright;
using Xunit;

namespace Kit.Browser.Tests;

/// <summary>
/// What every browser test shares: an in-memory simulator with a virtual clock, the merchant site registered with
/// it, and one Chromium process. Each test gets its own browser context (fresh storage), with Antom's hosts routed
/// to the simulator.
/// </summary>
public sealed class BrowserWorld : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 5, 0, 0, TimeSpan.Zero);

    public SimulatorHost Simulator { get; private set; } = null!;
    public MerchantSite Shop { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Control { get; private set; } = null!;

    /// <summary>Where tests leave screenshots for people to look at (TestResults/screenshots beside the test binaries).</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        Simulator = SimulatorHost.StartOnFreePort(new SimulatorOptions { InMemory = true, VirtualClockStart = Start });
        Control = new HttpClient { BaseAddress = Simulator.BaseAddress };
        Shop = await MerchantSite.StartAsync(Credentials(Simulator), HarnessWeb.Find());
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumLocator.Find(),
            Headless = true,
            Args = ChromiumArguments.Default,
        });
    }

    public static MerchantCredentials Credentials(SimulatorHost simulator) => new(
        simulator.BaseAddress, simulator.Clients.SandboxClientId, simulator.Clients.SandboxMerchantKey, AntomKeys.ImportPublicKey(simulator.Clients.AntomPublicKeyPem));

    /// <summary>A fresh context and page on the shop, with every Antom host answered by the simulator.</summary>
    public async Task<(MerchantPage Page, AntomHostRouter Router, IBrowserContext Context)> OpenShopAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var router = await AntomHostRouter.InstallAsync(context, Simulator.BaseAddress);
        var page = await MerchantPage.AttachAsync(await context.NewPageAsync());
        await page.OpenAsync(Shop.BaseAddress);
        return (page, router, context);
    }

    /// <summary>A screenshot for people to look at, taken once the SDK's popup animations have finished.</summary>
    public static async Task ScreenshotAsync(Kit.Harness.Merchant.MerchantPage page, string name)
    {
        await page.Page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await page.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png") });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Shop.DisposeAsync();
        Control.Dispose();
        Simulator.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserWorld>
{
    public const string Name = "browser";
}
