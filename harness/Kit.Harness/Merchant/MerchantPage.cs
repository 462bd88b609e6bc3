using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Kit.Harness.Merchant;

/// <summary>One thing the merchant page recorded: an SDK callback (onEventCallback, onError, onClose), the createComponent promise, or the backend.</summary>
public sealed record PageEvent(int Milliseconds, string Channel, JsonNode? Data)
{
    public string? Code => Data is JsonObject o && o["code"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public override string ToString() => $"+{Milliseconds}ms {Channel} {Data?.ToJsonString()}";
}

/// <summary>
/// Drives the merchant page in a browser page: starts a checkout as the buyer's click would, and reads what the SDK
/// reported. The page hands every event to the harness as it records it (an exposed function), so the record
/// survives the page navigating away (the return to paymentRedirectUrl) and reading it never waits on a busy page.
/// </summary>
public sealed class MerchantPage
{
    private readonly IPage _page;
    private readonly List<PageEvent> _events = [];

    private MerchantPage(IPage page) => _page = page;

    public IPage Page => _page;

    public static async Task<MerchantPage> AttachAsync(IPage page)
    {
        var merchant = new MerchantPage(page);
        await page.ExposeFunctionAsync<string>("kitReport", merchant.Receive);
        return merchant;
    }

    private void Receive(string json)
    {
        using var document = JsonDocument.Parse(json);
        var e = document.RootElement;
        var data = e.TryGetProperty("data", out var d) ? JsonNode.Parse(d.GetRawText()) : null;
        lock (_events) _events.Add(new PageEvent(e.GetProperty("t").GetInt32(), e.GetProperty("channel").GetString()!, data));
    }

    public async Task OpenAsync(Uri shop) => await _page.GotoAsync(shop.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load });

    /// <summary>Runs window.kitCheckout(options) (see merchant.js): the backend creates the session, then createComponent.</summary>
    /// <returns>The backend's answer: paymentRequestId, resultCode, paymentSessionData.</returns>
    public async Task<JsonObject> CheckoutAsync(object options)
    {
        var answer = await _page.EvaluateAsync<string>("options => window.kitCheckout(options).then(JSON.stringify)", options);
        return JsonNode.Parse(answer)!.AsObject();
    }

    public Task<IReadOnlyList<PageEvent>> EventsAsync()
    {
        lock (_events) return Task.FromResult<IReadOnlyList<PageEvent>>(_events.ToList());
    }

    /// <summary>Forgets the events so far (a scenario that pays again waits for the second round).</summary>
    public void ClearEvents()
    {
        lock (_events) _events.Clear();
    }

    /// <summary>Waits until the page has recorded an event on <paramref name="channel"/> (with <paramref name="code"/>, if given).</summary>
    public async Task<PageEvent> WaitForEventAsync(string channel, string? code = null, float timeoutMs = 20_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            lock (_events)
                if (_events.FirstOrDefault(e => e.Channel == channel && (code is null || e.Code == code)) is { } found) return found;
            if (DateTime.UtcNow > deadline) break;
            await Task.Delay(50);
        }
        string cashier;
        try { cashier = AppFrame is { } frame ? await frame.EvaluateAsync<string>("() => document.body.innerText") : "(no cashier frame)"; }
        catch (PlaywrightException) { cashier = "(the cashier frame is gone)"; }
        throw new TimeoutException($"no {channel} {code} within {timeoutMs} ms; the page recorded:\n  {string.Join("\n  ", await EventsAsync())}\nthe cashier shows: {cashier}");
    }

    /// <summary>
    /// Waits for SDK_END_OF_LOADING and then for the SDK's popup animations (zoom in, slide up, resize) to end, so a
    /// click lands where the buyer sees the button: during the animation the cashier moves under the pointer.
    /// </summary>
    public async Task<IFrame> WaitForCashierAsync(float timeoutMs = 20_000)
    {
        await WaitForEventAsync("onEventCallback", "SDK_END_OF_LOADING", timeoutMs);
        await SettledAsync(timeoutMs);
        return RequireAppFrame();
    }

    /// <summary>
    /// Clicks inside the cashier as a buyer would, once the SDK has stopped animating its container: a view change
    /// in the cashier resizes the SDK's sheet with a CSS transition, and a click during it can land off the button.
    /// </summary>
    public Task ClickAsync(ILocator target, float timeoutMs = 20_000) => Browser.CashierClick.ClickAsync(_page, target, timeoutMs);

    /// <summary>Waits until no animation or transition runs on the merchant page (the SDK's popup, sheet and mask).</summary>
    public Task SettledAsync(float timeoutMs = 20_000) => Browser.PageSettling.WaitAsync(_page, timeoutMs);

    /// <summary>The cashier app's frame (not a preload).</summary>
    public IFrame? AppFrame => _page.Frames.FirstOrDefault(f => f.Url.Contains("/component-app/", StringComparison.Ordinal) && !f.Url.Contains("isPreload=true", StringComparison.Ordinal));

    public IFrame RequireAppFrame() => AppFrame ?? throw new InvalidOperationException(
        $"the SDK has no cashier iframe; frames: {string.Join(", ", _page.Frames.Select(f => f.Url))}");
}
