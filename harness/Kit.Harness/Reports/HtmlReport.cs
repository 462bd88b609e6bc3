using System.Globalization;
using System.Net;
using System.Text;
using Kit.Harness.Matrix;
using Kit.Harness.Runner;

namespace Kit.Harness.Reports;

/// <summary>
/// report.html: one self-contained file (styles inline, screenshots embedded). At the top the verdict of every cell
/// against its axes and a count per axis value; then the findings; then each cell's checks, timeline, evidence and
/// screenshots.
/// </summary>
public static class HtmlReport
{
    public const string FileName = "report.html";

    public static void Write(RunReport report, string directory) =>
        File.WriteAllText(Path.Combine(directory, FileName), Render(report, directory), Encoding.UTF8);

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Render(RunReport report, string directory)
    {
        var html = new StringBuilder();
        var siteLine = (report.Site is null ? " · Kit's demo shop" : " · the merchant's checkout " + E(report.Site))
            + (report.SiteLogs.Count == 0 ? "" : " · its output: " + string.Join(", ", report.SiteLogs.Select(l => $"<a href=\"{E(l)}\">{E(l)}</a>")));
        html.Append($$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
            <title>{{E(report.Name)}}: Kit matrix report</title>
            <style>
            body{font:14px/1.45 system-ui,"Noto Sans","Noto Sans Thai",sans-serif;margin:0;color:#1f2a37;background:#f6f7f9}
            header,section{padding:16px 24px} header{background:#fff;border-bottom:1px solid #e3e8ef}
            h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:18px 0 8px} .muted{color:#5b6b80}
            .totals span{display:inline-block;margin-right:14px;font-weight:600}
            table{border-collapse:collapse;background:#fff;font-size:13px} th,td{border:1px solid #e3e8ef;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f0f3f7} .v{font-weight:700;border-radius:4px;padding:1px 6px;color:#fff}
            .pass{background:#12805c} .finding{background:#c07000} .fail{background:#c62828}
            details{background:#fff;border:1px solid #e3e8ef;border-radius:8px;margin:8px 0;padding:8px 12px}
            summary{cursor:pointer} .ok{color:#12805c} .no{color:#c62828} .find{color:#8a5000}
            .shots img{max-width:420px;border:1px solid #e3e8ef;margin:4px 8px 4px 0;vertical-align:top}
            code,pre{font:12px ui-monospace,monospace} pre{white-space:pre-wrap;margin:0}
            </style></head><body>
            <header><h1>{{E(report.Name)}}</h1>
            <div class="muted">{{report.StartedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}} UTC · {{E(report.Browser)}} · simulator {{E(report.Simulator)}} · {{report.Workers}} worker(s){{(report.Shards.Count > 0 ? " · shards " + E(string.Join(", ", report.Shards)) : "")}}{{siteLine}}</div>
            <div class="totals"><span>{{report.Cells.Count}} cells</span><span class="ok">{{report.Count(Verdict.Pass)}} pass</span><span class="find">{{report.Count(Verdict.Finding)}} finding</span><span class="no">{{report.Count(Verdict.Fail)}} fail</span><span class="muted">{{report.Seconds.ToString("0.0", CultureInfo.InvariantCulture)}} s, {{report.SecondsPerCell.ToString("0.00", CultureInfo.InvariantCulture)}} s per cell</span></div>
            <p class="muted">pass: every expectation held. <b>finding</b>: the merchant's integration did what the guide says, but SDK 1.47.2 itself behaves in a way a merchant must know (below, with evidence). fail: an expectation did not hold; the cell has a Playwright trace (open it with <code>npx playwright show-trace</code>).</p>
            </header>
            """);
        Grid(html, report);
        AxisSummary(html, report);
        GuideSummary(html, report);
        Findings(html, report);
        Compatibility(html, report);
        html.Append("<section><h2>Cells</h2>");
        foreach (var cell in report.Cells) Cell(html, cell, directory);
        html.Append("</section></body></html>");
        return html.ToString();
    }

    private static string Badge(Verdict v) => $"<span class=\"v {v.ToString().ToLowerInvariant()}\">{v.ToString().ToLowerInvariant()}</span>";

    private static void Grid(StringBuilder html, RunReport report)
    {
        html.Append("<section><h2>Verdicts</h2><table><tr><th>#</th>");
        foreach (var axis in MatrixCell.AxisNames) html.Append($"<th>{E(axis)}</th>");
        html.Append("<th>verdict</th><th>s</th></tr>");
        foreach (var c in report.Cells)
        {
            html.Append($"<tr><td><a href=\"#cell-{c.Index}\">{c.Index}</a></td>");
            foreach (var axis in MatrixCell.AxisNames) html.Append($"<td>{E(c.Cell.Value(axis))}</td>");
            html.Append($"<td>{Badge(c.Verdict)}</td><td>{c.Seconds.ToString("0.0", CultureInfo.InvariantCulture)}</td></tr>");
        }
        html.Append("</table></section>");
    }

    private static void AxisSummary(StringBuilder html, RunReport report)
    {
        html.Append("<section><h2>By axis value</h2><table><tr><th>axis</th><th>value</th><th>pass</th><th>finding</th><th>fail</th></tr>");
        foreach (var axis in MatrixCell.AxisNames)
            foreach (var group in report.Cells.GroupBy(c => c.Cell.Value(axis)))
                html.Append($"<tr><td>{E(axis)}</td><td>{E(group.Key)}</td><td>{group.Count(c => c.Verdict == Verdict.Pass)}</td><td>{group.Count(c => c.Verdict == Verdict.Finding)}</td><td>{group.Count(c => c.Verdict == Verdict.Fail)}</td></tr>");
        html.Append("</table></section>");
    }

    /// <summary>The integration guide's checks on a merchant's checkout: which held everywhere, which failed where, and what to change.</summary>
    private static void GuideSummary(StringBuilder html, RunReport report)
    {
        var all = report.Cells.SelectMany(c => c.GuideChecks.Select(g => (Check: g, Cell: c))).ToList();
        if (all.Count == 0) return;
        html.Append("<section><h2>The integration guide's steps</h2><table><tr><th>check</th><th>guide step</th><th>held</th><th>failed in</th><th>what to change</th></tr>");
        foreach (var group in all.GroupBy(x => x.Check.Name))
        {
            var failed = group.Where(x => !x.Check.Held).ToList();
            var first = group.First().Check;
            var css = failed.Count == 0 ? "ok" : failed.Any(x => x.Check.Severity == CheckSeverity.Fail) ? "no" : "find";
            html.Append($"<tr><td class=\"{css}\"><b>{E(first.Name)}</b><br><span class=\"muted\">{E(first.Expectation)}</span></td><td>{E(first.GuideStep)}</td>" +
                        $"<td>{group.Count() - failed.Count} of {group.Count()}</td><td>{string.Join(" ", failed.Select(x => $"<a href=\"#cell-{x.Cell.Index}\">#{x.Cell.Index}</a>"))}" +
                        $"{(failed.Count > 0 && failed.All(x => x.Check.Severity == CheckSeverity.Warn) ? " (warning)" : "")}</td><td>{(failed.Count > 0 ? E(first.Advice) : "")}</td></tr>");
        }
        html.Append("</table></section>");
    }

    private static void Findings(StringBuilder html, RunReport report)
    {
        html.Append("<section><h2>Findings about the SDK</h2>");
        var findings = report.DistinctFindings;
        if (findings.Count == 0) html.Append("<p class=\"muted\">None in this run.</p>");
        foreach (var (finding, cells) in findings)
            html.Append($"<details open><summary class=\"find\"><b>{E(finding.Title)}</b> · {cells.Count} cell(s): {string.Join(" ", cells.Select(c => $"<a href=\"#cell-{c.Index}\">#{c.Index}</a>"))}</summary><p>{E(finding.Evidence)}</p></details>");
        html.Append("</section>");
    }

    private static void Compatibility(StringBuilder html, RunReport report)
    {
        html.Append($"<section><h2>Static compatibility with the seed's browser minimums</h2><p class=\"muted\">es-check, browserslist <code>{E(CompatibilityCheck.Browsers)}</code>, feature detection on. A problem in the merchant's code fails the run; one in the SDK bundle is a finding.</p><table><tr><th>file</th><th>owner</th><th>result</th></tr>");
        foreach (var c in report.Compatibility)
        {
            var verdict = c.Compatible ? Verdict.Pass : c.Owner == "merchant" ? Verdict.Fail : Verdict.Finding;
            html.Append($"<tr><td><code>{E(c.File)}</code></td><td>{E(c.Owner)}</td><td>{Badge(verdict)} {E(c.Detail)}</td></tr>");
        }
        html.Append("</table></section>");
    }

    private static void Cell(StringBuilder html, CellResult c, string directory)
    {
        html.Append($"<details id=\"cell-{c.Index}\"{(c.Verdict == Verdict.Pass ? "" : " open")}><summary>{Badge(c.Verdict)} <b>#{c.Index}</b> <code>{E(c.Cell.Id)}</code> <span class=\"muted\">{c.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s</span></summary>");
        if (c.Error is not null) html.Append($"<p class=\"no\"><b>Error:</b> {E(c.Error)}</p>");
        if (c.GuideChecks.Count > 0)
        {
            html.Append("<h3>The guide's steps</h3><ul>");
            foreach (var g in c.GuideChecks)
            {
                var (css, mark) = g.Held ? ("ok", "✓") : g.Severity == CheckSeverity.Warn ? ("find", "!") : ("no", "✗");
                html.Append($"<li class=\"{css}\">{mark} <b>{E(g.Name)}</b> ({E(g.GuideStep)}): {E(g.Expectation)} <span class=\"muted\">({E(g.Detail)})</span>{(g.Held ? "" : $"<br>What to change: {E(g.Advice)}")}</li>");
            }
            html.Append("</ul>");
        }
        html.Append("<h3>Expectations</h3><ul>");
        foreach (var check in c.Checks)
        {
            var (css, mark) = check.Held ? ("ok", "✓") : check.Blocked ? ("muted", "–") : ("no", "✗");
            html.Append($"<li class=\"{css}\">{mark} {E(check.Expectation)}{(check.Detail is null ? "" : $" <span class=\"muted\">({E(check.Detail)})</span>")}</li>");
        }
        foreach (var f in c.Findings) html.Append($"<li class=\"find\">◆ <b>{E(f.Title)}</b>: {E(f.Evidence)}</li>");
        foreach (var limit in c.EngineLimits) html.Append($"<li class=\"muted\">engine limit: {E(limit)}</li>");
        html.Append("</ul><h3>Timeline</h3><table><tr><th>ms</th><th>channel</th><th>code</th><th>data</th></tr>");
        foreach (var e in c.Events) html.Append($"<tr><td>{e.Milliseconds}</td><td>{E(e.Channel)}</td><td>{E(e.Code)}</td><td><code>{E(e.Data?.ToJsonString())}</code></td></tr>");
        html.Append("</table>");
        if (c.IframeParameters.Count > 0)
            html.Append("<h3>Iframe URL parameters</h3><p>" + string.Join(" · ", c.IframeParameters.Where(p => p.Key != "refUrl").Select(p => $"<code>{E(p.Key)}={E(p.Value)}</code>")) + "</p>");
        if (c.Banks.Count > 0)
            html.Append("<h3>Banks shown</h3><p>" + string.Join(" · ", c.Banks.Select(b => $"{E(b.Name)} <span class=\"muted\">{E(b.PaymentMethodType)}</span>")) + "</p>");
        if (c.MerchantCalls.Count > 0)
            html.Append("<h3>The backend's calls to Antom (the simulator's verdict)</h3><pre>" + E(string.Join("\n", c.MerchantCalls)) + "</pre>");
        if (c.Notifications.Count > 0)
            html.Append("<h3>Notifications and the backend's answers</h3><pre>" + E(string.Join("\n", c.Notifications)) + "</pre>");
        if (c.GatewayRequests.Count > 0)
            html.Append("<h3>Gateway requests</h3><pre>" + E(string.Join("\n", c.GatewayRequests.Select(r => $"{r.Method} {r.Url} → {r.Answer}"))) + "</pre>");
        if (c.UnexpectedRequests.Count > 0)
            html.Append("<h3 class=\"no\">Requests to unexpected hosts</h3><pre>" + E(string.Join("\n", c.UnexpectedRequests.Select(r => $"{r.Method} {r.Url}"))) + "</pre>");
        if (c.Console.Count > 0)
            html.Append("<h3>Console errors and warnings</h3><pre>" + E(string.Join("\n", c.Console.Select(m => $"[{m.Type}] {m.Text}"))) + "</pre>");
        if (c.Screenshots.Count > 0)
        {
            html.Append("<h3>Screenshots</h3><div class=\"shots\">");
            foreach (var shot in c.Screenshots)
            {
                var path = Path.Combine(directory, shot);
                if (File.Exists(path))
                    html.Append($"<img alt=\"{E(Path.GetFileNameWithoutExtension(shot))}\" title=\"{E(shot)}\" src=\"data:{(shot.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg")};base64,{Convert.ToBase64String(File.ReadAllBytes(path))}\">");
            }
            html.Append("</div>");
        }
        if (c.Trace is not null) html.Append($"<p>Trace: <a href=\"{E(c.Trace)}\">{E(c.Trace)}</a> (<code>npx playwright show-trace {E(c.Trace)}</code>)</p>");
        html.Append("</details>");
    }
}
