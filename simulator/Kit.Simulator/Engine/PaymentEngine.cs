using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Contracts.Antom;
using Kit.Contracts.Operations;

namespace Kit.Simulator.Engine;

/// <summary>
/// Antom's behaviour without HTTP: sessions, the payment lifecycle (<see cref="PaymentStatus"/>), idempotency on
/// paymentRequestId, expiry and delayed results, refunds (PaymentEngine.Refunds.cs), and the switches QA flips. Every
/// change of state runs under one lock, and the notifications it owes go to the <see cref="Outbox"/> with it.
/// The merchant API calls one handler per operation of <see cref="AntomOperations"/>: (client id, typed request) →
/// typed response.
/// </summary>
public sealed partial class PaymentEngine(SimulatorStore store, TimeProvider clock, OutcomeTable outcomes, BankCatalog banks, NotifyUrlPolicy urls,
    Outbox outbox, TimeSpan? refundWindow = null)
{
    public OutcomeTable Outcomes => outcomes;

    /// <summary>Sessions last 1 h by default and at most 1 h (docs/antom-api.md §3).</summary>
    public static readonly TimeSpan MaxSessionLifetime = TimeSpan.FromHours(1);

    private readonly object _gate = new();

    /// <summary>
    /// Settles what has fallen due (the scheduler calls this): delayed results complete, unpaid payments expire,
    /// refunds in process reach their result. Each notifies as it settles.
    /// </summary>
    public void SettleDue()
    {
        var now = clock.GetUtcNow();
        foreach (var (clientId, requestId) in store.FindExpiring(now))
            lock (_gate)
                if (store.FindByRequestId(clientId, requestId) is { } payment) Settle(payment);
        foreach (var refund in store.DueRefunds(now))
            lock (_gate)
                if (store.FindRefundByRequestId(refund.ClientId, refund.RefundRequestId) is { } current) SettleRefund(current);
    }

    public CreatePaymentSessionResponse CreatePaymentSession(string clientId, CreatePaymentSessionRequest request)
    {
        if ((urls.Problem("paymentNotifyUrl", request.PaymentNotifyUrl, calledBack: true)
             ?? urls.Problem("paymentRedirectUrl", request.PaymentRedirectUrl, calledBack: false)) is { } badUrl)
            return new CreatePaymentSessionResponse { Result = AntomWire.Fail("PARAM_ILLEGAL", badUrl) };
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            var keyFields = KeyFields(request);
            var existing = store.FindByRequestId(clientId, request.PaymentRequestId);
            if (existing is not null)
            {
                return existing.KeyFields == keyFields
                    ? JsonSerializer.Deserialize(existing.SessionResponse, ContractsJsonContext.Default.CreatePaymentSessionResponse)!
                    : new CreatePaymentSessionResponse { Result = AntomWire.Fail("REPEAT_REQ_INCONSISTENT", $"paymentRequestId {request.PaymentRequestId} was used before with a different amount, product or payment method") };
            }

            var expires = now + MaxSessionLifetime;
            if (request.PaymentSessionExpiryTime is { } requested)
            {
                if (!DateTimeOffset.TryParse(requested, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) || at <= now || at > now + MaxSessionLifetime)
                    return new CreatePaymentSessionResponse { Result = AntomWire.Fail("PARAM_ILLEGAL", "paymentSessionExpiryTime must be an ISO 8601 time within 1 hour after the session is created") };
                expires = at;
            }

            // A fault QA armed for "the next payment" becomes this payment's before its session is made.
            if (store.TakeNextFault(clientId) is var next and not SdkFault.None) store.ArmFault(clientId, request.PaymentRequestId, next);
            var outcome = outcomes.ForAmount(request.PaymentAmount.Currency, request.PaymentAmount.Value);
            if (outcome.ExpireAfterSeconds is { } expireAfter && now.AddSeconds(expireAfter) < expires) expires = now.AddSeconds(expireAfter);
            var payment = new PaymentState(clientId, request.PaymentRequestId, NewId(now), NewSessionId(), PaymentStatus.Processing, null, null,
                request.PaymentAmount.Currency, request.PaymentAmount.Value, request.PaymentMethod?.PaymentMethodType,
                request.PaymentNotifyUrl, request.PaymentRedirectUrl, now, expires, null, keyFields, "", outcome.Name, TerminalType: request.Env?.TerminalType);
            var displayMode = request.PaymentMethod?.PaymentMethodMetaData is { } meta
                ? JsonSerializer.SerializeToNode(meta, ContractsJsonContext.Default.PaymentMethodMetaData) as JsonObject
                : null;
            var response = new CreatePaymentSessionResponse
            {
                Result = AntomWire.Success(),
                PaymentSessionId = payment.PaymentSessionId,
                PaymentSessionData = SessionData.Create(clientId, payment, displayMode, request.Locale, store.FaultFor(clientId, request.PaymentRequestId)),
                PaymentSessionExpiryTime = AntomTime.Format(expires),
            };
            store.Insert(payment with { SessionResponse = JsonSerializer.Serialize(response, ContractsJsonContext.Default.CreatePaymentSessionResponse) });
            return response;
        }
    }

    public InquiryPaymentResponse InquiryPayment(string clientId, InquiryPaymentRequest request)
    {
        lock (_gate)
        {
            var payment = Find(clientId, request.PaymentId, request.PaymentRequestId);
            return payment is null
                ? new InquiryPaymentResponse { Result = AntomWire.Fail("ORDER_NOT_EXIST", "no payment has this paymentId or paymentRequestId") }
                : AntomWire.Inquiry(Settle(payment));
        }
    }

    public CancelResponse Cancel(string clientId, CancelRequest request)
    {
        lock (_gate)
        {
            var payment = Find(clientId, request.PaymentId, request.PaymentRequestId);
            if (payment is null) return new CancelResponse { Result = AntomWire.Fail("ORDER_NOT_EXIST", "no payment has this paymentId or paymentRequestId") };
            payment = Settle(payment);
            switch (payment.Status)
            {
                case PaymentStatus.Success:
                    return new CancelResponse { Result = AntomWire.Fail("CANCEL_WINDOW_EXCEED", "the payment has completed; Thai online banking can only be cancelled before that") };
                case PaymentStatus.Fail:
                    return new CancelResponse { Result = AntomWire.Fail("ORDER_IS_CLOSED", "the payment has already failed or expired") };
                case PaymentStatus.Cancelled:
                    break; // a repeated cancel answers as the first one did
                default:
                    // A merchant's cancellation is not notified.
                    payment = payment with { Status = PaymentStatus.Cancelled, ResultCode = "ORDER_IS_CLOSED", ResultMessage = "cancelled by the merchant", CompletedAt = clock.GetUtcNow() };
                    store.Update(payment);
                    break;
            }
            return AntomWire.Cancelled(payment);
        }
    }

    /// <summary>A payment by its paymentRequestId, settled first (what the control API and the cashier read).</summary>
    public PaymentState? FindPayment(string clientId, string paymentRequestId)
    {
        lock (_gate) return store.FindByRequestId(clientId, paymentRequestId) is { } payment ? Settle(payment) : null;
    }

    /// <summary>The payment a session belongs to (the cashier's and the gateway's way in).</summary>
    public PaymentState? FindBySession(string paymentSessionId) => store.FindBySessionId(paymentSessionId);

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
            payment = Settle(payment);
            if (payment.IsFinal || payment.Status == PaymentStatus.Pending) return payment;
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
                        payment = payment with { Status = PaymentStatus.Pending, CompletesAt = clock.GetUtcNow().AddSeconds(outcome.DelaySeconds ?? 0) };
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
            Status = success ? PaymentStatus.Success : PaymentStatus.Fail,
            ResultCode = code,
            ResultMessage = ContractCatalogs.FindResultCode(code)?.Meaning ?? code,
            CompletedAt = at,
            CompletesAt = null,
        };
        store.Update(payment);
        outbox.PaymentCompleted(payment);
        return payment;
    }

    private PaymentState? Find(string clientId, string? paymentId, string? paymentRequestId) =>
        paymentId is not null ? store.FindByPaymentId(clientId, paymentId) // paymentId wins when both are given
        : paymentRequestId is not null ? store.FindByRequestId(clientId, paymentRequestId) : null;

    /// <summary>
    /// Brings a payment up to the clock: a delayed result that is due completes; an unpaid payment past its expiry
    /// fails with ORDER_CLOSED (Kit's code; Antom's exact code is an open question).
    /// </summary>
    private PaymentState Settle(PaymentState payment)
    {
        if (payment.Status == PaymentStatus.Pending && payment.CompletesAt is { } due && clock.GetUtcNow() >= due)
            return Finish(payment, success: true, null, due);
        if (payment.IsFinal || payment.Status == PaymentStatus.Pending || clock.GetUtcNow() < payment.ExpiresAt) return payment;
        var expired = payment with { Status = PaymentStatus.Fail, ResultCode = "ORDER_CLOSED", ResultMessage = "the buyer did not pay before the payment expired", CompletedAt = payment.ExpiresAt };
        store.Update(expired);
        outbox.PaymentCompleted(expired);
        return expired;
    }

    /// <summary>What REPEAT_REQ_INCONSISTENT compares: the fields that define what is being paid.</summary>
    private static string KeyFields(CreatePaymentSessionRequest r) =>
        string.Join('|', r.ProductCode.ToWireValue(), r.PaymentAmount.Currency, r.PaymentAmount.Value, r.PaymentMethod?.PaymentMethodType ?? "", r.Order.OrderAmount.Currency, r.Order.OrderAmount.Value);

    /// <summary>An id in the shape of Antom's paymentId and refundId: the date, then digits.</summary>
    private static string NewId(DateTimeOffset now) =>
        now.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + RandomNumberGenerator.GetInt32(0, int.MaxValue).ToString("D10", CultureInfo.InvariantCulture) + RandomNumberGenerator.GetInt32(100000, 999999).ToString(CultureInfo.InvariantCulture);

    private static string NewSessionId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
