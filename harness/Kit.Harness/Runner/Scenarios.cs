using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Kit.Harness.Matrix;

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
    public static bool MovesClock(Scenario scenario) => scenario == Scenario.AbandonThenExpiry;

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
}
