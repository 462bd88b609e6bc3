using Kit.Harness.Matrix;

namespace Kit.Harness.Site;

/// <summary>A step of Antom's integration guide that the harness checks: where in the guide it is, what it asks, and what to change when it fails.</summary>
public sealed record GuideRule(GuideCheck Check, string GuideStep, string Expectation, string Advice)
{
    public string Name => Check.ToWireValue();
}

/// <summary>
/// The guide's steps as checks (docs/guide-checks.md says how each is observed). The step names are the headings of
/// the integration guide ("Create an SDK instance", "Send a createPaymentSession request", ...).
/// </summary>
public static class GuideRules
{
    public static readonly IReadOnlyList<GuideRule> All =
    [
        new(GuideCheck.SdkEnvironment, "Create an SDK instance",
            "the SDK instance gets a valid lower-case environment (sandbox, prod or light_sandbox)",
            "Pass environment: 'sandbox' (or 'prod') in lower case. SDK 1.47.2 treats the guide's upper-case 'SANDBOX' as production and does not recognise 'PROD'."),
        new(GuideCheck.SdkLocale, "Create an SDK instance: obtain the browser language",
            "the SDK instance gets the locale of the buyer's browser language (th_TH, in_ID, en_US; English for any other)",
            "Derive locale from navigator.language: th → th_TH, id → in_ID, anything else en_US."),
        new(GuideCheck.SessionSigned, "Send a createPaymentSession request",
            "every createPaymentSession is signed correctly",
            "Sign 'POST <path>\\n<clientId>.<request-time>.<body>' with the merchant key (RSA-SHA256, Base64, URL-encoded), over the exact bytes sent and the sandbox path for a SANDBOX_ client id."),
        new(GuideCheck.SessionValid, "Send a createPaymentSession request",
            "every createPaymentSession passes Antom's validation",
            "Fix the fields the violations name; Antom answers PARAM_ILLEGAL and no cashier can render."),
        new(GuideCheck.SessionUrls, "Send a createPaymentSession request",
            "createPaymentSession sets paymentRedirectUrl and paymentNotifyUrl",
            "Send paymentRedirectUrl (where the buyer returns) and paymentNotifyUrl (where Antom posts the result) with every session."),
        new(GuideCheck.OneSessionPerClick, "Send a createPaymentSession request: after the payment button click",
            "the backend creates one payment session per click of the buyer",
            "Create the session when the buyer clicks pay, once per click: not on page load, not twice."),
        new(GuideCheck.UnmountBeforeRecreate, "Render the payment pages: call unmount()",
            "when the buyer pays again, the page unmounts the previous component before its next createComponent",
            "Call unmount() on the SDK instance before createComponent for a new session. SDK 1.47.2 refuses a second component while the first is active (SDK_CREATECOMPONENT_ERROR, 'Only one component can be rendered simultaneously')."),
        new(GuideCheck.PageReacts, "Event codes",
            "the page reacts to the SDK's payment event or error code and throws nothing",
            "Handle SDK_PAYMENT_SUCCESSFUL, SDK_PAYMENT_FAIL and SDK_PAYMENT_CANCEL in onEventCallback and every error code in onError; show the buyer what happened."),
        new(GuideCheck.Acknowledgement, "Obtain a payment result",
            "the backend acknowledges notifyPayment with exactly Antom's SUCCESS body",
            "Answer HTTP 200 with exactly {\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"success\"}}; anything else makes Antom send it again."),
        new(GuideCheck.InquiryWhenWithheld, "Obtain a payment result: inquiryPayment",
            "when no notification arrives, the backend asks Antom with inquiryPayment",
            "When the buyer is back and no notification has come, call inquiryPayment for the payment instead of waiting."),
    ];

    public static GuideRule For(GuideCheck check) => All.Single(r => r.Check == check);

    /// <summary>The severity the matrix file gives a check: fail unless it says warn or off.</summary>
    public static CheckSeverity SeverityOf(GuideCheck check, Kit.Harness.Matrix.Site site) =>
        site.Checks is { } checks && checks.TryGetValue(check.ToWireValue(), out var severity) ? severity : CheckSeverity.Fail;
}
