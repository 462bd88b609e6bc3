using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Contracts.Antom;
using Kit.Simulator.Catalog;

namespace Kit.Simulator.Engine;

/// <summary>What the gateway answers, and the fault armed for the session (the HTTP face acts out network faults).</summary>
public sealed record GatewayAnswer(JsonObject Body, SdkFault Fault);

/// <summary>What the buyer does on the simulated bank page.</summary>
public enum BankAction
{
    Approve,
    Decline,
    Abandon,
}

/// <summary>
/// The cashier's server side, without HTTP. <see cref="Query"/> is the web SDK's gateway call (sdkAction.query): the
/// SDK reads only success, errorMessage and errorActions; the whole object goes to the cashier app as queryResult, so
/// it carries what the app renders: the amount, the banks offered for the display mode and device (names in the
/// buyer's language), or why none are. <see cref="Act"/> is the simulated bank page: the buyer approves, declines or
/// abandons, and the engine settles the payment as Antom would.
/// </summary>
public sealed class CashierGateway(BankCatalog banks, PaymentEngine engine, TimeProvider clock)
{
    /// <summary>Reasons the bank page offers for a decline: Antom's final failure codes that a buyer's bank causes.</summary>
    public static readonly IReadOnlyList<string> DeclineReasons =
        ["USER_BALANCE_NOT_ENOUGH", "USER_AMOUNT_EXCEED_LIMIT", "RISK_REJECT", "USER_PAYMENT_VERIFICATION_FAILED", "USER_STATUS_ABNORMAL"];

    /// <param name="reportedTerminalType">What the web SDK reports (envInfo.terminalType); used only when the merchant sent none.</param>
    public GatewayAnswer Query(string forwardedSessionData, TerminalType reportedTerminalType, string? locale)
    {
        var payment = engine.FindBySession(SessionData.Token(forwardedSessionData));
        if (payment is null) return new(Failure("SESSION_NOT_FOUND", "no payment session has this paymentSessionData"), SdkFault.None);
        var fault = engine.SdkFaultOf(payment.ClientId, payment.PaymentRequestId);
        if (fault == SdkFault.GatewayBusinessFailure)
            return new(Failure("SYSTEM", "Kit SDK fault gatewayBusinessFailure is armed for this payment"), fault);
        if (clock.GetUtcNow() >= payment.ExpiresAt || payment.IsFinal)
            return new(Failure("SESSION_EXPIRED", "the payment session has expired or the payment is complete"), fault);

        var mode = DisplayMode(payment);
        var terminalType = engine.TerminalTypeOf(payment, reportedTerminalType);
        var selection = Offer(payment, mode, terminalType);
        var offers = new JsonArray();
        foreach (var o in selection.Offers)
            offers.Add(new JsonObject
            {
                ["bankCode"] = o.Bank.Code,
                ["bankName"] = BankCatalog.Name(o.Bank, locale),
                ["category"] = o.Method.Category.ToWireValue(),
                ["paymentMethodType"] = o.Method.PaymentMethodType,
            });
        return new(new JsonObject
        {
            ["success"] = true,
            ["paymentSessionId"] = payment.PaymentSessionId,
            ["paymentRequestId"] = payment.PaymentRequestId,
            ["amount"] = new JsonObject { ["currency"] = payment.Currency, ["value"] = payment.Value },
            ["displayMode"] = mode?.DeepClone(),
            ["terminalType"] = terminalType.ToWireValue(),
            ["locale"] = locale,
            ["banks"] = offers,
            ["emptyReason"] = selection.Reason == EmptyReason.None ? null : selection.Reason.ToString(),
            ["expiresAt"] = payment.ExpiresAt.ToString("O"),
            ["declineReasons"] = new JsonArray(DeclineReasons.Select(r => (JsonNode)r).ToArray()),
            ["kitFault"] = fault == SdkFault.None ? null : SdkFaults.Name(fault),
        }, fault);
    }

    /// <summary>
    /// The buyer's step on the bank page for a method the cashier offered. Approve takes the payment's outcome
    /// (success, a failure code, a delayed result); decline fails it with the buyer's reason; abandon leaves it open
    /// until it expires. The answer tells the app which SDK_PAYMENT_* event to emit and where to send the buyer.
    /// </summary>
    public JsonObject Act(string forwardedSessionData, BankAction action, string bankCode, string paymentMethodType, string? declineReason)
    {
        var payment = engine.FindBySession(SessionData.Token(forwardedSessionData));
        if (payment is null) return Failure("SESSION_NOT_FOUND", "no payment session has this paymentSessionData");
        // The session's terminal type, as the gateway decided it; a bank step before any gateway query is a desktop's.
        var terminalType = payment.TerminalType ?? TerminalType.Web;
        if (!Offer(payment, DisplayMode(payment), terminalType).Offers.Any(o => o.Bank.Code == bankCode && o.Method.PaymentMethodType == paymentMethodType))
            return Failure("PAYMENT_METHOD_NOT_OFFERED", $"{paymentMethodType} of bank {bankCode} is not offered for this session on a {terminalType.ToWireValue()} client");
        if (action == BankAction.Decline && (declineReason is null || !DeclineReasons.Contains(declineReason)))
            return Failure("PARAM_ILLEGAL", $"a decline needs a reason, one of {string.Join(", ", DeclineReasons)}");

        var settled = action switch
        {
            BankAction.Approve => engine.Complete(payment.ClientId, payment.PaymentRequestId, success: true, paymentMethodType: paymentMethodType),
            BankAction.Decline => engine.Complete(payment.ClientId, payment.PaymentRequestId, success: false, declineReason, paymentMethodType),
            _ => payment,
        } ?? payment;
        var eventCode = action == BankAction.Abandon ? "SDK_PAYMENT_CANCEL" : settled.Status switch
        {
            PaymentStatus.Success => "SDK_PAYMENT_SUCCESSFUL",
            PaymentStatus.Fail or PaymentStatus.Cancelled => "SDK_PAYMENT_FAIL",
            _ => "SDK_PAYMENT_PROCESSING", // a delayed result, or an approval that never reaches Antom
        };
        return new JsonObject
        {
            ["success"] = true,
            ["paymentRequestId"] = settled.PaymentRequestId,
            ["paymentStatus"] = settled.Status.ToWireValue(),
            ["resultCode"] = settled.ResultCode,
            ["resultMessage"] = settled.ResultMessage,
            ["sdkEventCode"] = eventCode,
            // Antom sends the buyer back to the merchant once the bank has answered; an abandoned page has not.
            ["redirectUrl"] = action == BankAction.Abandon ? null : settled.RedirectUrl,
            ["kitFault"] = engine.SdkFaultOf(payment.ClientId, payment.PaymentRequestId) is var f and not SdkFault.None ? SdkFaults.Name(f) : null,
        };
    }

    private static JsonObject? DisplayMode(PaymentState payment)
    {
        var session = JsonSerializer.Deserialize(payment.SessionResponse, ContractsJsonContext.Default.CreatePaymentSessionResponse)!;
        return SessionData.Decode(session.PaymentSessionData!)?["kit"]?["displayMode"] as JsonObject;
    }

    private BankSelection Offer(PaymentState payment, JsonObject? mode, TerminalType terminalType) => banks.Offer(
        mode?["bankName"]?.GetValue<string>(), mode?["paymentMethodCategory"]?.GetValue<string>(), mode?["paymentMethodRegion"]?.GetValue<string>(),
        terminalType, payment.Currency, payment.Value);

    private static JsonObject Failure(string code, string message) => new()
    {
        ["success"] = false,
        ["errorCode"] = code,
        ["errorMessage"] = message,
    };
}
