using System.Text.Json.Nodes;
using Kit.Harness.Cli;
using Xunit;

namespace Kit.Harness.Tests;

/// <summary>
/// The integration guide's options and callbacks that only these scenarios reach, run with the real SDK in Chromium:
/// closing the popup (the leave dialog in the buyer's language, Stay, Leave, onClose once, the payment left to expire),
/// showLoading false, onLog, and unmounting when the buyer leaves the checkout. What SDK 1.47.2 does on its own is a
/// finding with its evidence. And the polyfills the guide recommends for older browsers: the npm build made with
/// babel-preset-env and core-js passes the static check for the seed's browsers, and renders and pays.
/// </summary>
public sealed class GuideOptionScenarioTests
{
    private const string Matrix = """
        {
          "name": "guide options",
          "combine": "product",
          "cellTimeoutSeconds": 90,
          "axes": {
            "scenario": ["close-popup", "no-loading-animation", "on-log", "leave-page"], "locale": ["th_TH"], "environment": ["sandbox"],
            "displayMode": ["paymentMethodCategory=ONLINE_BANKING"], "loading": ["script"], "device": ["desktop"]
          },
          "include": [
            { "scenario": "close-popup", "locale": "in_ID", "environment": "sandbox", "displayMode": "paymentMethodRegion=TH", "loading": "cdn", "device": "iphone-13" },
            { "scenario": "render", "locale": "en_US", "environment": "sandbox", "displayMode": "paymentMethodRegion=ID", "loading": "esm-polyfilled", "device": "pixel-7" },
            { "scenario": "pay-success", "locale": "en_US", "environment": "sandbox", "displayMode": "paymentMethodCategory=ONLINE_BANKING", "loading": "esm-polyfilled", "device": "iphone-ios11" }
          ]
        }
        """;

    [Fact]
    public async Task Closing_the_popup_showLoading_false_onLog_and_leaving_the_checkout_run_with_their_evidence()
    {
        var root = Directory.CreateTempSubdirectory("kit-guide-options-").FullName;
        try
        {
            var matrix = Path.Combine(root, "matrix.json");
            await File.WriteAllTextAsync(matrix, Matrix);
            var output = Path.Combine(root, "out");
            Assert.Equal(0, await HarnessCommand.RunAsync(["run", matrix, "--out", output, "--workers", "2"]));
            var results = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "results.json")))!;
            var cells = results["cells"]!.AsArray();
            JsonNode Cell(string scenario, string locale = "th_TH") => cells.Single(c => c!["axes"]!["scenario"]!.GetValue<string>() == scenario && c["axes"]!["locale"]!.GetValue<string>() == locale)!;
            bool Held(JsonNode cell, string prefix) => cell["checks"]!.AsArray().Any(c => c!["expectation"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal) && c["held"]!.GetValue<bool>());

            foreach (var (locale, language) in new[] { ("th_TH", "th_TH"), ("in_ID", "in_ID") })
            {
                var closed = Cell("close-popup", locale);
                Assert.Equal("pass", closed["verdict"]!.GetValue<string>());
                Assert.True(Held(closed, $"the leave dialog shows the cashier's declared text in {language}"));
                Assert.True(Held(closed, "onClose fires once") && Held(closed, "Stay does not fire onClose") && Held(closed, "it expires later"));
                var dialog = closed["screenshots"]!.AsArray().Select(s => s!.GetValue<string>()).Single(s => s.EndsWith($"leave-dialog-{locale}.jpg", StringComparison.Ordinal));
                Assert.True(File.Exists(Path.Combine(output, dialog)));
                Assert.Single(closed["events"]!.AsArray(), e => e!["channel"]!.GetValue<string>() == "onClose");
            }

            var noLoading = Cell("no-loading-animation");
            Assert.True(Held(noLoading, "the cashier renders with showLoading false"));

            var onLog = Cell("on-log");
            Assert.Equal("finding", onLog["verdict"]!.GetValue<string>());
            Assert.Contains(onLog["events"]!.AsArray(), e => e!["channel"]!.GetValue<string>() == "onLog" && e["data"]!["source"]!.GetValue<string>() == "Kit cashier");
            var silent = onLog["findings"]!.AsArray().Single()!;
            Assert.Contains("onLog only what the cashier app posts", silent["title"]!.GetValue<string>());
            Assert.Contains("sdk_event_", silent["evidence"]!.GetValue<string>()); // what the SDK logged to its tracker instead

            foreach (var scenario in new[] { "render", "pay-success" })
                Assert.Equal("pass", cells.Single(c => c!["axes"]!["scenario"]!.GetValue<string>() == scenario && c["axes"]!["loading"]!.GetValue<string>() == "esm-polyfilled")!["verdict"]!.GetValue<string>());
            var compatibility = results["compatibility"]!.AsArray();
            var polyfilled = compatibility.Single(c => c!["owner"]!.GetValue<string>() == "polyfilled")!;
            Assert.True(polyfilled["compatible"]!.GetValue<bool>(), polyfilled["detail"]!.GetValue<string>());
            Assert.Contains("es.promise.finally for PromiseFinally", polyfilled["detail"]!.GetValue<string>());
            // The advice for merchants names the exact modules each SDK file needs.
            var umd = compatibility.Single(c => c!["file"]!.GetValue<string>().EndsWith("ams-checkout.min.js", StringComparison.Ordinal))!["detail"]!.GetValue<string>();
            Assert.Contains("import 'core-js/modules/es.string.match-all.js'", umd);
            Assert.Contains("import 'core-js/modules/es.global-this.js'", umd);

            var left = Cell("leave-page");
            Assert.True(Held(left, "leaving the checkout unmounts the component") && Held(left, "no SDK element is left on the page"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
