using System.Globalization;
using System.Xml.Linq;
using Kit.Harness.Matrix;
using Kit.Harness.Runner;

namespace Kit.Harness.Reports;

/// <summary>junit.xml for CI: a test case per cell; a failed cell is a failure, a finding is a property and output, not a failure.</summary>
public static class JUnitReport
{
    public const string FileName = "junit.xml";

    public static void Write(RunReport report, string directory) => ToXml(report).Save(Path.Combine(directory, FileName));

    public static XDocument ToXml(RunReport report)
    {
        string Time(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);
        var suite = new XElement("testsuite",
            new XAttribute("name", report.Name),
            new XAttribute("tests", report.Cells.Count + report.Compatibility.Count),
            new XAttribute("failures", report.Count(Verdict.Fail) + (report.MerchantIncompatible ? 1 : 0)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", 0),
            new XAttribute("time", Time(report.Seconds)),
            new XAttribute("timestamp", report.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement("properties",
                new XElement("property", new XAttribute("name", "browser"), new XAttribute("value", report.Browser)),
                new XElement("property", new XAttribute("name", "simulator"), new XAttribute("value", report.Simulator)),
                new XElement("property", new XAttribute("name", "findings"), new XAttribute("value", report.Count(Verdict.Finding)))));
        foreach (var cell in report.Cells)
        {
            var testcase = new XElement("testcase",
                new XAttribute("classname", "kit.matrix." + cell.Cell.Scenario.ToWireValue()),
                new XAttribute("name", cell.Cell.Id),
                new XAttribute("time", Time(cell.Seconds)));
            if (cell.Verdict == Verdict.Fail)
            {
                var failed = cell.GuideChecks.Where(g => !g.Held && g.Severity == CheckSeverity.Fail)
                    .Select(g => $"guide check {g.Name} ({g.GuideStep}): {g.Expectation}: {g.Detail}. {g.Advice}")
                    .Concat(cell.Checks.Where(c => !c.Held && !c.Blocked).Select(c => $"{c.Expectation}{(c.Detail is null ? "" : $": {c.Detail}")}")).ToList();
                if (cell.Error is not null) failed.Insert(0, cell.Error);
                testcase.Add(new XElement("failure", new XAttribute("message", failed.FirstOrDefault() ?? "failed"), string.Join("\n", failed)));
            }
            var properties = cell.Findings.Select(f => new XElement("property", new XAttribute("name", "finding"), new XAttribute("value", f.Title)))
                .Concat(cell.GuideChecks.Where(g => !g.Held && g.Severity == CheckSeverity.Warn)
                    .Select(g => new XElement("property", new XAttribute("name", "guide-warning"), new XAttribute("value", $"{g.Name}: {g.Detail}")))).ToList();
            if (properties.Count > 0) testcase.Add(new XElement("properties", properties));
            testcase.Add(new XElement("system-out", string.Join("\n",
                cell.GuideChecks.Select(g => $"{(g.Held ? "ok  " : g.Severity == CheckSeverity.Warn ? "WARN" : "FAIL")} guide {g.Name}: {g.Detail}")
                    .Concat(cell.Checks.Select(c => $"{(c.Held ? "ok  " : c.Blocked ? "--  " : "FAIL")} {c.Expectation}{(c.Blocked ? $" ({c.Detail})" : "")}"))
                    .Concat(cell.MerchantCalls.Select(m => $"backend: {m}"))
                    .Concat(cell.Notifications.Select(n => $"notification: {n}"))
                    .Concat(cell.Findings.Select(f => $"FINDING {f.Title}: {f.Evidence}"))
                    .Concat(cell.EngineLimits.Select(l => $"engine limit: {l}"))
                    .Concat(cell.Events.Select(e => $"+{e.Milliseconds}ms {e.Channel} {e.Data?.ToJsonString()}")))));
            suite.Add(testcase);
        }
        foreach (var check in report.Compatibility)
        {
            var testcase = new XElement("testcase", new XAttribute("classname", "kit.compatibility." + check.Owner), new XAttribute("name", check.File), new XAttribute("time", "0"));
            if (!check.Compatible && check.Owner == "merchant") testcase.Add(new XElement("failure", new XAttribute("message", check.Detail), check.Detail));
            else if (!check.Compatible) testcase.Add(new XElement("properties", new XElement("property", new XAttribute("name", "finding"), new XAttribute("value", check.Detail))));
            testcase.Add(new XElement("system-out", check.Detail));
            suite.Add(testcase);
        }
        return new XDocument(new XElement("testsuites", suite));
    }
}
