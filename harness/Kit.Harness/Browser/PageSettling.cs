using Microsoft.Playwright;

namespace Kit.Harness.Browser;

/// <summary>
/// Waiting for the SDK's popup animations (zoom in, slide up, resize) to end, so a click lands where the buyer sees
/// the button: during an animation the cashier moves under the pointer.
/// </summary>
public static class PageSettling
{
    public static async Task WaitAsync(IPage page, float timeoutMs) =>
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')",
            null, new PageWaitForFunctionOptions { Timeout = timeoutMs, PollingInterval = 50 });
}
