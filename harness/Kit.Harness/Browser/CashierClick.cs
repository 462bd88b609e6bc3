using Microsoft.Playwright;

namespace Kit.Harness.Browser;

/// <summary>
/// The buyer's click on an element, once the SDK's popup has stopped moving. On Firefox, an element inside the SDK's
/// cross-origin iframe is clicked by the frame's own script (pointer and mouse events, then click()), because no input
/// from the driver reaches it under WebDriver BiDi (measured with firefox-esr 153.8 and Playwright 1.64: Playwright's
/// click finds the element "visible, enabled and stable", scrolls it into view, then reports "element is not visible"
/// until it times out; a mouse click at the element's point on the page hits the iframe, yet no mousedown arrives in
/// it; turning site isolation off makes element handles in the frame hang). Those events are untrusted (isTrusted is
/// false), which the cashier page does not look at; cells say so in their engine limits.
/// </summary>
public static class CashierClick
{
    public const string FirefoxLimit = "clicks inside the SDK's cross-origin iframe are the frame's own script events (isTrusted false): Firefox's WebDriver BiDi input does not reach that iframe";

    public static async Task ClickAsync(IPage page, ILocator target, float timeoutMs, bool touch = false)
    {
        await target.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = timeoutMs });
        await PageSettling.WaitAsync(page, timeoutMs);
        if (page.Context.Browser?.BrowserType.Name == "firefox" && await InChildFrameAsync(page, target))
        {
            await target.EvaluateAsync("""
                e => {
                  e.scrollIntoView({ block: 'center', inline: 'center' });
                  const r = e.getBoundingClientRect(), at = { bubbles: true, cancelable: true, composed: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 };
                  e.dispatchEvent(new PointerEvent('pointerdown', at)); e.dispatchEvent(new MouseEvent('mousedown', at));
                  e.dispatchEvent(new PointerEvent('pointerup', at)); e.dispatchEvent(new MouseEvent('mouseup', at));
                  e.click();
                }
                """, null, new LocatorEvaluateOptions { Timeout = timeoutMs });
            return;
        }
        if (touch) await target.TapAsync(new LocatorTapOptions { Timeout = timeoutMs });
        else await target.ClickAsync(new LocatorClickOptions { Timeout = timeoutMs });
    }

    private static async Task<bool> InChildFrameAsync(IPage page, ILocator target)
    {
        var element = await target.ElementHandleAsync();
        return await element.OwnerFrameAsync() is { } frame && frame != page.MainFrame;
    }
}
