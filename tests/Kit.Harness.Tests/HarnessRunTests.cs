using System.Text.Json.Nodes;
using System.Xml.Linq;
using Kit.Harness.Cli;
using Xunit;

namespace Kit.Harness.Tests;

/// <summary>
/// The harness end to end, as CI would use it: a small matrix run in two shards with the real SDK in Chromium, then
/// merged; the reports must say what happened in each cell. Shard 2 runs against a running simulator on which QA has
/// put an override mapping (WireMock's admin API) that makes the bank page fail, so its payment cell fails.
/// </summary>
public sealed class HarnessRunTests
{
    private const string Matrix = """
        {
          "name": "harness self-test",
          "combine": "product",
          "cellTimeoutSeconds": 90,
          "axes": {
            "scenario": ["render"], "locale": ["th_TH"], "environment": ["sandbox"],
            "displayMode": ["paymentMethodCategory=ONLINE_BANKING"], "loading": ["script"], "device": ["desktop"]
          },
          "include": [
            { "scenario": "render", "locale": "en_US", "environment": "SANDBOX", "displayMode": "bankName=KASIKORNBANK", "loading": "esm", "device": "iphone-13" },
            { "scenario": "pay-success", "locale": "in_ID", "environment": "sandbox", "displayMode": "paymentMethodRegion=ID", "loading": "cdn", "device": "pixel-7" },
            { "scenario": "pay-success", "locale": "en_US", "environment": "sandbox", "displayMode": "bankName=BANGKOKBANK", "loading": "script", "device": "desktop" }
          ]
        }
        """;

    [Fact]
    public async Task Shards_run_and_merge_into_reports_that_show_pass_finding_and_fail_with_evidence()
    {
        var root = Directory.CreateTempSubdirectory("kit-harness-").FullName;
        try
        {
            var matrix = Path.Combine(root, "matrix.json");
            await File.WriteAllTextAsync(matrix, Matrix);
            var one = Path.Combine(root, "shard1");
            var two = Path.Combine(root, "shard2");
            var merged = Path.Combine(root, "merged");

            Assert.Equal(0, await HarnessCommand.RunAsync(["run", matrix, "--shard", "1/2", "--out", one, "--workers", "2"])); // cells 1 and 3

            // Cells 2 and 4, against a running simulator whose bank is down: cell 4 cannot pay.
            var data = Path.Combine(root, "data");
            using var simulator = Kit.Simulator.Hosting.SimulatorHost.StartOnFreePort(new Kit.Simulator.Hosting.SimulatorOptions { DataDirectory = data });
            using var admin = new HttpClient { BaseAddress = simulator.BaseAddress };
            (await admin.PostAsync("/__admin/mappings", new StringContent("""
                { "Priority": 1, "Request": { "Path": "/page/antom-web-checkout/kit/bank-action", "Methods": ["POST"] },
                  "Response": { "StatusCode": 200, "Headers": { "Content-Type": "application/json" },
                                "Body": "{\"success\":false,\"errorCode\":\"SYSTEM_ERROR\",\"errorMessage\":\"the bank is down (QA override)\"}" } }
                """, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            Assert.Equal(1, await HarnessCommand.RunAsync(["run", matrix, "--shard", "2/2", "--out", two, "--workers", "2",
                "--simulator", simulator.BaseAddress.ToString(), "--merchant-key", Path.Combine(data, "keys", "merchant-private.pem")]));
            Assert.Equal(1, await HarnessCommand.RunAsync(["merge", "--out", merged, one, two]));

            var results = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(merged, "results.json")))!;
            var cells = results["cells"]!.AsArray();
            Assert.Equal([1, 2, 3, 4], cells.Select(c => c!["index"]!.GetValue<int>()));
            Assert.Equal(["pass", "finding", "pass", "fail"], cells.Select(c => c!["verdict"]!.GetValue<string>()));
            Assert.Equal(["1/2", "2/2"], results["shards"]!.AsArray().Select(s => s!.GetValue<string>()));

            var rendered = cells[0]!;
            Assert.Contains(rendered["events"]!.AsArray(), e => e!["code"]?.GetValue<string>() == "SDK_END_OF_LOADING");
            Assert.Equal("th_TH", rendered["iframeParameters"]!["locale"]!.GetValue<string>());
            Assert.Contains(rendered["banks"]!.AsArray(), b => b!["name"]!.GetValue<string>() == "ธนาคารกสิกรไทย");
            Assert.NotEmpty(rendered["gatewayRequests"]!.AsArray());
            Assert.Empty(rendered["unexpectedRequests"]!.AsArray());
            Assert.True(File.Exists(Path.Combine(merged, rendered["screenshots"]![0]!.GetValue<string>())));

            var finding = cells[1]!["findings"]![0]!;
            Assert.Contains("upper-case SANDBOX as production", finding["title"]!.GetValue<string>());
            var paid = cells[2]!;
            Assert.Contains(paid["events"]!.AsArray(), e => e!["code"]?.GetValue<string>() == "SDK_PAYMENT_SUCCESSFUL");
            Assert.Contains(paid["checks"]!.AsArray(), c => c!["expectation"]!.GetValue<string>().StartsWith("the shop's backend receives a correctly signed notifyPayment", StringComparison.Ordinal) && c["held"]!.GetValue<bool>());
            var failed = cells[3]!;
            Assert.Contains(failed["checks"]!.AsArray(), c => !c!["held"]!.GetValue<bool>() && c["expectation"]!.GetValue<string>() == "the merchant page gets SDK_PAYMENT_SUCCESSFUL");
            Assert.True(File.Exists(Path.Combine(merged, failed["trace"]!.GetValue<string>())), "a failed cell keeps a Playwright trace");
            Assert.Contains(results["compatibility"]!.AsArray(), c => c!["owner"]!.GetValue<string>() == "sdk" && !c["compatible"]!.GetValue<bool>());

            var junit = XDocument.Load(Path.Combine(merged, "junit.xml"));
            var suite = junit.Root!.Element("testsuite")!;
            Assert.Equal("8", suite.Attribute("tests")!.Value); // 4 cells + 4 compatibility checks (page, SDK bundle, npm build, polyfilled build)
            Assert.Equal("1", suite.Attribute("failures")!.Value);
            var cases = suite.Elements("testcase").ToList();
            Assert.Single(cases, c => c.Element("failure") is not null);
            Assert.Contains(cases, c => c.Descendants("property").Any(p => p.Attribute("value")!.Value.Contains("upper-case SANDBOX", StringComparison.Ordinal)));

            var html = await File.ReadAllTextAsync(Path.Combine(merged, "report.html"));
            Assert.Contains("<h2>Verdicts</h2>", html);
            Assert.Contains("Findings about the SDK", html);
            Assert.Contains("data:image/jpeg;base64,", html); // screenshots inside: one file to share
            Assert.Contains("trace.zip", html);
            Assert.Contains("ธนาคารกสิกรไทย", html);
            Assert.DoesNotContain("src=\"cells/", html);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
