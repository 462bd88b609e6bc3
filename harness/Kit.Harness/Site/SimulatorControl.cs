using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Kit.Harness.Site;

/// <summary>A merchant-API call as the simulator judged it (its /kit/merchant-calls).</summary>
public sealed record MerchantCallRecord(long Sequence, DateTimeOffset At, string Operation, string Signature, IReadOnlyList<string> Violations,
    string ResultCode, string ResultStatus, string ResultMessage, string? PaymentRequestId, string? PaymentSessionId, string? PaymentRedirectUrl, string? PaymentNotifyUrl)
{
    public bool SignatureValid => Signature == "valid";

    /// <summary>The call got as far as validation and passed it.</summary>
    public bool Valid => SignatureValid && Violations.Count == 0 && ResultCode != "PARAM_ILLEGAL";

    public static MerchantCallRecord From(JsonNode c) => new(
        c["sequence"]!.GetValue<long>(), DateTimeOffset.Parse(c["at"]!.GetValue<string>()), c["operation"]!.GetValue<string>(), c["signature"]!.GetValue<string>(),
        c["violations"]!.AsArray().Select(v => v!.GetValue<string>()).ToList(), c["resultCode"]!.GetValue<string>(), c["resultStatus"]!.GetValue<string>(),
        c["resultMessage"]!.GetValue<string>(), Text(c["paymentRequestId"]), Text(c["paymentSessionId"]), Text(c["paymentRedirectUrl"]), Text(c["paymentNotifyUrl"]));

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public override string ToString() =>
        $"{Operation} {PaymentRequestId}: {ResultCode}{(SignatureValid ? "" : $" (signature: {Signature})")}{(Violations.Count > 0 ? $" [{string.Join("; ", Violations)}]" : "")}";
}

/// <summary>One attempt to deliver a notification, and what the merchant's backend answered.</summary>
public sealed record NotificationAttemptRecord(int Attempt, int? StatusCode, string? Response, string? Error, bool Acknowledged);

/// <summary>A notification the simulator made for a payment, with its attempts.</summary>
public sealed record NotificationRecord(string PaymentRequestId, string NotifyType, string State, IReadOnlyList<NotificationAttemptRecord> Attempts);

/// <summary>
/// The simulator's control API as the harness uses it on a merchant's own checkout: what the backend did, and QA's
/// switches, all for the run's client only (a shared simulator serves other merchants' runs too).
/// </summary>
public sealed class SimulatorControl(HttpClient control, string clientId)
{
    private readonly string _client = "clientId=" + Uri.EscapeDataString(clientId);

    /// <summary>The mark after which calls are new.</summary>
    public async Task<long> MarkAsync() => (await GetAsync($"/kit/merchant-calls?limit=0&{_client}"))["last"]!.GetValue<long>();

    public async Task<IReadOnlyList<MerchantCallRecord>> CallsAfterAsync(long mark) =>
        (await GetAsync($"/kit/merchant-calls?after={mark}&{_client}"))["calls"]!.AsArray().Select(c => MerchantCallRecord.From(c!)).ToList();

    /// <summary>The notifications of a payment, once its due attempts have been made (waiting up to <paramref name="waitSeconds"/>).</summary>
    public async Task<IReadOnlyList<NotificationRecord>> NotificationsAsync(string paymentRequestId, int waitSeconds = 10) =>
        (await GetAsync($"/kit/notifications?paymentRequestId={Uri.EscapeDataString(paymentRequestId)}&waitSeconds={waitSeconds}&{_client}"))["notifications"]!.AsArray()
            .Select(n => new NotificationRecord(paymentRequestId, n!["body"]?["notifyType"]?.GetValue<string>() ?? "", n["state"]!.GetValue<string>(),
                n["attempts"]!.AsArray().Select(a => new NotificationAttemptRecord(a!["attempt"]!.GetValue<int>(), a["statusCode"]?.GetValue<int>(),
                    a["response"]?.GetValue<string>(), a["error"]?.GetValue<string>(), a["acknowledged"]!.GetValue<bool>())).ToList())).ToList();

    public Task ArmNextFaultAsync(string fault) => PostAsync($"/kit/sdk-fault/next?{_client}", new JsonObject { ["fault"] = fault });

    /// <summary>Moves the virtual clock; the simulator answers once what fell due has run.</summary>
    public Task AdvanceClockAsync(TimeSpan by) => PostAsync("/kit/clock/advance", new JsonObject { ["seconds"] = by.TotalSeconds });

    public Task WithholdNotificationsAsync(bool withhold) => PostAsync($"/kit/notifications/withhold?{_client}", new JsonObject { ["withhold"] = withhold });

    private async Task<JsonObject> GetAsync(string path)
    {
        using var response = await control.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"the simulator's control API answered {(int)response.StatusCode} to GET {path}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task PostAsync(string path, JsonObject body)
    {
        using var response = await control.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"the simulator's control API answered {(int)response.StatusCode} to POST {path}: {await response.Content.ReadAsStringAsync()}");
    }
}
