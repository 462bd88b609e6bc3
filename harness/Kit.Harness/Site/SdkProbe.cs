using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Kit.Harness.Site;

/// <summary>One thing the probe saw on the merchant's page (sdk-probe.js): an SDK call or callback, or a message the cashier app posted.</summary>
public sealed record ProbeEvent(int Milliseconds, string Channel, JsonNode? Data)
{
    /// <summary>The event or error code it carries: onEventCallback's and onError's code, or the code of an app message's event.</summary>
    public string? Code => (Data?["code"] ?? Data?["data"]?["code"]) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>For an app message: its event name (onEventCallback, dismissLoading, onRedirect, ...).</summary>
    public string? AppEvent => Channel == "app" && Data?["event"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public override string ToString() => $"+{Milliseconds}ms {Channel} {Data?.ToJsonString()}";
}

/// <summary>
/// Watches the SDK on a merchant's own page without touching the merchant's code: sdk-probe.js runs in every page of
/// the browser context before the page's scripts, and hands what it sees to <see cref="Events"/>.
/// </summary>
public sealed class SdkProbe
{
    private static readonly string Script = Load();
    private readonly List<ProbeEvent> _events = [];

    private SdkProbe() { }

    public static async Task<SdkProbe> InstallAsync(IBrowserContext context)
    {
        var probe = new SdkProbe();
        await context.ExposeFunctionAsync<string>("__kitProbe", probe.Receive);
        await context.AddInitScriptAsync(Script);
        return probe;
    }

    private void Receive(string json)
    {
        using var document = JsonDocument.Parse(json);
        var e = document.RootElement;
        var data = e.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null ? JsonNode.Parse(d.GetRawText()) : null;
        lock (_events) _events.Add(new ProbeEvent(e.GetProperty("t").GetInt32(), e.GetProperty("channel").GetString()!, data));
    }

    public IReadOnlyList<ProbeEvent> Events
    {
        get { lock (_events) return _events.ToList(); }
    }

    /// <summary>Whether the SDK's global was seen (script tag or CDN); a bundled SDK shows only its app's messages.</summary>
    public bool SawSdkGlobal => Events.Any(e => e.Channel == "constructor");

    /// <summary>Waits until an event matching <paramref name="match"/> has been seen; null when none comes in time.</summary>
    public async Task<ProbeEvent?> WaitForAsync(Func<ProbeEvent, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Events.FirstOrDefault(match) is { } found) return found;
            if (DateTime.UtcNow > deadline) return null;
            await Task.Delay(50);
        }
    }

    private static string Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Kit.Harness.sdk-probe.js")
            ?? throw new InvalidOperationException("sdk-probe.js is missing from Kit.Harness");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
