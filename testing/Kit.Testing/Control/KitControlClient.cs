using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Kit.Testing.Control;

/// <summary>
/// A typed client for the simulator's control API (/kit): complete payments as the buyer would, force outcomes, move
/// the virtual clock, read notifications and their attempts, arm SDK and merchant-API faults, read the merchant-API
/// calls. It speaks HTTP, so it drives an in-process <see cref="KitSimulator"/> and a shared simulator on a team
/// server alike. Every call is scoped to one merchant client (a shared simulator serves other runs too).
/// </summary>
public sealed class KitControlClient
{
    private readonly HttpClient _http;
    private readonly string _client;

    /// <param name="http">An HttpClient whose BaseAddress is the simulator.</param>
    /// <param name="clientId">The merchant client the calls are about; null for the simulator's sandbox client.</param>
    /// <param name="adminToken">The simulator's --admin-token, when it has one.</param>
    public KitControlClient(HttpClient http, string? clientId = null, string? adminToken = null)
    {
        if (http.BaseAddress is null) throw new ArgumentException("the HttpClient needs a BaseAddress: the simulator's URL, for example http://127.0.0.1:8080/", nameof(http));
        _http = http;
        ClientId = clientId;
        _client = clientId is null ? "" : "clientId=" + Uri.EscapeDataString(clientId);
        if (adminToken is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
    }

    /// <summary>The merchant client the calls are about (null: the simulator's sandbox client).</summary>
    public string? ClientId { get; }

    public async Task<SimulatorClockReading> GetClockAsync(CancellationToken cancellationToken = default) => Clock(await GetAsync("/kit/clock", cancellationToken));

    /// <summary>Moves the virtual clock; the simulator answers once what fell due (expiries, delayed results, refunds, notification retries) has run.</summary>
    public async Task<SimulatorClockReading> AdvanceClockAsync(TimeSpan by, CancellationToken cancellationToken = default) =>
        Clock(await PostAsync("/kit/clock/advance", new JsonObject { ["seconds"] = by.TotalSeconds }, cancellationToken));

    /// <summary>The buyer pays: the payment succeeds and its notification goes out.</summary>
    public Task<PaymentControlResult> ApproveAsync(string paymentRequestId, CancellationToken cancellationToken = default) =>
        PaymentAsync(paymentRequestId, "approve", new JsonObject(), cancellationToken);

    /// <summary>The bank declines (by default with USER_BALANCE_NOT_ENOUGH, or the result code given).</summary>
    public Task<PaymentControlResult> DeclineAsync(string paymentRequestId, string? resultCode = null, CancellationToken cancellationToken = default) =>
        PaymentAsync(paymentRequestId, "decline", resultCode is null ? new JsonObject() : new JsonObject { ["resultCode"] = resultCode }, cancellationToken);

    /// <summary>The buyer leaves: nothing happens until the payment expires (advance the clock past its method's timeout).</summary>
    public Task<PaymentControlResult> AbandonAsync(string paymentRequestId, CancellationToken cancellationToken = default) =>
        PaymentAsync(paymentRequestId, "abandon", new JsonObject(), cancellationToken);

    /// <summary>Forces a payment outcome by name (<see cref="GetOutcomesAsync"/> lists them: risk-reject, pending-then-success, ...).</summary>
    public Task<PaymentControlResult> ForceOutcomeAsync(string paymentRequestId, string outcome, CancellationToken cancellationToken = default) =>
        PaymentAsync(paymentRequestId, "force", new JsonObject { ["outcome"] = outcome }, cancellationToken);

    /// <summary>The outcome catalog: payment outcomes with their trigger amounts, refund outcomes, merchant-API faults.</summary>
    public async Task<JsonObject> GetOutcomesAsync(CancellationToken cancellationToken = default) => await GetAsync("/kit/outcomes", cancellationToken);

    /// <summary>
    /// The client's notifications (of one payment, with its refunds', when <paramref name="paymentRequestId"/> is given).
    /// With <paramref name="waitFor"/>, the simulator first waits (up to 60 s) until the payment's due attempts are made.
    /// </summary>
    public async Task<IReadOnlyList<NotificationRecord>> GetNotificationsAsync(string? paymentRequestId = null, TimeSpan? waitFor = null, CancellationToken cancellationToken = default)
    {
        if (waitFor is not null && paymentRequestId is null) throw new ArgumentException("waiting needs a paymentRequestId", nameof(waitFor));
        var query = Query(("paymentRequestId", paymentRequestId), ("waitSeconds", waitFor is { } w ? Math.Min(60, w.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture) : null));
        var answer = await GetAsync("/kit/notifications" + query, cancellationToken);
        return answer["notifications"]!.AsArray().Select(n => Notification(n!.AsObject())).ToList();
    }

    /// <summary>
    /// Waits until a notification of the payment (of <paramref name="notifyType"/>, default PAYMENT_RESULT) has had an
    /// attempt, and returns it with its attempts; a <see cref="TimeoutException"/> says what the simulator holds instead.
    /// </summary>
    public async Task<NotificationRecord> WaitForNotificationAsync(string paymentRequestId, string notifyType = "PAYMENT_RESULT", TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        IReadOnlyList<NotificationRecord> seen;
        while (true)
        {
            var left = deadline - DateTimeOffset.UtcNow;
            seen = await GetNotificationsAsync(paymentRequestId, left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken);
            if (seen.FirstOrDefault(n => n.NotifyType == notifyType && n.Attempts.Count > 0) is { } delivered) return delivered;
            if (DateTimeOffset.UtcNow >= deadline) break;
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
        var held = seen.Count == 0 ? "none" : string.Join("; ", seen.Select(n => $"{n.NotifyType} {n.State} ({n.Attempts.Count} attempts)"));
        throw new TimeoutException($"no {notifyType} notification of {paymentRequestId} was attempted within {(timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds:0.#} s; " +
            $"the simulator holds: {held}. Was the payment completed (ApproveAsync), and does it have a paymentNotifyUrl?");
    }

    /// <summary>A refund by the merchant's refundRequestId, or null when the simulator has none.</summary>
    public async Task<RefundRecord?> GetRefundAsync(string refundRequestId, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Get, $"/kit/refunds/{Uri.EscapeDataString(refundRequestId)}" + Query(), null, cancellationToken, allowNotFound: true);
        return answer is null ? null : Refund(answer);
    }

    /// <summary>Forces a refund outcome (refund-success, refund-fail, ...) before the refund call or while it is in process.</summary>
    public Task ForceRefundOutcomeAsync(string refundRequestId, string outcome, CancellationToken cancellationToken = default) =>
        PostAsync($"/kit/refunds/{Uri.EscapeDataString(refundRequestId)}/force" + Query(), new JsonObject { ["outcome"] = outcome }, cancellationToken);

    /// <summary>
    /// Arms a merchant-API fault (unknown, http-500, http-502, http-503, delay, no-answer, reset) for the client's next
    /// <paramref name="count"/> calls of <paramref name="operation"/> (null: any operation); "none" disarms.
    /// </summary>
    public Task ArmMerchantFaultAsync(string fault, string? operation = null, int count = 1, int? delaySeconds = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["fault"] = fault, ["count"] = count };
        if (operation is not null) body["operation"] = operation;
        if (delaySeconds is not null) body["delaySeconds"] = delaySeconds;
        return PostAsync("/kit/merchant-faults" + Query(), body, cancellationToken);
    }

    public async Task<IReadOnlyList<ArmedMerchantFault>> GetArmedMerchantFaultsAsync(CancellationToken cancellationToken = default) =>
        (await GetAsync("/kit/merchant-faults", cancellationToken))["armed"]!.AsArray().Select(a => new ArmedMerchantFault(
            a!["clientId"]!.GetValue<string>(), a["operation"]!.GetValue<string>(), a["fault"]!.GetValue<string>(), a["delaySeconds"]?.GetValue<int>(), a["remaining"]!.GetValue<int>()))
        .Where(a => ClientId is null || a.ClientId == ClientId).ToList();

    /// <summary>Arms an SDK fault for one payment (before createPaymentSession for the faults that shape its session); "none" disarms.</summary>
    public Task ArmSdkFaultAsync(string paymentRequestId, string fault, CancellationToken cancellationToken = default) =>
        PostAsync($"/kit/payments/{Uri.EscapeDataString(paymentRequestId)}/sdk-fault" + Query(), new JsonObject { ["fault"] = fault }, cancellationToken);

    /// <summary>Arms an SDK fault for the client's next createPaymentSession, whose paymentRequestId the test does not know yet.</summary>
    public Task ArmNextSdkFaultAsync(string fault, CancellationToken cancellationToken = default) =>
        PostAsync("/kit/sdk-fault/next" + Query(), new JsonObject { ["fault"] = fault }, cancellationToken);

    /// <summary>Withholds the client's notifications (recorded, never sent), to see whether the merchant inquires.</summary>
    public Task WithholdNotificationsAsync(bool withhold, CancellationToken cancellationToken = default) =>
        PostAsync("/kit/notifications/withhold" + Query(), new JsonObject { ["withhold"] = withhold }, cancellationToken);

    /// <summary>A mark: calls made after it are the ones <see cref="GetMerchantCallsAsync"/> returns for it.</summary>
    public async Task<long> MarkMerchantCallsAsync(CancellationToken cancellationToken = default) =>
        (await GetAsync("/kit/merchant-calls" + Query(("limit", "0")), cancellationToken))["last"]!.GetValue<long>();

    /// <summary>The client's merchant-API calls after a mark (0: all the simulator still holds), oldest first.</summary>
    public async Task<IReadOnlyList<MerchantCallRecord>> GetMerchantCallsAsync(long after = 0, CancellationToken cancellationToken = default) =>
        (await GetAsync("/kit/merchant-calls" + Query(("after", after.ToString(CultureInfo.InvariantCulture))), cancellationToken))["calls"]!.AsArray()
            .Select(c => Call(c!.AsObject())).ToList();

    private async Task<PaymentControlResult> PaymentAsync(string paymentRequestId, string action, JsonObject body, CancellationToken cancellationToken)
    {
        var answer = await PostAsync($"/kit/payments/{Uri.EscapeDataString(paymentRequestId)}/{action}" + Query(), body, cancellationToken);
        return new(answer["paymentRequestId"]!.GetValue<string>(), Text(answer["paymentId"]), answer["status"]!.GetValue<string>(), Text(answer["resultCode"]));
    }

    private string Query(params (string Name, string? Value)[] parameters)
    {
        var parts = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        if (_client.Length > 0) parts.Add(_client);
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    private async Task<JsonObject> GetAsync(string path, CancellationToken cancellationToken) => (await SendAsync(HttpMethod.Get, path, null, cancellationToken))!;

    private async Task<JsonObject> PostAsync(string path, JsonObject body, CancellationToken cancellationToken) => (await SendAsync(HttpMethod.Post, path, body, cancellationToken))!;

    private async Task<JsonObject?> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken, bool allowNotFound = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (allowNotFound && response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode)
        {
            var message = Parse(text)?["error"]?.GetValue<string>() ?? text;
            throw new KitControlException((int)response.StatusCode, $"the simulator's control API answered {(int)response.StatusCode} to {method} {path}: {message}");
        }
        return Parse(text) ?? throw new KitControlException((int)response.StatusCode, $"the simulator's control API answered {method} {path} with something that is not a JSON object: {text}");
    }

    private static JsonObject? Parse(string text)
    {
        try { return JsonNode.Parse(text) as JsonObject; }
        catch (System.Text.Json.JsonException) { return null; }
    }

    private static SimulatorClockReading Clock(JsonObject o) => new(DateTimeOffset.Parse(o["now"]!.GetValue<string>(), CultureInfo.InvariantCulture), o["virtual"]!.GetValue<bool>());

    private static NotificationRecord Notification(JsonObject n) => new(
        n["kind"]!.GetValue<string>(), n["paymentRequestId"]!.GetValue<string>(), Text(n["refundRequestId"]), n["url"]!.GetValue<string>(), n["state"]!.GetValue<string>(),
        n["retries"]!.GetValue<bool>(), Time(n["nextAttemptAt"]), n["body"]?.DeepClone() as JsonObject ?? [],
        n["attempts"]!.AsArray().Select(a => new NotificationAttemptRecord(a!["attempt"]!.GetValue<int>(), Time(a["at"])!.Value, a["statusCode"]?.GetValue<int>(),
            a["latencyMs"]!.GetValue<double>(), a["acknowledged"]!.GetValue<bool>(), Text(a["response"]), Text(a["error"]))).ToList());

    private static MerchantCallRecord Call(JsonObject c) => new(
        c["sequence"]!.GetValue<long>(), Time(c["at"])!.Value, c["clientId"]!.GetValue<string>(), c["operation"]!.GetValue<string>(), c["signature"]!.GetValue<string>(),
        c["violations"]!.AsArray().Select(v => v!.GetValue<string>()).ToList(), c["resultCode"]!.GetValue<string>(), c["resultStatus"]!.GetValue<string>(),
        c["resultMessage"]!.GetValue<string>(), Text(c["paymentRequestId"]), Text(c["paymentId"]), Text(c["paymentSessionId"]), Text(c["paymentRedirectUrl"]),
        Text(c["paymentNotifyUrl"]), Text(c["refundRequestId"]), Text(c["fault"]));

    private static RefundRecord Refund(JsonObject r) => new(
        r["refundRequestId"]!.GetValue<string>(), Text(r["refundId"]), r["paymentRequestId"]!.GetValue<string>(), r["refundAmount"]!["currency"]!.GetValue<string>(),
        r["refundAmount"]!["value"]!.GetValue<string>(), r["status"]!.GetValue<string>(), Text(r["resultCode"]), Text(r["outcome"]), Time(r["completesAt"]), Time(r["completedAt"]));

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static DateTimeOffset? Time(JsonNode? node) => Text(node) is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : null;
}
