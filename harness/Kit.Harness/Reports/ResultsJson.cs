using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Harness.Matrix;
using Kit.Harness.Runner;

namespace Kit.Harness.Reports;

/// <summary>results.json: the whole run for machines, and what `merge` reads back from each shard.</summary>
public static class ResultsJson
{
    public const string FileName = "results.json";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(RunReport report, string directory) =>
        File.WriteAllText(Path.Combine(directory, FileName), ToJson(report).ToJsonString(Indented));

    public static JsonObject ToJson(RunReport report) => new()
    {
        ["name"] = report.Name,
        ["startedAt"] = report.StartedAt.ToString("O"),
        ["seconds"] = report.Seconds,
        ["secondsPerCell"] = report.SecondsPerCell,
        ["browser"] = report.Browser,
        ["simulator"] = report.Simulator,
        ["workers"] = report.Workers,
        ["shards"] = new JsonArray(report.Shards.Select(s => (JsonNode)s).ToArray()),
        ["site"] = report.Site,
        ["siteLogs"] = new JsonArray(report.SiteLogs.Select(l => (JsonNode)l).ToArray()),
        ["summary"] = new JsonObject { ["cells"] = report.Cells.Count, ["pass"] = report.Count(Verdict.Pass), ["finding"] = report.Count(Verdict.Finding), ["fail"] = report.Count(Verdict.Fail) },
        ["compatibility"] = new JsonArray(report.Compatibility.Select(c => (JsonNode)new JsonObject
        {
            ["file"] = c.File, ["owner"] = c.Owner, ["compatible"] = c.Compatible, ["detail"] = c.Detail,
        }).ToArray()),
        ["cells"] = new JsonArray(report.Cells.Select(c => (JsonNode)Cell(c)).ToArray()),
    };

    private static JsonObject Cell(CellResult c)
    {
        var axes = new JsonObject();
        foreach (var axis in MatrixCell.AxisNames) axes[axis] = c.Cell.Value(axis);
        return new JsonObject
        {
            ["index"] = c.Index,
            ["id"] = c.Cell.Id,
            ["axes"] = axes,
            ["verdict"] = c.Verdict.ToString().ToLowerInvariant(),
            ["seconds"] = c.Seconds,
            ["error"] = c.Error,
            ["checks"] = new JsonArray(c.Checks.Select(k => (JsonNode)new JsonObject { ["expectation"] = k.Expectation, ["held"] = k.Held, ["blocked"] = k.Blocked, ["detail"] = k.Detail }).ToArray()),
            ["guideChecks"] = new JsonArray(c.GuideChecks.Select(g => (JsonNode)new JsonObject
            {
                ["name"] = g.Name, ["guideStep"] = g.GuideStep, ["expectation"] = g.Expectation, ["held"] = g.Held,
                ["severity"] = g.Severity.ToWireValue(), ["detail"] = g.Detail, ["advice"] = g.Advice,
            }).ToArray()),
            ["merchantCalls"] = new JsonArray(c.MerchantCalls.Select(m => (JsonNode)m).ToArray()),
            ["notifications"] = new JsonArray(c.Notifications.Select(m => (JsonNode)m).ToArray()),
            ["findings"] = new JsonArray(c.Findings.Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["evidence"] = f.Evidence }).ToArray()),
            ["engineLimits"] = new JsonArray(c.EngineLimits.Select(l => (JsonNode)l).ToArray()),
            ["events"] = new JsonArray(c.Events.Select(e => (JsonNode)new JsonObject { ["ms"] = e.Milliseconds, ["channel"] = e.Channel, ["code"] = e.Code, ["data"] = e.Data?.DeepClone() }).ToArray()),
            ["iframeParameters"] = new JsonObject(c.IframeParameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["gatewayRequests"] = Network(c.GatewayRequests),
            ["unexpectedRequests"] = Network(c.UnexpectedRequests),
            ["banks"] = new JsonArray(c.Banks.Select(b => (JsonNode)new JsonObject { ["paymentMethodType"] = b.PaymentMethodType, ["name"] = b.Name }).ToArray()),
            ["console"] = new JsonArray(c.Console.Select(m => (JsonNode)new JsonObject { ["type"] = m.Type, ["text"] = m.Text }).ToArray()),
            ["screenshots"] = new JsonArray(c.Screenshots.Select(s => (JsonNode)s).ToArray()),
            ["trace"] = c.Trace,
        };
    }

    private static JsonArray Network(IEnumerable<NetworkRecord> records) =>
        new(records.Select(r => (JsonNode)new JsonObject { ["method"] = r.Method, ["url"] = r.Url, ["answer"] = r.Answer }).ToArray());

    /// <summary>Reads a shard's results.json back (for merge).</summary>
    public static RunReport Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        JsonObject root;
        try { root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException("not a JSON object"); }
        catch (Exception e) when (e is IOException or JsonException or FormatException or UnauthorizedAccessException)
        {
            throw new ReportFormatException($"{path}: cannot read shard results ({e.Message}); give merge the --out folders of harness runs");
        }
        string S(JsonNode? n) => n?.GetValue<string>() ?? "";
        var cells = root["cells"]!.AsArray().Select(n => ReadCell(n!.AsObject(), path)).ToList();
        return new RunReport(S(root["name"]), DateTimeOffset.Parse(S(root["startedAt"])), root["seconds"]!.GetValue<double>(), S(root["browser"]), S(root["simulator"]),
            root["workers"]!.GetValue<int>(), root["shards"]!.AsArray().Select(s => S(s)).ToList(), cells,
            (root["compatibility"]?.AsArray() ?? []).Select(c => new CompatibilityResult(S(c!["file"]), S(c["owner"]), c["compatible"]!.GetValue<bool>(), S(c["detail"]))).ToList())
        {
            Site = root["site"]?.GetValue<string>(),
            SiteLogs = root["siteLogs"]?.AsArray().Select(l => l!.GetValue<string>()).ToList() ?? [],
        };
    }

    private static CellResult ReadCell(JsonObject o, string path)
    {
        var axes = o["axes"]!.AsObject();
        string A(string name) => axes[name]?.GetValue<string>() ?? throw new ReportFormatException($"{path}: a cell has no {name}");
        if (!EnvironmentWire.TryParse(A("environment"), out var environment) || !LoadingWire.TryParse(A("loading"), out var loading)
            || !DeviceWire.TryParse(A("device"), out var device) || !ScenarioWire.TryParse(A("scenario"), out var scenario)
            || !EngineWire.TryParse(axes["browser"]?.GetValue<string>() ?? "chromium", out var engine)) // shards from before the browser axis ran Chromium
            throw new ReportFormatException($"{path}: cell {o["id"]} has an axis value this harness does not know");
        var result = new CellResult { Index = o["index"]!.GetValue<int>(), Cell = new MatrixCell(A("locale"), environment, A("displayMode"), loading, device, scenario, engine) };
        result.Verdict = Enum.Parse<Verdict>(o["verdict"]!.GetValue<string>(), ignoreCase: true);
        result.Seconds = o["seconds"]!.GetValue<double>();
        result.Error = o["error"]?.GetValue<string>();
        result.Checks.AddRange(o["checks"]!.AsArray().Select(k => new Check(k!["expectation"]!.GetValue<string>(), k["held"]!.GetValue<bool>(), k["detail"]?.GetValue<string>())
        {
            Blocked = k["blocked"]?.GetValue<bool>() ?? false,
        }));
        result.GuideChecks.AddRange((o["guideChecks"]?.AsArray() ?? []).Select(g => new GuideCheckResult(g!["name"]!.GetValue<string>(), g["guideStep"]!.GetValue<string>(),
            g["expectation"]!.GetValue<string>(), g["held"]!.GetValue<bool>(), CheckSeverityWire.TryParse(g["severity"]!.GetValue<string>(), out var severity) ? severity : CheckSeverity.Fail,
            g["detail"]?.GetValue<string>(), g["advice"]!.GetValue<string>())));
        result.MerchantCalls = (o["merchantCalls"]?.AsArray() ?? []).Select(m => m!.GetValue<string>()).ToList();
        result.Notifications = (o["notifications"]?.AsArray() ?? []).Select(m => m!.GetValue<string>()).ToList();
        result.Findings.AddRange(o["findings"]!.AsArray().Select(f => new Finding(f!["title"]!.GetValue<string>(), f["evidence"]!.GetValue<string>())));
        result.EngineLimits.AddRange((o["engineLimits"]?.AsArray() ?? []).Select(l => l!.GetValue<string>()));
        result.Events = o["events"]!.AsArray().Select(e => new EventRecord(e!["ms"]!.GetValue<int>(), e["channel"]!.GetValue<string>(), e["code"]?.GetValue<string>(), e["data"]?.DeepClone())).ToList();
        result.IframeParameters = o["iframeParameters"]!.AsObject().ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "");
        result.GatewayRequests = ReadNetwork(o["gatewayRequests"]);
        result.UnexpectedRequests = ReadNetwork(o["unexpectedRequests"]);
        result.Banks = o["banks"]!.AsArray().Select(b => new BankRecord(b!["paymentMethodType"]!.GetValue<string>(), b["name"]!.GetValue<string>())).ToList();
        result.Console.AddRange(o["console"]!.AsArray().Select(m => new ConsoleRecord(m!["type"]!.GetValue<string>(), m["text"]!.GetValue<string>())));
        result.Screenshots.AddRange(o["screenshots"]!.AsArray().Select(s => s!.GetValue<string>()));
        result.Trace = o["trace"]?.GetValue<string>();
        return result;
    }

    private static List<NetworkRecord> ReadNetwork(JsonNode? node) =>
        node!.AsArray().Select(r => new NetworkRecord(r!["method"]!.GetValue<string>(), r["url"]!.GetValue<string>(), r["answer"]!.GetValue<string>())).ToList();
}

public sealed class ReportFormatException(string message) : Exception(message);
