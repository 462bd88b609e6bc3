using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Operations;
using Kit.Simulator.Catalog;
using Kit.Simulator.Engine;

namespace Kit.Simulator.Hosting;

/// <summary>
/// The simulator's own API under /kit, for tests and QA: the clock, the simulator's public key, completing a payment
/// as the buyer would, forcing payment and refund outcomes, arming SDK and merchant-API faults, and the notification
/// log with every attempt. It talks to the engine (and the scheduler for time); answers are plain JSON (not signed).
/// </summary>
public sealed class ControlApi(PaymentEngine engine, SimulatorScheduler scheduler, SimulatorClock clock, ClientRegistry clients, MerchantCallLog merchantCalls)
{
    public ApiResponse Handle(ApiRequest request)
    {
        try
        {
            var segments = request.Segments.ToArray();
            var query = request.Query;
            return (request.Method.ToUpperInvariant(), segments) switch
            {
                ("GET", ["kit"]) => Json(new JsonObject
                {
                    ["sandboxClientId"] = clients.SandboxClientId,
                    ["merchantApi"] = new JsonArray(AntomOperations.All.Select(o => (JsonNode)new JsonObject
                    {
                        ["operation"] = o.Name, ["path"] = o.Path, ["sandboxPath"] = AntomEndpoints.PathFor(o.Path, clients.SandboxClientId),
                        ["idempotencyKey"] = o.IdempotencyKey, ["description"] = o.Description,
                    }).ToArray()),
                    ["notifications"] = new JsonArray(AntomNotificationKinds.All.Select(k => (JsonNode)new JsonObject { ["kind"] = k.Name, ["to"] = k.NotifyUrlField }).ToArray()),
                    ["control"] = new JsonArray("GET /kit/keys/antom-public.pem", "GET /kit/clock", "POST /kit/clock/advance {\"seconds\":N}",
                        "POST /kit/payments/{paymentRequestId}/approve|decline|abandon[?clientId=]", "POST /kit/payments/{paymentRequestId}/force {\"outcome\":\"name\"}", "GET /kit/outcomes", "GET /kit/notifications?paymentRequestId=&clientId=&waitSeconds=",
                        "GET /kit/refunds/{refundRequestId}", "POST /kit/refunds/{refundRequestId}/force {\"outcome\":\"refund-fail\"}",
                        "GET /kit/merchant-faults", "POST /kit/merchant-faults {\"operation\":\"inquiryPayment\",\"fault\":\"unknown\",\"count\":1}",
                        "GET /kit/sdk-faults", "POST /kit/payments/{paymentRequestId}/sdk-fault {\"fault\":\"name\"}", "POST /kit/sdk-fault/next {\"fault\":\"name\"}",
                        "POST /kit/notifications/withhold {\"withhold\":true}", "GET /kit/merchant-calls?after=&limit=&clientId="),
                }),
                ("GET", ["kit", "keys", "antom-public.pem"]) => new ApiResponse(200, new Dictionary<string, string> { ["Content-Type"] = "application/x-pem-file" }, Encoding.UTF8.GetBytes(clients.AntomPublicKeyPem)),
                ("GET", ["kit", "clock"]) => Clock(),
                ("GET", ["kit", "sdk-faults"]) => SdkFaultList(),
                ("POST", ["kit", "payments", var id, "sdk-fault"]) => ArmFault(id, query.GetValueOrDefault("clientId") ?? clients.SandboxClientId, request.Body),
                ("GET", ["kit", "outcomes"]) => Json(JsonNode.Parse(JsonSerializer.Serialize(engine.Outcomes.Catalog, CatalogJsonContext.Default.OutcomeCatalog))!),
                ("GET", ["kit", "refunds", var refundRequestId]) => Refund(refundRequestId, query.GetValueOrDefault("clientId") ?? clients.SandboxClientId),
                ("POST", ["kit", "refunds", var refundRequestId, "force"]) => ForceRefund(refundRequestId, query.GetValueOrDefault("clientId") ?? clients.SandboxClientId, request.Body),
                ("GET", ["kit", "merchant-faults"]) => MerchantFaults(),
                ("POST", ["kit", "merchant-faults"]) => ArmMerchantFault(query.GetValueOrDefault("clientId") ?? clients.SandboxClientId, request.Body),
                ("POST", ["kit", "clock", "advance"]) => Advance(request.Body),
                ("POST", ["kit", "payments", var id, var action]) => Buyer(id, action, query.GetValueOrDefault("clientId") ?? clients.SandboxClientId, request.Body),
                ("GET", ["kit", "merchant-calls"]) => MerchantCalls(query.GetValueOrDefault("after"), query.GetValueOrDefault("limit"), query.GetValueOrDefault("clientId")),
                ("POST", ["kit", "sdk-fault", "next"]) => ArmNextFault(query.GetValueOrDefault("clientId") ?? clients.SandboxClientId, request.Body),
                ("POST", ["kit", "notifications", "withhold"]) => Withhold(query.GetValueOrDefault("clientId") ?? clients.SandboxClientId, request.Body),
                ("GET", ["kit", "notifications"]) => Notifications(query.GetValueOrDefault("clientId") ?? clients.SandboxClientId, query.GetValueOrDefault("paymentRequestId"),
                    query.GetValueOrDefault("waitSeconds")),
                _ => Error(404, $"no control endpoint {request.Method} {request.Path}; GET /kit lists them"),
            };
        }
        catch (ControlRequestException e)
        {
            return Error(e.Status, e.Message);
        }
        catch (ArgumentException e)
        {
            return Error(400, e.Message);
        }
    }

    private ApiResponse Clock() => Json(new JsonObject { ["now"] = clock.GetUtcNow().ToString("O"), ["virtual"] = clock.IsVirtual });

    /// <summary>The furthest one call moves the clock: ten years, past any expiry or retry schedule Antom has.</summary>
    private const double MaxAdvanceSeconds = 10 * 365 * 24 * 3600;

    private ApiResponse Advance(byte[] body)
    {
        if (!clock.IsVirtual) throw new ControlRequestException(409, "the clock is real; start the simulator with --clock virtual to move it");
        var seconds = ControlBody.Parse(body, "{\"seconds\": 120}").Number("seconds", 0, MaxAdvanceSeconds);
        scheduler.AdvanceClockAsync(TimeSpan.FromSeconds(seconds)).GetAwaiter().GetResult();
        return Clock();
    }

    private ApiResponse Buyer(string paymentRequestId, string action, string clientId, byte[] body)
    {
        PaymentState? payment = action switch
        {
            "approve" => engine.Complete(clientId, paymentRequestId, success: true),
            "decline" => engine.Complete(clientId, paymentRequestId, success: false,
                ControlBody.Parse(body, "{\"resultCode\": \"USER_BALANCE_NOT_ENOUGH\"}").String("resultCode")),
            "abandon" => engine.FindPayment(clientId, paymentRequestId), // the buyer leaves; the payment expires later
            "force" => engine.Force(clientId, paymentRequestId,
                ControlBody.Parse(body, "{\"outcome\": \"risk-reject\"}").String("outcome") ?? throw new ControlRequestException(400, "send {\"outcome\": \"name\"}; GET /kit/outcomes lists them")),
            _ => throw new ArgumentException($"unknown action '{action}': use approve, decline, abandon or force"),
        };
        if (payment is null) return Error(404, $"no payment {paymentRequestId} for client {clientId}");
        // The notification goes out in the background; ?waitSeconds= on /kit/notifications waits for it.
        return Json(new JsonObject { ["paymentRequestId"] = payment.PaymentRequestId, ["paymentId"] = payment.PaymentId, ["status"] = payment.Status.ToWireValue(), ["resultCode"] = payment.ResultCode });
    }

    private static ApiResponse SdkFaultList()
    {
        var list = new JsonArray();
        foreach (var fault in Enum.GetValues<SdkFault>().Where(f => f != SdkFault.None))
            list.Add(new JsonObject
            {
                ["fault"] = SdkFaults.Name(fault),
                ["provokes"] = SdkFaults.ProvokedCode(fault),
                ["armBeforeCreatePaymentSession"] = SdkFaults.ShapesSession(fault),
            });
        return Json(new JsonObject { ["faults"] = list });
    }

    /// <summary>The most calls one read returns: the log keeps this many.</summary>
    private const int MaxCallsPerRead = 2000;

    /// <summary>
    /// The merchant-API calls after a sequence number, oldest first, with the simulator's verdict on each. "last" is the
    /// newest call's number: a mark for a later read (limit=0 reads just the mark).
    /// </summary>
    private ApiResponse MerchantCalls(string? after, string? limit, string? clientId)
    {
        long mark = 0;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out mark))
            throw new ControlRequestException(400, $"after must be a call's sequence number (a whole number), but is '{after}'");
        var count = MaxCallsPerRead;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count > MaxCallsPerRead))
            throw new ControlRequestException(400, $"limit must be a whole number from 0 to {MaxCallsPerRead}, but is '{limit}'");
        var last = merchantCalls.Last;
        var calls = merchantCalls.Since(mark, clientId, count);
        return Json(new JsonObject
        {
            ["last"] = last,
            ["calls"] = new JsonArray(calls.Select(c => (JsonNode)c.ToJson()).ToArray()),
        });
    }

    /// <summary>Arms a fault for the client's next createPaymentSession (QA does not know its paymentRequestId yet); "none" disarms it.</summary>
    private ApiResponse ArmNextFault(string clientId, byte[] body)
    {
        var name = ControlBody.Parse(body, "{\"fault\": \"gatewayBusinessFailure\"}").String("fault");
        if (!SdkFaults.TryParse(name, out var fault))
            return Error(400, $"unknown SDK fault '{name}'; send {{\"fault\": \"name\"}} with one of: none, {string.Join(", ", Enum.GetValues<SdkFault>().Where(f => f != SdkFault.None).Select(SdkFaults.Name))}");
        engine.ArmNextSdkFault(clientId, fault);
        return Json(new JsonObject { ["clientId"] = clientId, ["nextPaymentFault"] = SdkFaults.Name(fault), ["provokes"] = SdkFaults.ProvokedCode(fault) });
    }

    /// <summary>Withholds (or stops withholding) the client's notifications: recorded as withheld, never sent, to see whether the merchant inquires.</summary>
    private ApiResponse Withhold(string clientId, byte[] body)
    {
        var parsed = ControlBody.Parse(body, "{\"withhold\": true}");
        var withhold = parsed.Boolean("withhold");
        engine.WithholdNotifications(clientId, withhold);
        return Json(new JsonObject { ["clientId"] = clientId, ["withholdNotifications"] = withhold });
    }

    /// <summary>Arms an SDK fault for a payment that may not exist yet; {"fault":"none"} disarms it.</summary>
    private ApiResponse ArmFault(string paymentRequestId, string clientId, byte[] body)
    {
        var name = ControlBody.Parse(body, "{\"fault\": \"appNonJsonMessage\"}").String("fault");
        if (!SdkFaults.TryParse(name, out var fault))
            return Error(400, $"unknown SDK fault '{name}'; send {{\"fault\": \"name\"}} with one of: none, {string.Join(", ", Enum.GetValues<SdkFault>().Where(f => f != SdkFault.None).Select(SdkFaults.Name))}");
        var existing = engine.FindPayment(clientId, paymentRequestId);
        if (existing is not null && SdkFaults.ShapesSession(fault))
            return Error(409, $"{SdkFaults.Name(fault)} changes paymentSessionData, and payment {paymentRequestId} already has its session: arm it before createPaymentSession");
        engine.ArmSdkFault(clientId, paymentRequestId, fault);
        return Json(new JsonObject
        {
            ["paymentRequestId"] = paymentRequestId,
            ["fault"] = SdkFaults.Name(fault),
            ["provokes"] = SdkFaults.ProvokedCode(fault),
        });
    }

    /// <param name="waitSeconds">With a paymentRequestId: first wait (at most this long, up to 60 s) until its due attempts are made.</param>
    private ApiResponse Notifications(string clientId, string? paymentRequestId, string? waitSeconds)
    {
        if (waitSeconds is not null)
        {
            if (!double.TryParse(waitSeconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var wait) || !double.IsFinite(wait) || wait is < 0 or > 60)
                throw new ControlRequestException(400, $"waitSeconds must be a number of seconds from 0 to 60, but is '{waitSeconds}'");
            if (paymentRequestId is null) throw new ControlRequestException(400, "waitSeconds needs a paymentRequestId: ?paymentRequestId=...&waitSeconds=10");
            scheduler.WaitForDueAttemptsAsync(clientId, paymentRequestId, TimeSpan.FromSeconds(wait)).GetAwaiter().GetResult();
        }
        var list = new JsonArray();
        foreach (var n in engine.Notifications(clientId, paymentRequestId))
        {
            var attempts = new JsonArray();
            foreach (var a in n.Attempts)
                attempts.Add(new JsonObject
                {
                    ["attempt"] = a.Attempt, ["at"] = a.At.ToString("O"), ["statusCode"] = a.StatusCode, ["latencyMs"] = Math.Round(a.LatencyMs, 2),
                    ["acknowledged"] = a.Acknowledged, ["response"] = a.Response, ["error"] = a.Error,
                });
            list.Add(new JsonObject
            {
                ["kind"] = n.Kind, ["paymentRequestId"] = n.PaymentRequestId, ["refundRequestId"] = n.RefundRequestId, ["url"] = n.Url, ["state"] = n.State, ["retries"] = n.Retries,
                ["nextAttemptAt"] = n.NextAttemptAt?.ToString("O"), ["body"] = JsonNode.Parse(n.Body), ["attempts"] = attempts,
            });
        }
        return Json(new JsonObject { ["notifications"] = list });
    }

    private ApiResponse Refund(string refundRequestId, string clientId) =>
        engine.FindRefund(clientId, refundRequestId) is { } refund ? Json(RefundJson(refund)) : Error(404, $"no refund {refundRequestId} for client {clientId}");

    /// <summary>Forces a refund outcome by name, before the refund call (its refundRequestId is the merchant's) or while it is in process.</summary>
    private ApiResponse ForceRefund(string refundRequestId, string clientId, byte[] body)
    {
        var name = ControlBody.Parse(body, "{\"outcome\": \"refund-fail\"}").String("outcome")
            ?? throw new ControlRequestException(400, "send {\"outcome\": \"name\"}; GET /kit/outcomes lists the refundOutcomes");
        var refund = engine.ForceRefund(clientId, refundRequestId, name);
        if (refund is { IsFinal: true })
            return Error(409, $"refund {refundRequestId} is already {refund.Status.ToWireValue()}; force an outcome before the refund call, or while it is in process");
        return Json(new JsonObject { ["refundRequestId"] = refundRequestId, ["outcome"] = name, ["refund"] = refund is null ? null : RefundJson(refund) });
    }

    private static JsonObject RefundJson(RefundState r) => new()
    {
        ["refundRequestId"] = r.RefundRequestId, ["refundId"] = r.RefundId, ["paymentId"] = r.PaymentId, ["paymentRequestId"] = r.PaymentRequestId,
        ["refundAmount"] = new JsonObject { ["currency"] = r.Currency, ["value"] = r.Value }, ["status"] = r.Status.ToWireValue(),
        ["resultCode"] = r.ResultCode, ["outcome"] = r.Outcome, ["completesAt"] = r.CompletesAt?.ToString("O"), ["completedAt"] = r.CompletedAt?.ToString("O"),
    };

    private ApiResponse MerchantFaults()
    {
        var armed = new JsonArray(engine.ArmedApiFaults().Select(a => (JsonNode)new JsonObject
        {
            ["clientId"] = a.ClientId, ["operation"] = a.Operation, ["fault"] = a.Fault.Name, ["delaySeconds"] = a.Fault.DelaySeconds, ["remaining"] = a.Remaining,
        }).ToArray());
        var catalog = JsonNode.Parse(JsonSerializer.Serialize(engine.Outcomes.Catalog, CatalogJsonContext.Default.OutcomeCatalog))!["apiFaults"]!.DeepClone();
        return Json(new JsonObject { ["faults"] = catalog, ["armed"] = armed });
    }

    /// <summary>Arms a merchant-API fault for the client's next calls of one operation (or any, without "operation"); "none" disarms.</summary>
    private ApiResponse ArmMerchantFault(string clientId, byte[] body)
    {
        var parsed = ControlBody.Parse(body, "{\"operation\": \"inquiryPayment\", \"fault\": \"unknown\", \"count\": 1}");
        var operation = parsed.String("operation") ?? "*";
        if (operation != "*" && AntomOperations.All.All(o => o.Name != operation))
            throw new ControlRequestException(400, $"unknown operation '{operation}'; use one of {string.Join(", ", AntomOperations.All.Select(o => o.Name))}, or leave operation out for any");
        var name = parsed.String("fault") ?? throw new ControlRequestException(400, "fault is missing; send {\"operation\": \"inquiryPayment\", \"fault\": \"unknown\"}; GET /kit/merchant-faults lists them");
        var count = parsed.OptionalWhole("count", 1, 1000) ?? 1;
        var fault = name == "none" ? null : engine.ApiFaultNamed(name, parsed.OptionalWhole("delaySeconds", 1, ApiFault.MaxDelaySeconds));
        engine.ArmApiFault(clientId, operation, fault, count);
        return Json(new JsonObject
        {
            ["clientId"] = clientId, ["operation"] = operation, ["fault"] = fault?.Name ?? "none", ["delaySeconds"] = fault?.DelaySeconds, ["count"] = fault is null ? 0 : count,
        });
    }

    private static ApiResponse Json(JsonNode node, int status = 200) => ApiResponses.Json(node, status);

    private static ApiResponse Error(int status, string message) => Json(new JsonObject { ["error"] = message }, status);
}
