using System.Text.Json.Nodes;
using System.Xml.Linq;
using Kit.Harness.Cli;
using Xunit;

namespace Kit.Harness.Tests;

/// <summary>
/// The browser axis end to end: Debian's Firefox (over WebDriver BiDi, on Xvfb) and Chromium in one run, sharing
/// the workers, each cell with its twin on the other engine. Firefox must render, pay and fail as Chromium does, its
/// gateway POSTs must reach the simulator whole (through the harness's proxy), and the reports must name the engine.
/// </summary>
public sealed class FirefoxRunTests
{
    private const string Matrix = """
        {
          "name": "two engines",
          "combine": "product",
          "cellTimeoutSeconds": 90,
          "axes": {
            "scenario": ["render", "pay-success", "close-popup", "gateway-network-failure"], "locale": ["th_TH"], "environment": ["sandbox"],
            "displayMode": ["bankName=KASIKORNBANK"], "loading": ["script"], "device": ["desktop"], "browser": ["firefox", "chromium"]
          },
          "include": [
            { "scenario": "pay-failure", "locale": "in_ID", "environment": "sandbox", "displayMode": "paymentMethodRegion=ID", "loading": "esm", "device": "iphone-13", "browser": "firefox" }
          ]
        }
        """;

    [Fact]
    public async Task Firefox_cells_render_pay_and_fail_like_their_chromium_twins_and_the_reports_name_the_engine()
    {
        var root = Directory.CreateTempSubdirectory("kit-firefox-").FullName;
        try
        {
            var matrix = Path.Combine(root, "matrix.json");
            await File.WriteAllTextAsync(matrix, Matrix);
            var output = Path.Combine(root, "out");
            Assert.Equal(0, await HarnessCommand.RunAsync(["run", matrix, "--out", output, "--workers", "2"]));

            var results = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "results.json")))!;
            Assert.Contains("Firefox", results["browser"]!.GetValue<string>());
            Assert.Contains("Chromium", results["browser"]!.GetValue<string>());
            var cells = results["cells"]!.AsArray().Select(c => c!).ToList();
            var firefox = cells.Where(c => c["axes"]!["browser"]!.GetValue<string>() == "firefox").ToList();
            Assert.Equal(5, firefox.Count);
            Assert.All(firefox, c => Assert.NotEqual("fail", c["verdict"]!.GetValue<string>()));

            string Codes(JsonNode cell) => string.Join(",", cell["events"]!.AsArray().Where(e => e!["channel"]!.GetValue<string>() == "onEventCallback").Select(e => e!["code"]!.GetValue<string>()));
            JsonNode Twin(JsonNode cell) => cells.Single(c => c["axes"]!["browser"]!.GetValue<string>() == "chromium"
                && c["axes"]!["scenario"]!.GetValue<string>() == cell["axes"]!["scenario"]!.GetValue<string>());
            foreach (var cell in firefox.Where(c => c["axes"]!["device"]!.GetValue<string>() == "desktop"))
                Assert.Equal(Codes(Twin(cell)), Codes(cell));

            var paid = firefox.Single(c => c["axes"]!["scenario"]!.GetValue<string>() == "pay-success");
            Assert.Contains(paid["events"]!.AsArray(), e => e!["code"]?.GetValue<string>() == "SDK_PAYMENT_SUCCESSFUL");
            Assert.Contains(paid["checks"]!.AsArray(), c => c!["expectation"]!.GetValue<string>().StartsWith("the shop's backend receives a correctly signed notifyPayment", StringComparison.Ordinal) && c["held"]!.GetValue<bool>());
            // The SDK's gateway POST reached the simulator with its body (an empty one is answered 408).
            Assert.Contains(paid["gatewayRequests"]!.AsArray(), r => r!["method"]!.GetValue<string>() == "POST" && r["answer"]!.GetValue<string>().StartsWith("simulator 200 [", StringComparison.Ordinal));
            Assert.Empty(paid["unexpectedRequests"]!.AsArray());
            Assert.Contains(paid["engineLimits"]!.AsArray(), l => l!.GetValue<string>().Contains("isTrusted false", StringComparison.Ordinal));

            // A phone on Firefox: no mobile mode, said in the evidence, and the cell still pays (declines) as expected.
            var phone = firefox.Single(c => c["axes"]!["device"]!.GetValue<string>() == "iphone-13");
            Assert.Contains(phone["engineLimits"]!.AsArray(), l => l!.GetValue<string>().Contains("no mobile mode", StringComparison.Ordinal));
            Assert.Contains(phone["events"]!.AsArray(), e => e!["code"]?.GetValue<string>() == "SDK_PAYMENT_FAIL");

            var junit = XDocument.Load(Path.Combine(output, "junit.xml"));
            var names = junit.Descendants("testcase").Select(t => t.Attribute("name")!.Value).ToList();
            Assert.Equal(5, names.Count(n => n.EndsWith("browser=firefox", StringComparison.Ordinal)));
            Assert.Equal(4, names.Count(n => n.EndsWith("browser=chromium", StringComparison.Ordinal)));
            var html = await File.ReadAllTextAsync(Path.Combine(output, "report.html"));
            Assert.Contains("<th>browser</th>", html);
            Assert.Contains("engine limit:", html);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
