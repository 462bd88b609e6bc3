using System.Text.Json.Nodes;
using Kit.Harness.Browser;
using Kit.Harness.Matrix;
using Kit.Harness.Runner;
using Microsoft.Playwright;
using Kit.Testing.Control;

namespace Kit.Harness.Site;

/// <summary>A site step that could not be done: which step, of which list, and what happened.</summary>
public sealed class SiteStepException(string message) : Exception(message);

/// <summary>
/// One cell on a merchant's own checkout: its page, the probe that watches the SDK there, the router that answers
/// Antom's hosts, and what the simulator saw of the merchant's backend from the cell's first moment (its mark).
/// Site scenarios (<see cref="SiteScenarios"/>) drive the page through this and fill <see cref="Result"/>.
/// </summary>
public sealed class SiteRun(CellResult result, IPage page, SdkProbe probe, AntomHostRouter router, SiteContext site, KitControlClient simulator, long mark, string outputDirectory)
{
    public const float StepTimeoutMs = 20_000;

    public MatrixCell Cell => result.Cell;
    public CellResult Result => result;
    public IPage Page => page;
    public SdkProbe Probe => probe;
    public SiteContext Site => site;
    public KitControlClient Simulator => simulator;

    /// <summary>How many times the buyer started a checkout on the merchant's page (one session each, the guide says).</summary>
    public int Clicks { get; private set; }

    public bool Expect(bool held, string expectation, string? detail = null)
    {
        result.Checks.Add(new Check(expectation, held, held ? null : detail));
        return held;
    }

    /// <summary>Records an expectation that could not be looked at, and why (it fails nothing).</summary>
    public void NotReached(string expectation, string because) => result.Checks.Add(new Check(expectation, false, $"not reached: {because}") { Blocked = true });

    public void Find(string title, string evidence) => result.Findings.Add(new Finding(title, evidence));

    /// <summary>Records a guide check at the severity the matrix file gives it (nothing, when it is off).</summary>
    public void Guide(GuideCheck check, bool held, string? detail)
    {
        var severity = GuideRules.SeverityOf(check, site.Spec);
        if (severity == CheckSeverity.Off) return;
        var rule = GuideRules.For(check);
        result.GuideChecks.Add(new GuideCheckResult(rule.Name, rule.GuideStep, rule.Expectation, held, severity, detail, rule.Advice));
    }

    public string Fill(string template) => SiteTemplate.Fill(template, site.ValuesFor(Cell));

    public async Task OpenAsync()
    {
        var url = Fill(site.Spec.Url);
        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = StepTimeoutMs });
        if (!Expect(response is null || response.Status < 400, $"the checkout page opens ({url})", $"HTTP {response?.Status}"))
            throw new SiteStepException($"{url} answered HTTP {response?.Status}");
    }

    /// <summary>The buyer starts a checkout: the site's checkout steps (or another list), counted as one click.</summary>
    public async Task CheckoutAsync(IReadOnlyList<Step>? steps = null, string list = "checkout")
    {
        Clicks++;
        await StepsAsync(steps ?? site.Spec.Steps.Checkout, list);
    }

    public async Task StepsAsync(IReadOnlyList<Step> steps, string list)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var (kind, target) = step.Click is { } c ? ("click", c) : step.Fill is { } f ? ("fill", f) : step.Select is { } s ? ("select", s) : ("waitFor", step.WaitFor!);
            var locator = Locate(target).First;
            var what = $"steps.{list}[{i}]: {kind} {SiteTemplate.Describe(target)}";
            try
            {
                await locator.WaitForAsync(new LocatorWaitForOptions { Timeout = StepTimeoutMs, State = WaitForSelectorState.Visible });
                switch (kind)
                {
                    case "click": await locator.ClickAsync(new LocatorClickOptions { Timeout = StepTimeoutMs }); break;
                    case "fill": await locator.FillAsync(Fill(step.Value!), new LocatorFillOptions { Timeout = StepTimeoutMs }); break;
                    case "select": await locator.SelectOptionAsync(Fill(step.Value!), new LocatorSelectOptionOptions { Timeout = StepTimeoutMs }); break;
                }
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                throw new SiteStepException($"{what}: {(e is TimeoutException ? $"not visible within {StepTimeoutMs / 1000:0} s" : e.Message.Split('\n')[0])}; the page is {page.Url}");
            }
        }
    }

    /// <summary>A site target as a Playwright locator, with the cell's placeholders filled.</summary>
    public ILocator Locate(Target target)
    {
        if (target.Role is { } role)
        {
            var filled = Fill(role);
            if (!Enum.TryParse<AriaRole>(filled.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var aria)) throw new SiteStepException($"'{filled}' is not an ARIA role Playwright knows");
            return page.GetByRole(aria, new PageGetByRoleOptions { Name = target.Name is { } n ? Fill(n) : null });
        }
        if (target.Text is { } text) return page.GetByText(Fill(text));
        if (target.Label is { } label) return page.GetByLabel(Fill(label));
        if (target.TestId is { } id) return page.GetByTestId(Fill(id));
        return page.Locator(Fill(target.Css!));
    }

    /// <summary>Waits until the target is visible on whatever page the buyer is on (it may navigate meanwhile); false when it never is.</summary>
    public async Task<bool> ShowsAsync(Target target, float timeoutMs = StepTimeoutMs)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            try { if (await Locate(target).First.IsVisibleAsync()) return true; }
            catch (PlaywrightException) { } // navigating
            await Task.Delay(100);
        }
        return false;
    }

    /// <summary>The createPaymentSession calls the backend made since the cell began, waiting up to the step timeout for the n-th.</summary>
    public async Task<IReadOnlyList<MerchantCallRecord>> SessionsAsync(int atLeast)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(StepTimeoutMs);
        while (true)
        {
            var sessions = (await CallsAsync()).Where(c => c.Operation == "createPaymentSession").ToList();
            if (sessions.Count >= atLeast || DateTime.UtcNow > deadline) return sessions;
            await Task.Delay(100);
        }
    }

    public Task<IReadOnlyList<MerchantCallRecord>> CallsAsync() => simulator.GetMerchantCallsAsync(mark);

    /// <summary>The cashier app's frame (not a preload), or null.</summary>
    public IFrame? AppFrame => page.Frames.LastOrDefault(f => f.Url.Contains("/component-app/", StringComparison.Ordinal) && !f.Url.Contains("isPreload=true", StringComparison.Ordinal));

    /// <summary>Waits until the cashier shows its banks (or why it has none), whatever the page's SDK build; null when it does not.</summary>
    public async Task<IFrame?> CashierAsync(IFrame? notThisOne = null)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(StepTimeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            if (AppFrame is { } frame && frame != notThisOne)
            {
                try
                {
                    if (await frame.Locator("#kit-bank-list, #kit-empty").First.IsVisibleAsync())
                    {
                        // Kept now: after the payment the buyer is on the return page and the iframe is gone, and for a
                        // bundled SDK its URL is the only place the SDK's environment and locale show.
                        result.IframeParameters = Parameters(frame.Url);
                        await PageSettling.WaitAsync(page, StepTimeoutMs);
                        return frame;
                    }
                }
                catch (PlaywrightException) { }
            }
            await Task.Delay(100);
        }
        return null;
    }

    /// <summary>Clicks inside the cashier once the SDK's sheet has stopped moving.</summary>
    public Task ClickInCashierAsync(ILocator target) => CashierClick.ClickAsync(page, target, StepTimeoutMs);

    /// <summary>
    /// The buyer closes the SDK's popup the way a buyer does: its X (the SDK 1.47.2 names it asm-component-close-block),
    /// then "Leave" in the retention dialog when it asks. The SDK listens for touchend on phones and click elsewhere, so
    /// a phone taps. False when there is no X to close (an inline cashier, or the X never showed).
    /// </summary>
    public async Task<bool> CloseCashierAsync()
    {
        var touch = Cell.Device != Device.Desktop;
        async Task<bool> PressAsync(string css)
        {
            var target = page.Locator(css);
            try { await target.WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000, State = WaitForSelectorState.Visible }); }
            catch (TimeoutException) { return false; }
            await CashierClick.ClickAsync(page, target, StepTimeoutMs, touch);
            return true;
        }
        if (!await PressAsync("#asm-component-close-block")) return false;
        await PressAsync("#ams-component-retention-leave");
        // The buyer sees the popup go: after Leave the SDK removes its DOM 300 ms later (cleanContainer without
        // its flag defers cleanElement), and a component created before then is removed with it.
        try { await page.Locator("#ams-component-container").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 5_000 }); }
        catch (TimeoutException) { }
        return true;
    }

    /// <summary>A payment event the cashier app posted to the SDK (seen whatever the SDK's build), after <paramref name="after"/> ms.</summary>
    public Task<ProbeEvent?> AppEventAsync(string code, int after = -1, float timeoutMs = StepTimeoutMs) =>
        probe.WaitForAsync(e => e.Milliseconds > after && e.AppEvent == "onEventCallback" && e.Code == code, TimeSpan.FromMilliseconds(timeoutMs));

    public async Task ScreenshotAsync(string name)
    {
        var relative = $"{result.Folder}/{name}.jpg";
        Directory.CreateDirectory(Path.Combine(outputDirectory, result.Folder));
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(outputDirectory, relative), Type = ScreenshotType.Jpeg, Quality = 70, Timeout = 10_000, Scale = ScreenshotScale.Css });
            result.Screenshots.Add(relative);
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            lock (result.Console) result.Console.Add(new ConsoleRecord("harness", $"screenshot '{name}' not taken: {e.Message.Split('\n')[0]}"));
        }
    }

    /// <summary>Copies the evidence into the result: the probe's events, the iframe's parameters, the gateway calls, the backend's calls and notifications.</summary>
    public async Task CollectEvidenceAsync()
    {
        result.Events = probe.Events.Select(e => new EventRecord(e.Milliseconds, e.Channel == "app" ? $"app:{e.AppEvent}" : e.Channel, e.Code, e.Data)).ToList();
        if (AppFrame is { } frame)
        {
            result.IframeParameters = Parameters(frame.Url);
            try
            {
                var banks = await frame.Locator("button.kit-bank").EvaluateAllAsync<string[][]>("bs => bs.map(b => [b.dataset.methodType, b.querySelector('.kit-bank-name').textContent])", null);
                if (banks.Length > 0) result.Banks = banks.Select(b => new BankRecord(b[0], b[1])).ToList();
            }
            catch (PlaywrightException) { }
        }
        result.GatewayRequests = router.Requests.Where(r => r.Url.Contains("/mgw.htm", StringComparison.Ordinal))
            .Select(r => new NetworkRecord(r.Method, r.Url, r.Answer + (r.OperationType is { } op ? $" [{op}]" : ""))).ToList();
        result.UnexpectedRequests = router.Unexpected.Select(r => new NetworkRecord(r.Method, r.Url, r.Answer)).ToList();
        var calls = await CallsAsync();
        result.MerchantCalls = calls.Select(c => c.ToString()).ToList();
        foreach (var id in calls.Select(c => c.PaymentRequestId).OfType<string>().Distinct())
            foreach (var n in await simulator.GetNotificationsAsync(id))
                result.Notifications.Add($"{n.NotifyType} {id}: {n.State}; " + (n.Attempts.Count == 0 ? "no attempt" : string.Join("; ",
                    n.Attempts.Select(a => $"attempt {a.Attempt}: {(a.StatusCode is { } s ? $"HTTP {s}" : a.Error)} {Short(a.Response)}{(a.Acknowledged ? " (acknowledged)" : "")}"))));
    }

    private static Dictionary<string, string> Parameters(string url) =>
        new Uri(url).Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=', 2))
            .GroupBy(kv => Uri.UnescapeDataString(kv[0])).ToDictionary(g => g.Key, g => Uri.UnescapeDataString(g.First().ElementAtOrDefault(1) ?? ""));

    private static string Short(string? text) => text is null ? "" : text.Length <= 120 ? text : text[..117] + "...";
}

/// <summary>The site of a run: its section of the matrix file, and the run's placeholder values.</summary>
public sealed class SiteContext(Kit.Harness.Matrix.Site spec, string matrixDirectory, IReadOnlyDictionary<string, string> runValues)
{
    public Kit.Harness.Matrix.Site Spec => spec;
    public string MatrixDirectory => matrixDirectory;
    public IReadOnlyDictionary<string, string> RunValues => runValues;

    /// <summary>The same site with another port for the app (a per-cell start gets its own).</summary>
    public SiteContext WithPort(int port)
    {
        var values = runValues.ToDictionary();
        values["port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new SiteContext(spec, matrixDirectory, values);
    }

    /// <summary>The environment every started app gets: the simulator's URL, client id and key files, and its port.</summary>
    public IReadOnlyDictionary<string, string> KitEnvironment => new Dictionary<string, string>
    {
        ["KIT_SIMULATOR_URL"] = runValues["simulatorUrl"],
        ["KIT_CLIENT_ID"] = runValues["clientId"],
        ["KIT_MERCHANT_PRIVATE_KEY_PKCS8_PEM"] = runValues["merchantPrivateKeyPkcs8Pem"],
        ["KIT_MERCHANT_PRIVATE_KEY_PKCS1_PEM"] = runValues["merchantPrivateKeyPkcs1Pem"],
        ["KIT_MERCHANT_PRIVATE_KEY_BASE64"] = runValues["merchantPrivateKeyBase64"],
        ["KIT_ANTOM_PUBLIC_KEY_PEM"] = runValues["antomPublicKeyPem"],
        ["KIT_ANTOM_PUBLIC_KEY_BASE64"] = runValues["antomPublicKeyBase64"],
        ["KIT_PORT"] = runValues["port"],
    };

    public IReadOnlyDictionary<string, string> ValuesFor(MatrixCell cell)
    {
        var values = SiteTemplate.CellValues(cell);
        foreach (var (k, v) in runValues) values[k] = v;
        return values;
    }

    /// <summary>The page's own host, and the hosts the matrix file lets it call besides Antom's.</summary>
    public IReadOnlySet<string> AllowedHosts(MatrixCell cell)
    {
        var hosts = new HashSet<string>(spec.Hosts ?? [], StringComparer.OrdinalIgnoreCase);
        if (Uri.TryCreate(SiteTemplate.Fill(spec.Url, ValuesFor(cell)), UriKind.Absolute, out var url)) hosts.Add(url.Host);
        return hosts;
    }
}
