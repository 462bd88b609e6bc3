using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kit.Harness.Browser;
using Kit.Harness.Matrix;
using Kit.Simulator.Catalog;
using Kit.Harness.Merchant;
using Microsoft.Playwright;

namespace Kit.Harness.Runner;

/// <summary>
/// One cell being run: its page on the shop, the router that answers Antom's hosts, and the result it fills with
/// checks, findings and evidence. Scenarios talk to the page through this.
/// </summary>
public sealed class CellRun(CellResult result, MerchantPage page, AntomHostRouter router, HarnessEnvironment environment, string outputDirectory)
{
    public const float StepTimeoutMs = 20_000;

    public MatrixCell Cell => result.Cell;
    public CellResult Result => result;
    public MerchantPage Page => page;
    public AntomHostRouter Router => router;
    public HarnessEnvironment Environment => environment;

    /// <summary>What the shop charges (<see cref="CellFeasibility.Amount"/>).</summary>
    public (string Currency, string Value) Amount => CellFeasibility.Amount(Cell, environment.Banks);

    public bool Expect(bool held, string expectation, string? detail = null)
    {
        result.Checks.Add(new Check(expectation, held, held ? null : detail));
        return held;
    }

    public void Find(string title, string evidence) => result.Findings.Add(new Finding(title, evidence));

    /// <summary>Opens the shop as the buyer's device would, with the SDK loaded the cell's way and the cell's display mode among the shop's methods.</summary>
    public async Task OpenShopAsync()
    {
        var query = $"?loading={Cell.Loading.ToWireValue()}&locale={Uri.EscapeDataString(Cell.Locale)}&environment={Cell.Environment.ToWireValue()}&methods={Uri.EscapeDataString(Cell.DisplayMode)}&currency={Amount.Currency}&value={Amount.Value}";
        await page.Page.GotoAsync(new Uri(environment.Shop.BaseAddress, query).ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Expect(await page.Page.EvaluateAsync<bool>("() => typeof window.AMSCashierPayment === 'function'"), $"the SDK loads ({Cell.Loading.ToWireValue()})",
            "window.AMSCashierPayment is not a function after the page loaded");
    }

    /// <summary>The buyer clicks the shop's payment method: the shop's backend creates the session, then the page calls createComponent.</summary>
    public async Task<string?> ClickPaymentMethodAsync()
    {
        await page.Page.Locator($"button.method[data-mode=\"{Cell.DisplayMode}\"]").ClickAsync();
        var backend = await WaitAsync("backend");
        return backend?.Data?["paymentRequestId"]?.GetValue<string>();
    }

    /// <summary>The seed of the cell's buyer and cart (Kit.Testing's AntomTestData): the same cell, the same buyer, on every run.</summary>
    private int BuyerSeed => BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Cell.Id)), 0) & int.MaxValue;

    /// <summary>Starts a checkout with options a scenario needs (faults, bad parameters), with the cell's locale, environment and display mode.</summary>
    public async Task<string?> CheckoutAsync(Dictionary<string, object?> extra)
    {
        var (field, value) = Cell.DisplayModeParts;
        var options = new Dictionary<string, object?>
        {
            ["locale"] = Cell.Locale,
            ["environment"] = Cell.Environment.ToWireValue(),
            ["displayMode"] = new Dictionary<string, string> { [field] = value },
            ["amount"] = new Dictionary<string, string> { ["currency"] = Amount.Currency, ["value"] = Amount.Value },
            ["buyerSeed"] = BuyerSeed,
        };
        foreach (var (key, v) in extra) options[key] = v;
        var answer = await page.CheckoutAsync(options);
        return answer["paymentRequestId"]?.GetValue<string>();
    }

    /// <summary>Waits for an event; null (not an exception) when it does not come, so the scenario can record the check.</summary>
    public async Task<PageEvent?> WaitAsync(string channel, string? code = null, float timeoutMs = StepTimeoutMs)
    {
        try { return await page.WaitForEventAsync(channel, code, timeoutMs); }
        catch (TimeoutException) { return null; }
    }

    /// <summary>Waits for the cashier to finish loading and its popup to settle; null when it never does.</summary>
    public async Task<IFrame?> CashierAsync()
    {
        try { return await page.WaitForCashierAsync(StepTimeoutMs); }
        catch (TimeoutException) { return null; }
    }

    public async Task ScreenshotAsync(string name)
    {
        var relative = $"{result.Folder}/{name}.jpg";
        Directory.CreateDirectory(Path.Combine(outputDirectory, result.Folder));
        try
        {
            await page.Page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')", null, new PageWaitForFunctionOptions { Timeout = 3000 });
        }
        catch (TimeoutException) { } // an endless animation: take it as it is
        try
        {
            await page.Page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(outputDirectory, relative), Type = ScreenshotType.Jpeg, Quality = 70, Timeout = 10_000,
                // CSS pixels: a phone at device scale 3 would otherwise be captured and encoded at nine times the size.
                Scale = ScreenshotScale.Css,
            });
            result.Screenshots.Add(relative);
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            // A screenshot is evidence, not an expectation: a slow one must not fail the cell.
            lock (result.Console) result.Console.Add(new ConsoleRecord("harness", $"screenshot '{name}' not taken: {e.Message.Split('\n')[0]}"));
        }
    }

    /// <summary>The notifyPayment the shop's backend received for a payment (waiting up to 10 s for the dispatcher).</summary>
    public async Task<ReceivedNotification?> NotificationAsync(string paymentRequestId)
    {
        for (var i = 0; i < 100; i++)
        {
            if (environment.Shop.Notifications.FirstOrDefault(n => n.PaymentRequestId == paymentRequestId) is { } n) return n;
            await Task.Delay(100);
        }
        return null;
    }

    /// <summary>The shop backend's inquiryPayment for a payment.</summary>
    public async Task<JsonObject> InquireAsync(string paymentRequestId)
    {
        using var http = new HttpClient { BaseAddress = environment.Shop.BaseAddress };
        return (await http.GetFromJsonAsync<JsonObject>($"api/payments/{paymentRequestId}"))!;
    }

    /// <summary>Copies what the page recorded into the result: events, iframe parameters, gateway calls, banks shown, unexpected hosts.</summary>
    public async Task CollectEvidenceAsync()
    {
        try
        {
            result.Events = (await page.EventsAsync()).Select(e => new EventRecord(e.Milliseconds, e.Channel, e.Code, e.Data)).ToList();
        }
        catch (PlaywrightException) { } // the page navigated away or closed; keep what the router saw
        if (page.AppFrame is { } frame)
        {
            var query = new Uri(frame.Url).Query.TrimStart('?');
            result.IframeParameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(kv => kv.Split('=', 2))
                .GroupBy(kv => Uri.UnescapeDataString(kv[0]))
                .ToDictionary(g => g.Key, g => Uri.UnescapeDataString(g.First().ElementAtOrDefault(1) ?? ""));
            try
            {
                var banks = await frame.Locator("button.kit-bank").EvaluateAllAsync<string[][]>(
                    "bs => bs.map(b => [b.dataset.methodType, b.querySelector('.kit-bank-name').textContent])", null);
                if (banks.Length > 0) result.Banks = banks.Select(b => new BankRecord(b[0], b[1])).ToList();
            }
            catch (PlaywrightException) { }
        }
        result.GatewayRequests = router.Requests.Where(r => r.Url.Contains("/mgw.htm", StringComparison.Ordinal))
            .Select(r => new NetworkRecord(r.Method, r.Url, r.Answer + (r.OperationType is { } op ? $" [{op}]" : ""))).ToList();
        result.UnexpectedRequests = router.Unexpected.Select(r => new NetworkRecord(r.Method, r.Url, r.Answer)).ToList();
    }
}
