using System.Text.Json.Nodes;
using Kit.Harness.Matrix;
using Kit.Testing.Control;

namespace Kit.Harness.Site;

/// <summary>
/// The scenarios on a merchant's own checkout. The buyer's part on the merchant's page comes from the site section
/// (its steps and what the page shows); the cashier's part is Kit's (the simulator's cashier and bank page). Each
/// scenario's expectations are Kit's; the integration guide's steps are checked from what the probe saw on the page
/// and what the simulator saw of the backend, whatever the scenario (<see cref="CheckGuide"/>).
/// </summary>
public static class SiteScenarios
{
    /// <summary>The scenarios a site runs; the others drive options of Kit's own demo page that a merchant's page does not have.</summary>
    public static readonly IReadOnlySet<Scenario> Supported = new HashSet<Scenario>
    {
        Scenario.Render, Scenario.PaySuccess, Scenario.PayFailure, Scenario.AbandonThenExpiry, Scenario.UnmountAndRecreate,
        Scenario.NotificationWithheld, Scenario.InternalError, Scenario.GatewayBusinessFailure, Scenario.GatewayNetworkFailure, Scenario.MalformedSessionData,
    };

    /// <summary>The scenarios only a site runs: they test the merchant's own backend (does it inquire?), which Kit's demo shop is not.</summary>
    public static readonly IReadOnlySet<Scenario> SiteOnly = new HashSet<Scenario> { Scenario.NotificationWithheld };

    /// <summary>The SDK fault a scenario arms for the site's next payment, and the code the SDK then reports.</summary>
    private static (string Fault, string Code)? FaultOf(Scenario scenario) => scenario switch
    {
        Scenario.InternalError => ("appNonJsonMessage", "SDK_INTERNAL_ERROR"),
        Scenario.GatewayBusinessFailure => ("gatewayBusinessFailure", "SDK_CREATECOMPONENT_ERROR"),
        Scenario.GatewayNetworkFailure => ("gatewayNetworkFailure", "SDK_CREATECOMPONENT_ERROR"),
        Scenario.MalformedSessionData => ("malformedSessionData", "SDK_CREATEPAYMENT_PARAMETER_ERROR"),
        _ => null,
    };

    public static async Task RunAsync(SiteRun run)
    {
        var withheld = run.Cell.Scenario == Scenario.NotificationWithheld;
        if (withheld) await run.Simulator.WithholdNotificationsAsync(true);
        if (FaultOf(run.Cell.Scenario) is { } armed) await run.Simulator.ArmNextSdkFaultAsync(armed.Fault);
        try
        {
            await run.OpenAsync();
            await run.CheckoutAsync();
            var sessions = await run.SessionsAsync(1);
            var session = sessions.FirstOrDefault();
            if (session is null || session.ResultCode != "SUCCESS")
            {
                run.Expect(session is not null, "the backend calls createPaymentSession after the buyer's click", "no createPaymentSession reached the simulator within 20 s");
                run.NotReached("the cashier renders", session is null ? "there is no payment session" : $"createPaymentSession answered {session.ResultCode}: {session.ResultMessage}");
                await run.ScreenshotAsync("no-session");
                return;
            }
            if (FaultOf(run.Cell.Scenario) is { } fault)
            {
                await ErrorCodeAsync(run, fault.Code);
                return;
            }
            var app = await run.CashierAsync();
            if (!run.Expect(app is not null, "the cashier renders with the backend's session", $"no cashier within 20 s; the page is {run.Page.Url}")) return;
            await run.ScreenshotAsync("rendered");
            switch (run.Cell.Scenario)
            {
                case Scenario.PaySuccess:
                case Scenario.NotificationWithheld:
                    await PayAsync(run, app!, session, approve: true);
                    break;
                case Scenario.PayFailure:
                    await PayAsync(run, app!, session, approve: false);
                    break;
                case Scenario.AbandonThenExpiry:
                    await AbandonAsync(run, app!, session);
                    break;
                case Scenario.UnmountAndRecreate:
                    await PayAgainAsync(run, app!);
                    break;
            }
        }
        catch (SiteStepException e)
        {
            run.Expect(false, "the buyer's steps on the merchant's page can be done", e.Message);
            await run.ScreenshotAsync("step-failed");
        }
        finally
        {
            if (withheld) await run.Simulator.WithholdNotificationsAsync(false);
            if (FaultOf(run.Cell.Scenario) is not null) await run.Simulator.ArmNextSdkFaultAsync("none"); // when no session took it
            await run.CollectEvidenceAsync();
            await CheckGuideAsync(run);
        }
    }

    private static async Task PayAsync(SiteRun run, Microsoft.Playwright.IFrame app, MerchantCallRecord session, bool approve)
    {
        if (!run.Expect(await app.Locator("button.kit-bank").CountAsync() > 0, "there is a bank to pay with")) return;
        await run.ClickInCashierAsync(app.Locator("button.kit-bank").First);
        if (approve) await run.ClickInCashierAsync(app.Locator("#kit-approve"));
        else
        {
            await app.Locator("#kit-reason").SelectOptionAsync("USER_BALANCE_NOT_ENOUGH");
            await run.ClickInCashierAsync(app.Locator("#kit-decline"));
        }
        var code = approve ? "SDK_PAYMENT_SUCCESSFUL" : "SDK_PAYMENT_FAIL";
        run.Expect(await run.AppEventAsync(code) is not null, $"the cashier reports {code} to the page's SDK");
        await ReactsAsync(run, approve ? run.Site.Spec.Steps.Success : run.Site.Spec.Steps.Failure, approve ? "success" : "failure", code);
        await ReturnsAsync(run, session);
        await run.ScreenshotAsync("after-payment");
    }

    /// <summary>After the bank page Antom sends the buyer to paymentRedirectUrl; then the site's afterPayment steps.</summary>
    private static async Task ReturnsAsync(SiteRun run, MerchantCallRecord session)
    {
        if (session.PaymentRedirectUrl is not { } redirect)
        {
            run.NotReached("the buyer returns to paymentRedirectUrl", "the session has no paymentRedirectUrl");
            return;
        }
        var target = new Uri(redirect);
        var returned = false;
        for (var i = 0; i < 150 && !returned; i++)
        {
            returned = Uri.TryCreate(run.Page.Url, UriKind.Absolute, out var now) && now.GetLeftPart(UriPartial.Path) == target.GetLeftPart(UriPartial.Path);
            if (!returned) await Task.Delay(100);
        }
        if (run.Expect(returned, "the buyer returns to paymentRedirectUrl", $"the page stayed at {run.Page.Url}; paymentRedirectUrl is {redirect}")
            && run.Site.Spec.Steps.AfterPayment is { Count: > 0 } after)
            await run.StepsAsync(after, "afterPayment");
    }

    private static async Task AbandonAsync(SiteRun run, Microsoft.Playwright.IFrame app, MerchantCallRecord session)
    {
        if (!run.Expect(await app.Locator("button.kit-bank").CountAsync() > 0, "there is a bank to choose")) return;
        await run.ClickInCashierAsync(app.Locator("button.kit-bank").First);
        await run.ClickInCashierAsync(app.Locator("#kit-abandon"));
        run.Expect(await run.AppEventAsync("SDK_PAYMENT_CANCEL") is not null, "leaving the bank page reports SDK_PAYMENT_CANCEL to the page's SDK");
        if (run.Site.Spec.Steps.Cancel is { } cancel) await ReactsAsync(run, cancel, "cancel", "SDK_PAYMENT_CANCEL");
        // 61 virtual minutes: past the session's hour, the payment expires and Antom notifies ORDER_CLOSED.
        await run.Simulator.AdvanceClockAsync(TimeSpan.FromMinutes(61));
        var notifications = await run.Simulator.GetNotificationsAsync(session.PaymentRequestId!, TimeSpan.FromSeconds(10));
        run.Expect(notifications.Any(n => n.Attempts.Count > 0), "at expiry the backend is notified (ORDER_CLOSED)", notifications.Count == 0 ? "no notification" : string.Join("; ", notifications.Select(n => n.State)));
    }

    /// <summary>The buyer closes the cashier and starts paying again; the page must unmount the component before the next createComponent.</summary>
    private static async Task PayAgainAsync(SiteRun run, Microsoft.Playwright.IFrame first)
    {
        // The popup covers the merchant's page: the buyer closes it, then chooses again on the page.
        var closed = await run.CloseCashierAsync();
        var listens = run.Probe.Events.FirstOrDefault(e => e.Channel == "constructor")?.Data?["callbacks"]?.AsArray().Any(c => c?.ToString() == "onClose") == true;
        if (closed && listens)
            run.Expect(await run.Probe.WaitForAsync(e => e.Channel == "onClose", TimeSpan.FromSeconds(10)) is not null, "closing the cashier reports onClose to the page");
        await run.CheckoutAsync(run.Site.Spec.Steps.PayAgain, "payAgain");
        var sessions = await run.SessionsAsync(2);
        if (!run.Expect(sessions.Count >= 2, "paying again makes the backend create a second session", $"{sessions.Count} createPaymentSession call(s)")) return;
        var second = await run.CashierAsync(notThisOne: first);
        // Without unmount() the SDK may refuse the second component ("Only one component can be rendered
        // simultaneously"): that is the guide check's failure, not another one.
        if (second is null && UnmountedBeforeSecond(run) == false)
            run.NotReached("the second session renders", "the page did not unmount the first component (guide check unmount-before-recreate)");
        else run.Expect(second is not null, "the second session renders", "no new cashier within 20 s" + TooSoonAfterClose(run));
        await run.ScreenshotAsync("paid-again");
    }

    /// <summary>What an SDK error code must do: the SDK reports it, and the page shows the buyer something instead of breaking.</summary>
    private static async Task ErrorCodeAsync(SiteRun run, string code)
    {
        if (run.Probe.SawSdkGlobal)
            run.Expect(await run.Probe.WaitForAsync(e => e.Channel == "onError" && e.Code == code, TimeSpan.FromSeconds(20)) is not null, $"the SDK reports {code} to the page's onError");
        await ReactsAsync(run, run.Site.Spec.Steps.Error, "error", code);
        await run.ScreenshotAsync("error");
    }

    /// <summary>The guide's "the page reacts": after the SDK's event, the page shows what the site section says, with no uncaught error.</summary>
    private static async Task ReactsAsync(SiteRun run, Target? target, string what, string code)
    {
        if (target is null)
        {
            run.Guide(GuideCheck.PageReacts, false, $"the site section says nothing about what the page shows on {what} (steps.{what}): add it so the reaction can be checked");
            return;
        }
        var shown = await run.ShowsAsync(target);
        var errors = run.Result.Console.Where(c => c.Type == Kit.Harness.Browser.PageErrors.Page).Select(c => c.Text).ToList();
        run.Guide(GuideCheck.PageReacts, shown && errors.Count == 0,
            !shown ? $"after {code} the page did not show {SiteTemplate.Describe(target)} within 20 s (it is at {run.Page.Url})"
            : errors.Count > 0 ? $"the page threw: {string.Join("; ", errors)}" : $"after {code} it showed {SiteTemplate.Describe(target)}");
    }

    /// <summary>
    /// SDK 1.47.2 removes its popup 300 ms after the buyer's Leave (cleanContainer defers cleanElement); a component
    /// created in those 300 ms is removed with it and never loads ("Load resource timeout" 15 s later).
    /// </summary>
    private static string TooSoonAfterClose(SiteRun run)
    {
        var close = run.Probe.Events.LastOrDefault(e => e.Channel == "onClose");
        var create = close is null ? null : run.Probe.Events.FirstOrDefault(e => e.Channel == "createComponent" && e.Milliseconds >= close.Milliseconds);
        return create is not null && create.Milliseconds - close!.Milliseconds < 300
            ? $"; the page called createComponent {create.Milliseconds - close.Milliseconds} ms after onClose, and SDK 1.47.2 removes its popup 300 ms after the buyer leaves, taking a component created meanwhile with it: wait for the popup to go (or 300 ms) before creating the next"
            : "";
    }

    private static bool? UnmountedBeforeSecond(SiteRun run)
    {
        if (!run.Probe.SawSdkGlobal) return null; // a bundled SDK: the probe sees no createComponent or unmount
        var creates = run.Probe.Events.Where(e => e.Channel == "createComponent").ToList();
        if (creates.Count < 2) return null;
        return run.Probe.Events.Any(e => e.Channel == "unmount" && e.Milliseconds >= creates[0].Milliseconds && e.Milliseconds <= creates[1].Milliseconds);
    }

    /// <summary>The integration guide's steps, checked from what the probe saw on the page and what the simulator saw of the backend.</summary>
    private static async Task CheckGuideAsync(SiteRun run)
    {
        var calls = await run.CallsAsync();
        var sessions = calls.Where(c => c.Operation == "createPaymentSession").ToList();
        var constructor = run.Probe.Events.FirstOrDefault(e => e.Channel == "constructor");
        var iframe = run.Result.IframeParameters;

        // Create an SDK instance: environment and locale, from its options, or (a bundled SDK) from the iframe it made.
        if (constructor is not null)
        {
            var environment = constructor.Data?["environment"]?.ToString();
            run.Guide(GuideCheck.SdkEnvironment, environment is "sandbox" or "prod" or "light_sandbox", $"environment: {(environment is null ? "not given" : $"'{environment}'")}");
            var locale = constructor.Data?["locale"]?.ToString();
            var want = ExpectedLocale(run.Cell.Locale);
            run.Guide(GuideCheck.SdkLocale, locale == want, $"the browser's language is {SiteTemplate.Language(run.Cell.Locale)}; locale: {(locale is null ? "not given" : $"'{locale}'")}, expected '{want}'");
        }
        else if (iframe.Count > 0)
        {
            // A bundled SDK: its options are not visible, but its iframe says how it ran (shadow=true for sandbox,
            // sandbox=true for light_sandbox); a SANDBOX_ client's sessions need a sandbox SDK.
            var sandboxed = iframe.GetValueOrDefault("shadow") == "true" || iframe.GetValueOrDefault("sandbox") == "true";
            var sandboxClient = run.Site.RunValues["clientId"].StartsWith("SANDBOX_", StringComparison.Ordinal);
            run.Guide(GuideCheck.SdkEnvironment, sandboxed == sandboxClient,
                $"a bundled SDK, seen through its iframe: it ran as {(sandboxed ? "sandbox" : "production")} for the {(sandboxClient ? "sandbox" : "production")} client {run.Site.RunValues["clientId"]}" +
                (sandboxed == sandboxClient ? "" : sandboxClient ? " (an environment other than lower-case 'sandbox' makes SDK 1.47.2 run as production)" : ""));
            var want = ExpectedLocale(run.Cell.Locale);
            run.Guide(GuideCheck.SdkLocale, iframe.GetValueOrDefault("locale") == want, $"the iframe got locale={iframe.GetValueOrDefault("locale")}, expected {want}");
        }

        // Send a createPaymentSession request.
        if (sessions.Count > 0)
        {
            var unsigned = sessions.Where(s => !s.SignatureValid).ToList();
            run.Guide(GuideCheck.SessionSigned, unsigned.Count == 0, unsigned.Count == 0 ? $"{sessions.Count} signed correctly" : string.Join("; ", unsigned.Select(s => s.Signature)));
            var signed = sessions.Where(s => s.SignatureValid).ToList();
            if (signed.Count > 0)
            {
                var invalid = signed.Where(s => !s.Valid).ToList();
                run.Guide(GuideCheck.SessionValid, invalid.Count == 0, invalid.Count == 0 ? $"{signed.Count} valid"
                    : string.Join("; ", invalid.Select(s => s.Violations.Count > 0 ? string.Join(", ", s.Violations) : s.ResultMessage)));
                var missing = signed.Where(s => s.PaymentRedirectUrl is null || s.PaymentNotifyUrl is null).ToList();
                run.Guide(GuideCheck.SessionUrls, missing.Count == 0, missing.Count == 0 ? "both set"
                    : string.Join("; ", missing.Select(s => $"{s.PaymentRequestId}: {(s.PaymentRedirectUrl is null ? "no paymentRedirectUrl " : "")}{(s.PaymentNotifyUrl is null ? "no paymentNotifyUrl" : "")}")));
            }
        }
        if (run.Clicks > 0)
            run.Guide(GuideCheck.OneSessionPerClick, sessions.Count == run.Clicks, $"{run.Clicks} click(s), {sessions.Count} createPaymentSession call(s)");

        // Render the payment pages: unmount before paying again.
        if (run.Cell.Scenario == Scenario.UnmountAndRecreate && UnmountedBeforeSecond(run) is { } unmounted)
            run.Guide(GuideCheck.UnmountBeforeRecreate, unmounted, unmounted ? "unmount() came before the second createComponent"
                : "createComponent was called again without unmount() in between");

        // Obtain a payment result: the acknowledgement, and inquiry when no notification comes.
        var paid = sessions.Where(s => s.ResultCode == "SUCCESS" && s.PaymentRequestId is not null).Select(s => s.PaymentRequestId!).ToList();
        if (run.Cell.Scenario is Scenario.PaySuccess or Scenario.PayFailure or Scenario.AbandonThenExpiry)
        {
            var attempts = new List<(string Id, NotificationAttemptRecord Attempt)>();
            foreach (var id in paid)
                foreach (var n in await run.Simulator.GetNotificationsAsync(id, TimeSpan.FromSeconds(10)))
                    if (n.NotifyType == "PAYMENT_RESULT") attempts.AddRange(n.Attempts.Take(1).Select(a => (id, a)));
            if (attempts.Count > 0)
            {
                var wrong = attempts.Where(a => !a.Attempt.Acknowledged).ToList();
                run.Guide(GuideCheck.Acknowledgement, wrong.Count == 0, wrong.Count == 0 ? "answered exactly SUCCESS"
                    : string.Join("; ", wrong.Select(w => $"{w.Id}: {(w.Attempt.StatusCode is { } s ? $"HTTP {s} '{w.Attempt.Response}'" : w.Attempt.Error)}")));
            }
        }
        if (run.Cell.Scenario == Scenario.NotificationWithheld && paid.Count > 0)
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            var inquired = false;
            while (!inquired && DateTime.UtcNow < deadline)
            {
                inquired = (await run.CallsAsync()).Any(c => c.Operation == Kit.Contracts.Operations.AntomOperations.InquiryPayment.Name && paid.Contains(c.PaymentRequestId ?? ""));
                if (!inquired) await Task.Delay(200);
            }
            run.Guide(GuideCheck.InquiryWhenWithheld, inquired, inquired ? "the backend called inquiryPayment" : "no inquiryPayment within 15 s of the buyer's return");
        }
    }

    /// <summary>The SDK locale the guide wants for a browser language: th_TH, in_ID or en_US, English for any other.</summary>
    public static string ExpectedLocale(string locale) => locale[..2] switch
    {
        "th" => "th_TH",
        "id" or "in" => "in_ID",
        _ => "en_US",
    };
}
