using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Kit.Harness.Matrix;
using Microsoft.Playwright;

namespace Kit.Harness.Runner;

/// <summary>
/// What each scenario does and what it expects. A failed expectation fails the cell (the merchant's integration or
/// Kit is wrong); a behaviour of SDK 1.47.2 itself that a merchant must know is a finding, with its evidence.
/// </summary>
public static class Scenarios
{
    /// <summary>Scenarios in which the buyer picks a bank on the cashier page, so the cell's display mode must offer one on its device.</summary>
    public static bool NeedsBank(Scenario scenario) =>
        scenario is Scenario.PaySuccess or Scenario.PayFailure or Scenario.AbandonThenExpiry or Scenario.CallUrlError;

    /// <summary>Scenarios that move the simulator's shared virtual clock: they run alone, after the others.</summary>
    public static bool MovesClock(Scenario scenario) => scenario is Scenario.AbandonThenExpiry or Scenario.ClosePopup;

    public static Task RunAsync(CellRun run) => run.Cell.Scenario switch
    {
        Scenario.Render => RenderAsync(run),
        Scenario.PaySuccess => PayAsync(run, approve: true),
        Scenario.PayFailure => PayAsync(run, approve: false),
        Scenario.AbandonThenExpiry => AbandonThenExpiryAsync(run),
        Scenario.UnmountAndRecreate => UnmountAndRecreateAsync(run),
        Scenario.SecondCreate => SecondCreateAsync(run),
        Scenario.EmptySessionData => ParameterErrorAsync(run, new() { ["sessionData"] = "" }, "SDK_CREATEPAYMENT_PARAMETER_ERROR", "an empty sessionData"),
        Scenario.MalformedSessionData => ParameterErrorAsync(run, new() { ["fault"] = "malformedSessionData" }, "SDK_CREATEPAYMENT_PARAMETER_ERROR", "a malformed sessionData"),
        Scenario.BadCallbackType => BadCallbackTypeAsync(run),
        Scenario.AnalyticsOff => AnalyticsOffAsync(run),
        Scenario.InternalError => InternalErrorAsync(run),
        Scenario.InitParameterError => ParameterErrorAsync(run, new() { ["networkMode"] = "proxy" }, "SDK_INIT_PARAMETER_ERROR", "networkMode 'proxy'"),
        Scenario.GatewayBusinessFailure => ParameterErrorAsync(run, new() { ["fault"] = "gatewayBusinessFailure" }, "SDK_CREATECOMPONENT_ERROR", "a gateway business failure"),
        Scenario.GatewayNetworkFailure => ParameterErrorAsync(run, new() { ["fault"] = "gatewayNetworkFailure" }, "SDK_CREATECOMPONENT_ERROR", "a gateway network failure"),
        Scenario.AppLoadTimeout => AppLoadTimeoutAsync(run),
        Scenario.CallUrlError => CallUrlErrorAsync(run),
        Scenario.ClosePopup => ClosePopupAsync(run),
        Scenario.NoLoadingAnimation => NoLoadingAnimationAsync(run),
        Scenario.OnLog => OnLogAsync(run),
        Scenario.LeavePage => LeavePageAsync(run),
        _ => throw new ArgumentOutOfRangeException(nameof(run), run.Cell.Scenario, "no such scenario"),
    };

    /// <summary>The buyer clicks the shop's method and the cashier renders: the base of most scenarios.</summary>
    private static async Task<(string? RequestId, bool Rendered)> RenderThroughClickAsync(CellRun run)
    {
        await run.OpenShopAsync();
        var requestId = await run.ClickPaymentMethodAsync();
        if (!run.Expect(requestId is not null, "the shop's backend creates the payment session (signed, through Kit.Contracts)")) return (null, false);
        var rendered = await CheckRenderedAsync(run);
        return (requestId, rendered);
    }

    private static async Task<bool> CheckRenderedAsync(CellRun run)
    {
        run.Expect(await run.WaitAsync("onEventCallback", "SDK_START_OF_LOADING") is not null, "SDK_START_OF_LOADING arrives");
        var app = await run.CashierAsync();
        if (!run.Expect(app is not null, "SDK_END_OF_LOADING arrives (the cashier rendered)")) return false;
        await run.ScreenshotAsync("rendered");
        await run.CollectEvidenceAsync();
        var parameters = run.Result.IframeParameters;
        run.Expect(parameters.GetValueOrDefault("locale") == run.Cell.Locale, $"the iframe gets locale={run.Cell.Locale}", $"iframe locale={parameters.GetValueOrDefault("locale")}");
        CheckEnvironment(run, parameters);

        var expected = CellFeasibility.Offer(run.Cell, run.Environment.Banks);
        var language = run.Cell.Locale is "th_TH" or "in_ID" ? run.Cell.Locale : "en_US";
        var want = expected.Offers.Select(o => $"{o.Method.PaymentMethodType}={Simulator.Engine.BankCatalog.Name(o.Bank, language)}").Order().ToList();
        var shown = run.Result.Banks.Select(b => $"{b.PaymentMethodType}={b.Name}").Order().ToList();
        run.Expect(want.SequenceEqual(shown), $"the cashier shows the {want.Count} bank method(s) the catalog offers for {run.Cell.DisplayMode} on {DeviceProfiles.TerminalType(run.Cell.Device).ToWireValue()}, named in {language}",
            $"shown: [{string.Join(", ", shown)}]; expected: [{string.Join(", ", want)}]");
        if (want.Count == 0)
        {
            var reason = await app!.Locator("#kit-empty").GetAttributeAsync("data-reason");
            run.Expect(reason == expected.Reason.ToString(), $"with no bank to offer, the cashier says why ({expected.Reason})", $"data-reason={reason}");
        }
        if (run.Result.UnexpectedRequests.Count > 0)
            run.Find("The page called hosts that are neither the shop's nor Antom's",
                string.Join("; ", run.Result.UnexpectedRequests.Select(r => $"{r.Method} {r.Url}")));
        return true;
    }

    /// <summary>sandbox shows as shadow=true on the iframe, light_sandbox as sandbox=true; anything else the SDK does not know becomes prod.</summary>
    private static void CheckEnvironment(CellRun run, Dictionary<string, string> parameters)
    {
        var shadow = parameters.GetValueOrDefault("shadow") == "true";
        var warning = run.Result.Console.FirstOrDefault(c => c.Text.Contains("environment does not support", StringComparison.OrdinalIgnoreCase))?.Text;
        switch (run.Cell.Environment)
        {
            case Matrix.Environment.sandbox:
                run.Expect(shadow, "environment sandbox reaches the SDK as sandbox (iframe shadow=true)", "no shadow=true on the iframe");
                break;
            case Matrix.Environment.light_sandbox:
                run.Expect(parameters.GetValueOrDefault("sandbox") == "true", "environment light_sandbox reaches the SDK (iframe sandbox=true)");
                break;
            case Matrix.Environment.prod:
                run.Expect(!shadow, "environment prod reaches the SDK as prod (no shadow=true)");
                break;
            case Matrix.Environment.SANDBOX:
                if (shadow) run.Expect(true, "SANDBOX reaches the SDK as sandbox");
                else run.Find("SDK 1.47.2 treats the seed guide's upper-case SANDBOX as production",
                    $"environment 'SANDBOX' gave an iframe URL without shadow=true (lower-case 'sandbox' gives shadow=true), so the cashier and gateway run as production; console: {warning ?? "no warning captured"}. Pass 'sandbox' in lower case.");
                break;
            case Matrix.Environment.PROD:
                run.Expect(!shadow, "PROD reaches the SDK as prod");
                run.Find("SDK 1.47.2 does not recognise the seed guide's upper-case PROD",
                    $"it falls back to prod only by accident (every unknown value becomes prod, and the caller's options object is overwritten); console: {warning ?? "no warning captured"}. Pass 'prod' in lower case.");
                break;
        }
    }

    private static Task RenderAsync(CellRun run) => RenderThroughClickAsync(run);

    private static async Task PayAsync(CellRun run, bool approve)
    {
        var (requestId, rendered) = await RenderThroughClickAsync(run);
        if (!rendered || requestId is null) return;
        var app = run.Page.RequireAppFrame();
        if (!run.Expect(await app.Locator("button.kit-bank").CountAsync() > 0, "there is a bank to pay with", "the display mode offers no bank on this device: pick another mode for a pay scenario")) return;
        await run.Page.ClickAsync(app.Locator("button.kit-bank").First);
        await app.Locator("#kit-bank-page").WaitForAsync(new() { Timeout = CellRun.StepTimeoutMs });
        await run.ScreenshotAsync("bank-page");
        if (approve) await run.Page.ClickAsync(app.Locator("#kit-approve"));
        else
        {
            await app.Locator("#kit-reason").SelectOptionAsync("USER_BALANCE_NOT_ENOUGH");
            await run.Page.ClickAsync(app.Locator("#kit-decline"));
        }
        var code = approve ? "SDK_PAYMENT_SUCCESSFUL" : "SDK_PAYMENT_FAIL";
        run.Expect(await run.WaitAsync("onEventCallback", code) is not null, $"the merchant page gets {code}");
        await run.ScreenshotAsync("result");
        await run.CollectEvidenceAsync();
        var notification = await run.NotificationAsync(requestId);
        var (status, resultCode) = approve ? ("S", "SUCCESS") : ("F", "USER_BALANCE_NOT_ENOUGH");
        run.Expect(notification is { Valid: true } && notification.ResultStatus == status && notification.ResultCode == resultCode,
            $"the shop's backend receives a correctly signed notifyPayment {resultCode} and acknowledges it",
            notification is null ? "no notification within 10 s" : $"{notification.ResultStatus} {notification.ResultCode} valid={notification.Valid}: {notification.Message}");
        var inquiry = await run.InquireAsync(requestId);
        run.Expect(inquiry["paymentStatus"]?.GetValue<string>() == (approve ? "Success" : "Fail"), "inquiryPayment agrees", inquiry.ToJsonString());
        // Paid or declined, the bank has answered: Antom sends the buyer back to the merchant.
        try
        {
            await run.Page.Page.WaitForURLAsync($"**/return?paymentRequestId={requestId}", new() { Timeout = 10_000 });
            run.Expect(true, "the buyer is returned to paymentRedirectUrl");
        }
        catch (TimeoutException)
        {
            run.Expect(false, "the buyer is returned to paymentRedirectUrl", $"the page stayed at {run.Page.Page.Url}");
        }
    }

    private static async Task AbandonThenExpiryAsync(CellRun run)
    {
        var (requestId, rendered) = await RenderThroughClickAsync(run);
        if (!rendered || requestId is null) return;
        var app = run.Page.RequireAppFrame();
        if (!run.Expect(await app.Locator("button.kit-bank").CountAsync() > 0, "there is a bank to choose")) return;
        await run.Page.ClickAsync(app.Locator("button.kit-bank").First);
        await run.Page.ClickAsync(app.Locator("#kit-abandon"));
        run.Expect(await run.WaitAsync("onEventCallback", "SDK_PAYMENT_CANCEL") is not null, "leaving the bank page gives SDK_PAYMENT_CANCEL");
        run.Expect((await run.InquireAsync(requestId))["paymentStatus"]?.GetValue<string>() == "Processing", "the payment stays open after the buyer leaves");
        await run.Environment.AdvanceClockAsync(TimeSpan.FromMinutes(61)); // virtual: past the session's 1 h, no wall time
        var notification = await run.NotificationAsync(requestId);
        run.Expect(notification is { ResultStatus: "F", ResultCode: "ORDER_CLOSED" }, "at expiry the shop is notified ORDER_CLOSED",
            notification is null ? "no notification" : $"{notification.ResultStatus} {notification.ResultCode}");
        run.Expect((await run.InquireAsync(requestId))["paymentStatus"]?.GetValue<string>() == "Fail", "inquiryPayment says FAIL after expiry");
        await run.CollectEvidenceAsync();
    }

    private static async Task UnmountAndRecreateAsync(CellRun run)
    {
        var (_, rendered) = await RenderThroughClickAsync(run);
        if (!rendered) return;
        await run.Page.Page.EvaluateAsync("() => window.kitSdk.unmount()");
        var left = await run.Page.Page.EvaluateAsync<int>("() => document.querySelectorAll('#ams-component-container, iframe[id^=ams-checkout-component]').length");
        run.Expect(left == 0, "unmount removes the SDK's container and iframe", $"{left} node(s) left");
        run.Expect(await run.Page.Page.EvaluateAsync<string>("() => document.body.style.overflow") is "auto" or "", "unmount gives the page its scrolling back");
        // The buyer pays again: the page (merchant.js) unmounts any component, then creates a new one.
        run.Page.ClearEvents();
        await run.ClickPaymentMethodAsync();
        run.Expect(await run.CashierAsync() is not null, "a second createComponent after unmount renders again");
        var containers = await run.Page.Page.EvaluateAsync<int>("() => document.querySelectorAll('#ams-component-container').length");
        run.Expect(containers == 1, "exactly one component on the page", $"{containers} containers");
        await run.ScreenshotAsync("recreated");
        await run.CollectEvidenceAsync();
    }

    private static async Task SecondCreateAsync(CellRun run)
    {
        var (_, rendered) = await RenderThroughClickAsync(run);
        if (!rendered) return;
        await run.Page.Page.EvaluateAsync("() => window.kitSdk.createComponent(window.kitSdkParams).then(v => kitRecord('secondCreate', { resolved: v === undefined ? null : v }), e => kitRecord('secondCreate', { rejected: e }))");
        var error = await run.WaitAsync("onError", "SDK_CREATECOMPONENT_ERROR");
        run.Expect(error is not null, "a second createComponent while one is active gives onError SDK_CREATECOMPONENT_ERROR");
        run.Expect(await run.WaitAsync("secondCreate") is { } second && second.Data?["rejected"] is not null, "and its promise rejects");
        await run.CollectEvidenceAsync();
    }

    private static async Task ParameterErrorAsync(CellRun run, Dictionary<string, object?> options, string code, string cause)
    {
        await run.OpenShopAsync();
        await run.CheckoutAsync(options);
        var error = await run.WaitAsync("onError", code);
        run.Expect(error is not null, $"{cause} gives onError {code}");
        run.Expect(await run.WaitAsync("createComponent") is { } promise && promise.Data?["rejected"] is not null, "and the createComponent promise rejects");
        await run.ScreenshotAsync("error");
        await run.CollectEvidenceAsync();
        run.Expect(!run.Result.Events.Any(e => e.Code == "SDK_END_OF_LOADING"), "nothing renders");
    }

    private static async Task BadCallbackTypeAsync(CellRun run)
    {
        await run.OpenShopAsync();
        await run.CheckoutAsync(new() { ["callbackNotFunction"] = true });
        var notFunction = await run.WaitAsync("constructor");
        run.Expect(notFunction?.Data?["threw"]?.GetValue<string>() == "Parameter type should be function", "a callback that is not a function makes the constructor throw 'Parameter type should be function'",
            notFunction?.Data?.ToJsonString() ?? "the constructor did not throw");
        run.Page.ClearEvents();
        await run.CheckoutAsync(new() { ["asyncCallback"] = true });
        var asyncThrow = await run.WaitAsync("constructor", timeoutMs: 5000);
        if (asyncThrow?.Data?["threw"] is not null)
            run.Find("SDK 1.47.2 rejects an async onEventCallback",
                $"new AMSCashierPayment({{ onEventCallback: async e => … }}) threw '{asyncThrow.Data["threw"]}' with no error code and no event (it checks Object.prototype.toString for [object Function]); wrap async handlers in a plain function.");
        else run.Expect(await run.CashierAsync() is not null, "an async callback is accepted and the cashier renders");
        await run.CollectEvidenceAsync();
    }

    private static async Task AnalyticsOffAsync(CellRun run)
    {
        await run.OpenShopAsync();
        await run.CheckoutAsync(new() { ["analytics"] = new Dictionary<string, bool> { ["enabled"] = false } });
        if (!run.Expect(await run.CashierAsync() is not null, "the cashier renders with analytics off")) return;
        await run.CollectEvidenceAsync();
        var flag = run.Result.IframeParameters.GetValueOrDefault("analyticsEnabled");
        if (flag == "true")
            run.Find("SDK 1.47.2 ignores analytics.enabled=false",
                "the merchant passed analytics:{enabled:false}; the iframe still got analyticsEnabled=true (AMSCashierPayment never copies the option), so the SDK's own logging goes on.");
        else run.Expect(flag == "false", "analytics.enabled=false reaches the iframe", $"analyticsEnabled={flag}");
    }

    private static async Task InternalErrorAsync(CellRun run)
    {
        await run.OpenShopAsync();
        await run.CheckoutAsync(new() { ["fault"] = "appNonJsonMessage" });
        run.Expect(await run.WaitAsync("onError", "SDK_INTERNAL_ERROR") is not null, "a non-JSON message from the cashier gives onError SDK_INTERNAL_ERROR");
        run.Expect(await run.CashierAsync() is not null, "and the SDK keeps rendering");
        await run.CollectEvidenceAsync();
    }

    private static async Task AppLoadTimeoutAsync(CellRun run)
    {
        await run.OpenShopAsync();
        await run.Page.Page.Clock.InstallAsync(); // the SDK's 15 s timeout, without waiting 15 s
        await run.CheckoutAsync(new() { ["fault"] = "appNeverLaunches" });
        run.Expect(await run.WaitAsync("onEventCallback", "SDK_START_OF_LOADING") is not null, "SDK_START_OF_LOADING arrives");
        await run.Page.Page.Clock.FastForwardAsync("00:16");
        run.Expect(await run.WaitAsync("onError", "SDK_CREATECOMPONENT_ERROR") is not null, "an app that never launches gives onError SDK_CREATECOMPONENT_ERROR after the SDK's 15 s load timeout");
        run.Expect(await run.WaitAsync("createComponent") is { } promise && promise.Data?["rejected"] is not null, "and the createComponent promise rejects");
        await run.CollectEvidenceAsync();
    }

    private static async Task CallUrlErrorAsync(CellRun run)
    {
        await run.OpenShopAsync();
        await run.CheckoutAsync(new() { ["fault"] = "redirectFails" });
        var app = await run.CashierAsync();
        if (!run.Expect(app is not null, "the cashier renders") || !run.Expect(await app!.Locator("button.kit-bank").CountAsync() > 0, "there is a bank to pay with")) return;
        await run.Page.ClickAsync(app.Locator("button.kit-bank").First);
        await run.Page.ClickAsync(app.Locator("#kit-approve"));
        run.Expect(await run.WaitAsync("onEventCallback", "SDK_PAYMENT_SUCCESSFUL") is not null, "the payment succeeds");
        var launch = await run.WaitAsync("onEventCallback", "SDK_LAUNCH_PAYMENT_APP_ERROR");
        await run.CollectEvidenceAsync();
        var callUrl = run.Result.Events.Any(e => e.Code == "SDK_CALL_URL_ERROR");
        if (!callUrl && launch is not null)
            run.Find("SDK 1.47.2 never emits SDK_CALL_URL_ERROR (the seed guide's code for a redirect that fails)",
                $"the redirect could not be opened and the page got SDK_LAUNCH_PAYMENT_APP_ERROR instead ({launch.Data?["message"]}); handle that code.");
        else run.Expect(callUrl, "a redirect that cannot be opened is reported (SDK_CALL_URL_ERROR or SDK_LAUNCH_PAYMENT_APP_ERROR)");
    }

    /// <summary>
    /// What the page's own window listeners and the SDK's loading elements were, watched from before the SDK runs: the
    /// window's message and resize listeners that are live (added and not removed), and every element whose id names a
    /// loading spinner that was ever added to the document.
    /// </summary>
    private const string PageWatch = """
        (() => {
          const live = {};
          const add = EventTarget.prototype.addEventListener, remove = EventTarget.prototype.removeEventListener;
          EventTarget.prototype.addEventListener = function (type, fn, options) {
            if (this === window) (live[type] = live[type] || new Set()).add(fn);
            return add.call(this, type, fn, options);
          };
          EventTarget.prototype.removeEventListener = function (type, fn, options) {
            if (this === window && live[type]) live[type].delete(fn);
            return remove.call(this, type, fn, options);
          };
          window.kitLiveListeners = () => ({ message: (live.message || new Set()).size, resize: (live.resize || new Set()).size });
          const seen = window.kitLoadingSeen = [];
          new MutationObserver(records => {
            for (const r of records) for (const n of r.addedNodes)
              if (n.nodeType === 1) for (const e of [n, ...n.querySelectorAll('[id]')])
                if (/loading/i.test(e.id || '') && !seen.includes(e.id)) seen.push(e.id);
          }).observe(document, { childList: true, subtree: true });
        })();
        """;

    private static async Task WatchPageAsync(CellRun run) => await run.Page.Page.AddInitScriptAsync(PageWatch);

    /// <summary>
    /// The buyer closes the popup with its X: the SDK's leave dialog asks, in the cashier's words (declareCheckoutInfo)
    /// and the buyer's language; Stay keeps the cashier, Leave fires onClose once and removes it, and the payment stays
    /// open until it expires.
    /// </summary>
    private static async Task ClosePopupAsync(CellRun run)
    {
        var (requestId, rendered) = await RenderThroughClickAsync(run);
        if (!rendered || requestId is null) return;
        var page = run.Page.Page;
        var touch = run.Cell.Device != Device.Desktop;
        async Task<bool> PressAsync(string css, string what)
        {
            var target = page.Locator(css);
            try { await target.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 5_000 }); }
            catch (TimeoutException) { return run.Expect(false, what, $"{css} never became visible"); }
            // The SDK listens for touchend on phones and click elsewhere.
            await Kit.Harness.Browser.CashierClick.ClickAsync(page, target, CellRun.StepTimeoutMs, touch);
            return true;
        }
        var language = run.Cell.Locale is "th_TH" or "in_ID" ? run.Cell.Locale : "en_US";
        var declared = await run.Page.RequireAppFrame().EvaluateAsync<string[]>(
            "l => { const t = window.KIT_MESSAGES[l] || window.KIT_MESSAGES.en_US; return [t.leaveTitle, t.leaveMessage, t.stay, t.leave]; }", language);

        if (!await PressAsync("#asm-component-close-block", "the popup has its close button (X)")) return;
        var dialog = page.Locator("#ams-component-retention");
        if (!run.Expect(await IsShownAsync(dialog), "the X opens the SDK's leave dialog")) return;
        await run.ScreenshotAsync($"leave-dialog-{run.Cell.Locale}");
        var shown = new[]
        {
            await page.Locator("#ams-component-retention-title").InnerTextAsync(), await page.Locator("#ams-component-retention-sub-title").InnerTextAsync(),
            await page.Locator("#ams-component-retention-remain").InnerTextAsync(), await page.Locator("#ams-component-retention-leave").InnerTextAsync(),
        }.Select(t => t.Trim()).ToArray();
        run.Expect(shown.SequenceEqual(declared), $"the leave dialog shows the cashier's declared text in {language}, not the SDK's English default",
            $"shown: [{string.Join(" | ", shown)}]; declared: [{string.Join(" | ", declared)}]");

        await PressAsync("#ams-component-retention-remain", "the dialog's Stay button");
        await run.Page.SettledAsync();
        run.Expect(!await IsShownAsync(dialog), "Stay closes the dialog");
        run.Expect(await page.Locator("#ams-component-container").CountAsync() == 1 && run.Page.AppFrame is not null, "after Stay the cashier is still there");
        run.Expect(!(await run.Page.EventsAsync()).Any(e => e.Channel == "onClose"), "Stay does not fire onClose");

        await PressAsync("#asm-component-close-block", "the close button again");
        await PressAsync("#ams-component-retention-leave", "the dialog's Leave button");
        var closed = await run.WaitAsync("onClose", timeoutMs: 5_000);
        run.Expect(closed is not null, "Leave fires onClose");
        try { await page.Locator("#ams-component-container").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 5_000 }); }
        catch (TimeoutException) { }
        await Task.Delay(500); // a second onClose would come by now
        var closes = (await run.Page.EventsAsync()).Count(e => e.Channel == "onClose");
        run.Expect(closes == 1, "onClose fires once", $"{closes} onClose events");
        run.Expect(await page.Locator("#ams-component-container, iframe[id^=ams-checkout-component]").CountAsync() == 0, "Leave removes the component");
        await run.CollectEvidenceAsync();

        run.Expect((await run.InquireAsync(requestId))["paymentStatus"]?.GetValue<string>() == "Processing", "the payment stays open after the buyer leaves the popup");
        await run.Environment.AdvanceClockAsync(TimeSpan.FromMinutes(61)); // virtual: past the session's 1 h
        var notification = await run.NotificationAsync(requestId);
        run.Expect(notification is { ResultStatus: "F", ResultCode: "ORDER_CLOSED" }, "it expires later and the shop is notified ORDER_CLOSED",
            notification is null ? "no notification" : $"{notification.ResultStatus} {notification.ResultCode}");
    }

    private static async Task<bool> IsShownAsync(ILocator dialog)
    {
        if (await dialog.CountAsync() == 0) return false;
        var classes = await dialog.GetAttributeAsync("class") ?? "";
        return classes.Contains("ams-component-retention-show", StringComparison.Ordinal) || (!classes.Contains("ams-component-retention-hidden", StringComparison.Ordinal) && await dialog.IsVisibleAsync());
    }

    /// <summary>appearance.showLoading false: no SDK spinner is ever added; which loading events still arrive is recorded.</summary>
    private static async Task NoLoadingAnimationAsync(CellRun run)
    {
        await WatchPageAsync(run);
        await run.OpenShopAsync();
        await run.CheckoutAsync(new() { ["showLoading"] = false });
        var start = await run.WaitAsync("onEventCallback", "SDK_START_OF_LOADING", 10_000);
        var app = await run.CashierAsync();
        run.Expect(app is not null, "the cashier renders with showLoading false (SDK_END_OF_LOADING arrives)");
        await run.ScreenshotAsync("rendered-without-loading");
        var spinners = await run.Page.Page.EvaluateAsync<string[]>("() => window.kitLoadingSeen");
        if (spinners.Length == 0) run.Expect(true, "no SDK loading element is ever added to the page");
        else run.Find("SDK 1.47.2 shows its loading animation although appearance.showLoading is false",
            $"elements added during the render: {string.Join(", ", spinners)} ({run.Cell.Device.ToWireValue()}); the SDK reads showLoading only for its inline loading, not for the popup's.");
        if (start is null)
            run.Find("With showLoading false, SDK 1.47.2 sends no SDK_START_OF_LOADING", "SDK_END_OF_LOADING arrived without it; do not wait for the start event to show your own loading state.");
        else run.Expect(true, "SDK_START_OF_LOADING still arrives with showLoading false (the SDK sends it whatever the option)");
        await run.CollectEvidenceAsync();
    }

    /// <summary>
    /// onLog during a render and during an error code: what reaches it, next to what the SDK itself logged (the
    /// simulator's tracker keeps the SDK's log calls on the page).
    /// </summary>
    private static async Task OnLogAsync(CellRun run)
    {
        var (_, rendered) = await RenderThroughClickAsync(run);
        if (!rendered) return;
        var logs = (await run.Page.EventsAsync()).Where(e => e.Channel == "onLog").ToList();
        run.Expect(logs.Any(l => l.Data?["source"]?.GetValue<string>() == "Kit cashier"), "onLog receives what the cashier app logs during the render",
            $"{logs.Count} onLog call(s): {string.Join("; ", logs.Select(l => l.Data?.ToJsonString()))}");
        var sdkLogs = await TrackerLogAsync(run);

        // An error code: a second createComponent while one is active (onError SDK_CREATECOMPONENT_ERROR).
        await run.Page.Page.EvaluateAsync("() => window.kitSdk.createComponent(window.kitSdkParams).catch(() => {})");
        run.Expect(await run.WaitAsync("onError", "SDK_CREATECOMPONENT_ERROR") is not null, "the error code arrives through onError");
        await Task.Delay(500);
        var duringError = (await run.Page.EventsAsync()).Count(e => e.Channel == "onLog") - logs.Count;
        var sdkLogsAfter = await TrackerLogAsync(run);
        var logged = sdkLogsAfter.Skip(sdkLogs.Count).ToList();
        if (duringError == 0)
            run.Find("SDK 1.47.2 passes to onLog only what the cashier app posts, never its own logs or errors",
                $"during the render the SDK logged {sdkLogs.Count} record(s) to its tracker ({Summary(sdkLogs)}) and onLog got only the cashier's {logs.Count}; " +
                $"during SDK_CREATECOMPONENT_ERROR it logged {logged.Count} more ({Summary(logged)}) and onLog got none. Log errors from onError, not onLog.");
        else run.Expect(true, $"onLog receives {duringError} entries during the error code");
        await run.CollectEvidenceAsync();
    }

    private static async Task<IReadOnlyList<string>> TrackerLogAsync(CellRun run) =>
        await run.Page.Page.EvaluateAsync<string[]>("() => (window.kitTrackerLog || []).map(e => e.fn + ':' + (e.alias || e.title || '?'))");

    private static string Summary(IReadOnlyList<string> entries) =>
        entries.Count == 0 ? "none" : string.Join(", ", entries.GroupBy(e => e).Take(8).Select(g => g.Count() > 1 ? $"{g.Key} ×{g.Count()}" : g.Key)) + (entries.Distinct().Count() > 8 ? ", …" : "");

    /// <summary>The buyer leaves the checkout for the shop: the page unmounts, and no SDK DOM or window listener is left.</summary>
    private static async Task LeavePageAsync(CellRun run)
    {
        await WatchPageAsync(run);
        await run.OpenShopAsync();
        var before = JsonNode.Parse(await run.Page.Page.EvaluateAsync<string>("() => JSON.stringify(window.kitLiveListeners())"))!.AsObject();
        var requestId = await run.ClickPaymentMethodAsync();
        if (!run.Expect(requestId is not null, "the shop's backend creates the payment session")) return;
        if (!run.Expect(await run.CashierAsync() is not null, "the cashier renders")) return;
        var during = JsonNode.Parse(await run.Page.Page.EvaluateAsync<string>("() => JSON.stringify(window.kitLiveListeners())"))!.AsObject();
        await run.Page.Page.EvaluateAsync("() => window.kitLeaveCheckout()");
        run.Expect(await run.WaitAsync("merchant", timeoutMs: 5_000) is not null, "leaving the checkout unmounts the component (the page's own step)");
        var after = JsonNode.Parse(await run.Page.Page.EvaluateAsync<string>("() => JSON.stringify(window.kitLiveListeners())"))!.AsObject();
        var left = await run.Page.Page.EvaluateAsync<int>("() => document.querySelectorAll('[id^=ams-component], [id^=asm-component], iframe[id^=ams-checkout-component]').length");
        run.Expect(left == 0, "no SDK element is left on the page", $"{left} element(s) left");
        var detail = $"window listeners before the checkout {before.ToJsonString()}, with the cashier {during.ToJsonString()}, after leaving {after.ToJsonString()}";
        // The page did its part (unmount); a listener the SDK leaves behind after that is the SDK's, which a merchant must know.
        var leftOver = after.Where(kv => kv.Value!.GetValue<int>() > before[kv.Key]!.GetValue<int>()).Select(kv => $"{kv.Key} ×{kv.Value!.GetValue<int>() - before[kv.Key]!.GetValue<int>()}").ToList();
        if (leftOver.Count == 0) run.Expect(true, "no SDK listener is left on the window", detail);
        else run.Find($"SDK 1.47.2's unmount leaves window listener(s) behind: {string.Join(", ", leftOver)}",
            $"{detail}. The page unmounted the component when the buyer left the checkout; the SDK removes its DOM but not every listener it added, so a single-page checkout that mounts again keeps accumulating them.");
        await run.ScreenshotAsync("left-checkout");
        await run.CollectEvidenceAsync();
    }
}
