using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Contracts.Antom;

namespace Kit.Simulator.Engine;

/// <summary>
/// Antom's payment behaviour without HTTP: sessions, the payment state machine, idempotency on paymentRequestId,
/// and expiry. Every operation runs under one lock, so concurrent identical requests make one payment.
/// </summary>
public sealed class PaymentEngine(SimulatorStore store, TimeProvider clock, OutcomeTable outcomes, NotifyUrlPolicy urls)
{
    public OutcomeTable Outcomes => outcomes;

    /// <summary>Sessions last 1 h by default and at most 1 h (api-contract.md §3).</summary>
    public static readonly TimeSpan MaxSessionLifetime = TimeSpan.FromHours(1);

    private readonly object _gate = new();

    /// <summary>Raised (under the engine's lock) when a payment reaches SUCCESS, FAIL or CANCELLED.</summary>
    public event Action<PaymentState>? PaymentCompleted;

    /// <summary>
    /// Settles every payment whose time has come: delayed results complete, unpaid payments expire (the dispatcher
    /// calls this, so both notify without an inquiry).
    /// </summary>
    public void ExpireDue()
    {
        foreach (var (clientId, requestId) in store.FindExpiring(clock.GetUtcNow()))
            lock (_gate)
                if (store.FindByRequestId(clientId, requestId) is { } payment) Expire(payment);
    }

    /// <summary>Makes a payment take a named outcome from the catalog when the buyer approves it (control API).</summary>
    public PaymentState? Force(string clientId, string paymentRequestId, string outcomeName)
    {
        var outcome = outcomes.Find(outcomeName) ?? throw new ArgumentException(
            $"unknown outcome '{outcomeName}'; the catalog has: {string.Join(", ", outcomes.Outcomes.Select(o => o.Name))}");
        lock (_gate)
        {
            var payment = store.FindByRequestId(clientId, paymentRequestId);
            if (payment is null || payment.IsFinal) return payment;
            payment = payment with
            {
                Outcome = outcome.Name,
                ExpiresAt = outcome.ExpireAfterSeconds is { } s ? payment.CreatedAt.AddSeconds(s) : payment.ExpiresAt,
            };
            store.Update(payment);
            return payment;
        }
    }

    public CreatePaymentSessionResponse CreatePaymentSession(string clientId, CreatePaymentSessionRequest request)
    {
        if ((urls.Problem("paymentNotifyUrl", request.PaymentNotifyUrl, calledBack: true)
             ?? urls.Problem("paymentRedirectUrl", request.PaymentRedirectUrl, calledBack: false)) is { } badUrl)
            return new CreatePaymentSessionResponse { Result = Fail("PARAM_ILLEGAL", badUrl) };
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            var keyFields = KeyFields(request);
            var existing = store.FindByRequestId(clientId, request.PaymentRequestId);
            if (existing is not null)
            {
                return existing.KeyFields == keyFields
                    ? JsonSerializer.Deserialize(existing.SessionResponse, ContractsJsonContext.Default.CreatePaymentSessionResponse)!
                    : new CreatePaymentSessionResponse { Result = Fail("REPEAT_REQ_INCONSISTENT", $"paymentRequestId {request.PaymentRequestId} was used before with a different amount, product or payment method") };
            }

            var expires = now + MaxSessionLifetime;
            if (request.PaymentSessionExpiryTime is { } requested)
            {
                if (!DateTimeOffset.TryParse(requested, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) || at <= now || at > now + MaxSessionLifetime)
                    return new CreatePaymentSessionResponse { Result = Fail("PARAM_ILLEGAL", "paymentSessionExpiryTime must be an ISO 8601 time within 1 hour after the session is created") };
                expires = at;
            }

            // A fault QA armed for "the next payment" becomes this payment's before its session is made.
            if (store.TakeNextFault(clientId) is var next and not SdkFault.None) store.ArmFault(clientId, request.PaymentRequestId, next);
            var outcome = outcomes.ForAmount(request.PaymentAmount.Currency, request.PaymentAmount.Value);
            if (outcome.ExpireAfterSeconds is { } expireAfter && now.AddSeconds(expireAfter) < expires) expires = now.AddSeconds(expireAfter);
            var payment = new PaymentState(clientId, request.PaymentRequestId, NewPaymentId(now), NewSessionId(), "PROCESSING", null, null,
                request.PaymentAmount.Currency, request.PaymentAmount.Value, request.PaymentMethod?.PaymentMethodType,
                request.PaymentNotifyUrl, request.PaymentRedirectUrl, now, expires, null, keyFields, "", outcome.Name, TerminalType: request.Env?.TerminalType);
            var displayMode = request.PaymentMethod?.PaymentMethodMetaData is { } meta
                ? JsonSerializer.SerializeToNode(meta, ContractsJsonContext.Default.PaymentMethodMetaData) as JsonObject
                : null;
            var response = new CreatePaymentSessionResponse
            {
                Result = Success(),
                PaymentSessionId = payment.PaymentSessionId,
                PaymentSessionData = SessionData.Create(clientId, payment, displayMode, request.Locale, store.FaultFor(clientId, request.PaymentRequestId)),
                PaymentSessionExpiryTime = Iso(expires),
            };
            store.Insert(payment with { SessionResponse = JsonSerializer.Serialize(response, ContractsJsonContext.Default.CreatePaymentSessionResponse) });
            return response;
        }
    }

    public InquiryPaymentResponse InquiryPayment(string clientId, string? paymentId, string? paymentRequestId)
    {
        lock (_gate)
        {
            var payment = Find(clientId, paymentId, paymentRequestId);
            if (payment is null) return new InquiryPaymentResponse { Result = Fail("ORDER_NOT_EXIST", "no payment has this paymentId or paymentRequestId") };
            payment = Expire(payment);
            return new InquiryPaymentResponse
            {
                Result = Success(),
                PaymentStatus = Enum.Parse<PaymentStatus>(payment.Status, ignoreCase: true),
                PaymentResultCode = payment.ResultCode,
                PaymentResultMessage = payment.ResultMessage,
                PaymentRequestId = payment.PaymentRequestId,
                PaymentId = payment.PaymentId,
                PaymentAmount = new Amount { Currency = payment.Currency, Value = payment.Value },
                PaymentCreateTime = Iso(payment.CreatedAt),
                PaymentTime = payment.Status == "SUCCESS" && payment.CompletedAt is { } t ? Iso(t) : null,
                PaymentMethodType = payment.PaymentMethodType,
            };
        }
    }

    public CancelResponse Cancel(string clientId, string? paymentId, string? paymentRequestId)
    {
        lock (_gate)
        {
            var payment = Find(clientId, paymentId, paymentRequestId);
            if (payment is null) return new CancelResponse { Result = Fail("ORDER_NOT_EXIST", "no payment has this paymentId or paymentRequestId") };
            payment = Expire(payment);
            switch (payment.Status)
            {
                case "SUCCESS":
                    return new CancelResponse { Result = Fail("CANCEL_WINDOW_EXCEED", "the payment has completed; Thai online banking can only be cancelled before that") };
                case "FAIL":
                    return new CancelResponse { Result = Fail("ORDER_IS_CLOSED", "the payment has already failed or expired") };
                case "CANCELLED":
                    break; // a repeated cancel answers as the first one did
                default:
                    payment = payment with { Status = "CANCELLED", ResultCode = "ORDER_IS_CLOSED", ResultMessage = "cancelled by the merchant", CompletedAt = clock.GetUtcNow() };
                    store.Update(payment);
                    PaymentCompleted?.Invoke(payment);
                    break;
            }
            return new CancelResponse { Result = Success(), PaymentId = payment.PaymentId, PaymentRequestId = payment.PaymentRequestId, CancelTime = Iso(payment.CompletedAt!.Value) };
        }
    }

    /// <summary>
    /// The session's terminal type, fixed on first use: the merchant's env.terminalType if it sent one, otherwise the
    /// one the web SDK reports now (its gateway query), which is kept for the rest of the session.
    /// </summary>
    public TerminalType TerminalTypeOf(PaymentState payment, TerminalType reported)
    {
        if (payment.TerminalType is { } fixedType) return fixedType;
        lock (_gate)
        {
            var current = store.FindByRequestId(payment.ClientId, payment.PaymentRequestId) ?? payment;
            if (current.TerminalType is { } other) return other;
            store.Update(current with { TerminalType = reported });
            return reported;
        }
    }

    /// <summary>
    /// The buyer approves (the payment then takes its outcome: success, a failure code, a delayed result, or nothing
    /// until it expires) or declines with a reason. The control API and the bank page use this.
    /// </summary>
    /// <param name="paymentMethodType">The bank method the buyer chose on the cashier page, which inquiryPayment then reports.</param>
    public PaymentState? Complete(string clientId, string paymentRequestId, bool success, string? resultCode = null, string? paymentMethodType = null)
    {
        lock (_gate)
        {
            var payment = store.FindByRequestId(clientId, paymentRequestId);
            if (payment is null) return null;
            payment = Expire(payment);
            if (payment.IsFinal || payment.Status == "PENDING") return payment;
            if (paymentMethodType is not null && payment.PaymentMethodType != paymentMethodType)
            {
                payment = payment with { PaymentMethodType = paymentMethodType };
                store.Update(payment);
            }
            if (success)
            {
                var outcome = outcomes.Get(payment.Outcome);
                switch (outcome.Effect)
                {
                    case Catalog.Effect.Expire:
                        return payment; // the approval never reaches Antom; the payment expires
                    case Catalog.Effect.DelayedSuccess:
                        payment = payment with { Status = "PENDING", CompletesAt = clock.GetUtcNow().AddSeconds(outcome.DelaySeconds ?? 0) };
                        store.Update(payment);
                        return payment;
                    case Catalog.Effect.Fail:
                        success = false;
                        resultCode = outcome.ResultCode;
                        break;
                }
            }
            return Finish(payment, success, resultCode, clock.GetUtcNow());
        }
    }

    private PaymentState Finish(PaymentState payment, bool success, string? resultCode, DateTimeOffset at)
    {
        var code = success ? "SUCCESS" : resultCode ?? "PROCESS_FAIL";
        payment = payment with
        {
            Status = success ? "SUCCESS" : "FAIL",
            ResultCode = code,
            ResultMessage = ContractCatalogs.FindResultCode(code)?.Meaning ?? code,
            CompletedAt = at,
            CompletesAt = null,
        };
        store.Update(payment);
        PaymentCompleted?.Invoke(payment);
        return payment;
    }

    private PaymentState? Find(string clientId, string? paymentId, string? paymentRequestId) =>
        paymentId is not null ? store.FindByPaymentId(clientId, paymentId) // paymentId wins when both are given
        : paymentRequestId is not null ? store.FindByRequestId(clientId, paymentRequestId) : null;

    /// <summary>A payment nobody paid before it expired has failed; Kit reports ORDER_CLOSED (Antom's exact code is an open question).</summary>
    private PaymentState Expire(PaymentState payment)
    {
        if (payment.Status == "PENDING" && payment.CompletesAt is { } due && clock.GetUtcNow() >= due)
            return Finish(payment, success: true, null, due);
        if (payment.IsFinal || payment.Status == "PENDING" || clock.GetUtcNow() < payment.ExpiresAt) return payment;
        var expired = payment with { Status = "FAIL", ResultCode = "ORDER_CLOSED", ResultMessage = "the buyer did not pay before the payment expired", CompletedAt = payment.ExpiresAt };
        store.Update(expired);
        PaymentCompleted?.Invoke(expired);
        return expired;
    }

    /// <summary>What REPEAT_REQ_INCONSISTENT compares: the fields that define what is being paid.</summary>
    private static string KeyFields(CreatePaymentSessionRequest r) =>
        string.Join('|', r.ProductCode.ToWireValue(), r.PaymentAmount.Currency, r.PaymentAmount.Value, r.PaymentMethod?.PaymentMethodType ?? "", r.Order.OrderAmount.Currency, r.Order.OrderAmount.Value);

    private static string NewPaymentId(DateTimeOffset now) =>
        now.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + RandomNumberGenerator.GetInt32(0, int.MaxValue).ToString("D10", CultureInfo.InvariantCulture) + RandomNumberGenerator.GetInt32(100000, 999999).ToString(CultureInfo.InvariantCulture);

    private static string NewSessionId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static Result Success() => new() { ResultCode = "SUCCESS", ResultStatus = ResultStatus.S, ResultMessage = "success" };

    public static Result Fail(string code, string message) => new()
    {
        ResultCode = code,
        ResultStatus = ContractCatalogs.FindResultCode(code)?.Status ?? ResultStatus.F,
        ResultMessage = message.Length <= 256 ? message : message[..253] + "...",
    };
}
