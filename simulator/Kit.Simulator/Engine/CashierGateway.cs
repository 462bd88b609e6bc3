using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Simulator.Catalog;

namespace Kit.Simulator.Engine;

/// <summary>
/// What the web SDK's gateway call (sdkAction.query) answers for a session: the SDK reads only success,
/// errorMessage and errorActions; the whole object goes to the cashier app as queryResult, so it carries what the
/// app renders: the amount, the banks offered for the display mode and device (names in the buyer's language), or
/// why none are.
/// </summary>
public sealed class CashierGateway(SimulatorStore store, BankCatalog banks, TimeProvider clock)
{
    public JsonObject Query(string forwardedSessionData, string terminalType, string? locale)
    {
        var payment = store.FindBySessionId(SessionData.Token(forwardedSessionData));
        if (payment is null) return Failure("SESSION_NOT_FOUND", "no payment session has this paymentSessionData");
        if (clock.GetUtcNow() >= payment.ExpiresAt || payment.IsFinal) return Failure("SESSION_EXPIRED", "the payment session has expired or the payment is complete");

        var session = JsonSerializer.Deserialize(payment.SessionResponse, ContractsJsonContext.Default.CreatePaymentSessionResponse)!;
        var mode = SessionData.Decode(session.PaymentSessionData!)?["kit"]?["displayMode"] as JsonObject;
        var selection = banks.Offer(
            mode?["bankName"]?.GetValue<string>(), mode?["paymentMethodCategory"]?.GetValue<string>(), mode?["paymentMethodRegion"]?.GetValue<string>(),
            terminalType, payment.Currency, payment.Value);
        var offers = new JsonArray();
        foreach (var o in selection.Offers)
            offers.Add(new JsonObject
            {
                ["bankCode"] = o.Bank.Code,
                ["bankName"] = BankCatalog.Name(o.Bank, locale),
                ["category"] = o.Method.Category.ToWireValue(),
                ["paymentMethodType"] = o.Method.PaymentMethodType,
            });
        return new JsonObject
        {
            ["success"] = true,
            ["paymentSessionId"] = payment.PaymentSessionId,
            ["paymentRequestId"] = payment.PaymentRequestId,
            ["amount"] = new JsonObject { ["currency"] = payment.Currency, ["value"] = payment.Value },
            ["displayMode"] = mode?.DeepClone(),
            ["terminalType"] = terminalType,
            ["locale"] = locale,
            ["banks"] = offers,
            ["emptyReason"] = selection.Reason == EmptyReason.None ? null : selection.Reason.ToString(),
            ["expiresAt"] = payment.ExpiresAt.ToString("O"),
        };
    }

    private static JsonObject Failure(string code, string message) => new()
    {
        ["success"] = false,
        ["errorCode"] = code,
        ["errorMessage"] = message,
    };
}
