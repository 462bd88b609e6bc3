using Kit.Harness.Matrix;
using Microsoft.Playwright;

namespace Kit.Harness.Runner;

/// <summary>
/// A buyer's device as a browser context: viewport, user agent, touch and pixel ratio. The engine is this machine's
/// Chromium or Firefox, so iphone-ios11 and android-5 (the seed's minimums) check layout and the SDK's device
/// detection, not an old engine; the static compatibility check covers old engines.
/// </summary>
public static class DeviceProfiles
{
    /// <summary>
    /// The context for a device on an engine, and what of the device the engine cannot emulate (the cell's evidence,
    /// not its failure). Firefox has no mobile mode (Playwright refuses isMobile there: no meta-viewport layout and no
    /// mobile scroll bars); its viewport, user agent, touch and pixel ratio are kept.
    /// </summary>
    public static (BrowserNewContextOptions Options, IReadOnlyList<string> Limits) For(Device device, IPlaywright playwright, Engine engine)
    {
        var options = For(device, playwright);
        var limits = new List<string>();
        if (engine != Engine.Chromium && options.IsMobile == true)
        {
            options.IsMobile = null;
            limits.Add($"{engine.ToWireValue()} has no mobile mode (isMobile): the page is laid out as a desktop page in a phone-sized viewport, without the meta viewport");
        }
        // Firefox over WebDriver BiDi: the harness's certificate for Antom's hosts (AntomHostProxy) is its own.
        if (engine == Engine.Firefox)
        {
            options.IgnoreHTTPSErrors = true;
            limits.Add(Kit.Harness.Browser.CashierClick.FirefoxLimit);
        }
        return (options, limits);
    }

    private static BrowserNewContextOptions For(Device device, IPlaywright playwright) => device switch
    {
        Device.Iphone13 => new BrowserNewContextOptions(playwright.Devices["iPhone 13"]),
        Device.Pixel7 => new BrowserNewContextOptions(playwright.Devices["Pixel 7"]),
        Device.IphoneIos11 => new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 375, Height = 667 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            UserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 11_0 like Mac OS X) AppleWebKit/604.1.38 (KHTML, like Gecko) Version/11.0 Mobile/15A372 Safari/604.1",
        },
        Device.Android5 => new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 360, Height = 640 },
            DeviceScaleFactor = 3,
            IsMobile = true,
            HasTouch = true,
            UserAgent = "Mozilla/5.0 (Linux; Android 5.0; Nexus 5 Build/LRX21O) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/37.0.0.0 Mobile Safari/537.36",
        },
        _ => new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } },
    };

    /// <summary>The terminal type of the device: what the SDK reports (its own detection, from the user agent) and what the shop's backend sends.</summary>
    public static Kit.Contracts.Antom.TerminalType TerminalType(Device device) => device == Device.Desktop ? Kit.Contracts.Antom.TerminalType.Web : Kit.Contracts.Antom.TerminalType.Wap;
}
