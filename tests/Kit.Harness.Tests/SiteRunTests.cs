using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Kit.Harness.Cli;
using Xunit;

namespace Kit.Harness.Tests;

/// <summary>
/// The harness against a merchant's own checkout, as a CI job runs it: examples/coffee-shop (an ASP.NET minimal API
/// and a page that loads the SDK from the CDN, no Kit code in either) started by its matrix file's site section, in
/// headless Chromium against the simulator. The checkout done right passes every cell and every guide check; the same
/// checkout with four deliberate mistakes fails exactly the four checks that name them, and nothing else.
/// </summary>
public sealed class SiteRunTests
{
    private static readonly string Example = Path.Combine(Repository.Root, "examples", "coffee-shop");

    private static JsonNode Results(string folder) => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "results.json")))!;

    private static IEnumerable<JsonObject> Cells(JsonNode results) => results["cells"]!.AsArray().Select(c => (JsonObject)c!);

    private static string Axis(JsonObject cell, string axis) => cell["axes"]![axis]!.GetValue<string>();

    private static IEnumerable<JsonObject> Guide(JsonObject cell) => cell["guideChecks"]!.AsArray().Select(g => (JsonObject)g!);

    private static HashSet<string> Unheld(JsonObject cell) => Guide(cell).Where(g => !g["held"]!.GetValue<bool>()).Select(g => g["name"]!.GetValue<string>()).ToHashSet();

    private static IEnumerable<string> FailedChecks(JsonObject cell) => cell["checks"]!.AsArray()
        .Where(c => !c!["held"]!.GetValue<bool>() && !c["blocked"]!.GetValue<bool>()).Select(c => c!["expectation"]!.GetValue<string>());

    [Fact]
    public async Task The_example_checkout_passes_every_cell_and_guide_check_in_two_shards_merged()
    {
        var root = Directory.CreateTempSubdirectory("kit-site-").FullName;
        try
        {
            var matrix = Path.Combine(Example, "matrix.json");
            var (one, two, merged) = (Path.Combine(root, "1"), Path.Combine(root, "2"), Path.Combine(root, "merged"));
            Assert.Equal(0, await HarnessCommand.RunAsync(["run", matrix, "--shard", "1/2", "--out", one]));
            Assert.Equal(0, await HarnessCommand.RunAsync(["run", matrix, "--shard", "2/2", "--out", two]));
            Assert.Equal(0, await HarnessCommand.RunAsync(["merge", "--out", merged, one, two]));

            var results = Results(merged);
            var cells = Cells(results).ToList();
            Assert.True(cells.Count >= 26, $"{cells.Count} cells");
            // The merchant's checkout on Firefox too (desktop): a payment, and the inquiry when the notification is withheld.
            Assert.Contains(cells, c => Axis(c, "browser") == "firefox" && Axis(c, "scenario") == "notification-withheld");
            Assert.Contains(cells, c => Axis(c, "browser") == "firefox" && Axis(c, "scenario") == "pay-success");
            Assert.All(cells, c => Assert.True(c["verdict"]!.GetValue<string>() == "pass", $"{c["id"]}: {string.Join("; ", FailedChecks(c))} {string.Join(", ", Unheld(c))}"));
            Assert.StartsWith("Kit Coffee", results["site"]!.GetValue<string>());
            var logs = results["siteLogs"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
            Assert.Equal(2, logs.Count); // each shard started the app and kept its output
            Assert.All(logs, l => Assert.Contains("Now listening on", File.ReadAllText(Path.Combine(merged, l))));

            // Every cell checked the SDK instance and the session; the scenario-bound checks ran where they apply.
            Assert.All(cells, c => Assert.Superset(new HashSet<string> { "sdk-environment", "sdk-locale", "session-signed", "session-valid", "session-urls", "one-session-per-click" },
                Guide(c).Select(g => g["name"]!.GetValue<string>()).ToHashSet()));
            bool Has(JsonObject c, string check) => Guide(c).Any(g => g["name"]!.GetValue<string>() == check);
            Assert.All(cells.Where(c => Axis(c, "scenario") == "unmount-and-recreate"), c => Assert.True(Has(c, "unmount-before-recreate")));
            Assert.All(cells.Where(c => Axis(c, "scenario") == "notification-withheld"), c => Assert.True(Has(c, "inquiry-when-withheld")));
            Assert.All(cells.Where(c => Axis(c, "scenario") is "pay-success" or "pay-failure"), c => Assert.True(Has(c, "acknowledgement") && Has(c, "page-reacts")));
            Assert.Contains(cells, c => Axis(c, "locale") == "fr_FR" && Guide(c).Any(g => g["name"]!.GetValue<string>() == "sdk-locale" && g["detail"]!.GetValue<string>().Contains("expected 'en_US'")));

            // The evidence: the probe saw the page's SDK calls; the simulator saw the backend's calls and answers.
            var paid = cells.First(c => Axis(c, "scenario") == "pay-success" && Axis(c, "device") == "iphone-13" && Axis(c, "displayMode").Contains("MOBILE_BANKING_APP"));
            Assert.Contains(paid["events"]!.AsArray(), e => e!["channel"]!.GetValue<string>() == "constructor" && e["data"]!["environment"]!.GetValue<string>() == "sandbox");
            Assert.Contains(paid["events"]!.AsArray(), e => e!["channel"]!.GetValue<string>() == "onEventCallback" && e["code"]?.GetValue<string>() == "SDK_PAYMENT_SUCCESSFUL");
            Assert.Contains(paid["merchantCalls"]!.AsArray(), m => m!.GetValue<string>().StartsWith("createPaymentSession", StringComparison.Ordinal) && m.GetValue<string>().EndsWith("SUCCESS", StringComparison.Ordinal));
            Assert.Contains(paid["notifications"]!.AsArray(), n => n!.GetValue<string>().StartsWith("PAYMENT_RESULT", StringComparison.Ordinal) && n.GetValue<string>().Contains("(acknowledged)"));
            var withheld = cells.First(c => Axis(c, "scenario") == "notification-withheld");
            Assert.Contains(withheld["merchantCalls"]!.AsArray(), m => m!.GetValue<string>().StartsWith("inquiryPayment", StringComparison.Ordinal));
            Assert.Contains(withheld["notifications"]!.AsArray(), n => n!.GetValue<string>().Contains("withheld"));
            var error = cells.First(c => Axis(c, "scenario") == "gateway-business-failure");
            Assert.Contains(error["events"]!.AsArray(), e => e!["channel"]!.GetValue<string>() == "onError" && e["code"]?.GetValue<string>() == "SDK_CREATECOMPONENT_ERROR");

            var junit = XDocument.Load(Path.Combine(merged, "junit.xml"));
            Assert.Equal("0", junit.Root!.Element("testsuite")!.Attribute("failures")!.Value);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Each_deliberate_mistake_fails_the_guide_check_that_names_it_and_nothing_else_fails()
    {
        var root = Directory.CreateTempSubdirectory("kit-mistakes-").FullName;
        try
        {
            var output = Path.Combine(root, "out");
            Assert.Equal(1, await HarnessCommand.RunAsync(["run", Path.Combine(Example, "matrix.mistakes.json"), "--out", output]));
            var cells = Cells(Results(output)).ToList();
            Assert.True(cells.Count >= 12, $"{cells.Count} cells");
            foreach (var cell in cells)
            {
                var (scenario, device) = (Axis(cell, "scenario"), Axis(cell, "device"));
                // Upper-case SANDBOX on every page; osType "iOS" only where the backend sees an iPhone, and there no
                // session exists, so neither the acknowledgement nor the second component can be looked at.
                var expected = new HashSet<string> { "sdk-environment" };
                if (device == "iphone-13") expected.Add("session-valid");
                else if (scenario == "pay-success") expected.Add("acknowledgement");
                else expected.Add("unmount-before-recreate");
                Assert.True(expected.SetEquals(Unheld(cell)), $"{cell["id"]}: expected {string.Join(", ", expected)}; did not hold: {string.Join(", ", Unheld(cell))}");
                Assert.Empty(FailedChecks(cell));
                Assert.Null(cell["error"]);
                Assert.Equal("fail", cell["verdict"]!.GetValue<string>());
            }

            // Each failure says what was seen, which step of the guide it is, and what to change.
            var all = cells.SelectMany(Guide).Where(g => !g["held"]!.GetValue<bool>()).GroupBy(g => g["name"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.First());
            Assert.Contains("'SANDBOX'", all["sdk-environment"]["detail"]!.GetValue<string>());
            Assert.Equal("Create an SDK instance", all["sdk-environment"]["guideStep"]!.GetValue<string>());
            Assert.Contains("lower case", all["sdk-environment"]["advice"]!.GetValue<string>());
            Assert.Contains("/env/osType", all["session-valid"]["detail"]!.GetValue<string>());
            Assert.Contains("'OK'", all["acknowledgement"]["detail"]!.GetValue<string>());
            Assert.Contains("without unmount()", all["unmount-before-recreate"]["detail"]!.GetValue<string>());

            var junit = XDocument.Load(Path.Combine(output, "junit.xml"));
            var failure = junit.Descendants("failure").First().Attribute("message")!.Value;
            Assert.StartsWith("guide check sdk-environment (Create an SDK instance)", failure);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_running_checkout_against_a_running_simulator_and_checks_turned_into_warnings()
    {
        const string token = "qa-team-token";
        var root = Directory.CreateTempSubdirectory("kit-running-site-").FullName;
        using var simulator = Kit.Simulator.Hosting.SimulatorHost.StartOnFreePort(new Kit.Simulator.Hosting.SimulatorOptions
        {
            DataDirectory = Path.Combine(root, "data"),
            VirtualClockStart = new DateTimeOffset(2026, 11, 26, 5, 0, 0, TimeSpan.Zero),
            AdminToken = token,
        });
        var keys = Path.Combine(root, "data", "keys");
        var port = Kit.Simulator.Hosting.SimulatorHost.FreePort();
        // The team's app is already up (started by its own CI step, with its mistakes on), reading the simulator's key files.
        using var app = Process.Start(new ProcessStartInfo("dotnet", ["run", "-c", "Release", "--no-launch-profile", "--project", Example, "--", "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Antom__GatewayUrl"] = simulator.BaseAddress.ToString(),
                ["Antom__ClientId"] = simulator.Clients.SandboxClientId,
                ["Antom__MerchantPrivateKeyFile"] = Path.Combine(keys, "merchant-private.base64"),
                ["Antom__AntomPublicKeyFile"] = Path.Combine(keys, "antom-public.base64"),
                ["Shop__DeliberateMistakes"] = "true",
            },
        })!;
        app.OutputDataReceived += (_, _) => { };
        app.ErrorDataReceived += (_, _) => { };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            using (var http = new HttpClient())
                for (var i = 0; ; i++)
                {
                    try { if ((await http.GetAsync($"http://127.0.0.1:{port}/health")).IsSuccessStatusCode) break; }
                    catch (HttpRequestException) when (i < 600) { await Task.Delay(200); }
                }
            var matrix = Path.Combine(root, "matrix.json");
            await File.WriteAllTextAsync(matrix, $$"""
                {
                  "combine": "product",
                  "axes": { "scenario": ["pay-success"], "locale": ["th_TH"], "environment": ["sandbox"], "displayMode": ["bankName=KASIKORNBANK"], "loading": ["cdn"], "device": ["desktop"] },
                  "site": {
                    "url": "http://127.0.0.1:{{port}}/",
                    "steps": {
                      "checkout": [ { "click": { "role": "button", "name": "KBank" } } ],
                      "afterPayment": [ { "waitFor": { "role": "heading", "name": "Your order" } } ],
                      "success": { "text": "thank you" }, "failure": { "text": "failed" }, "error": { "text": "could not start the payment" }
                    },
                    "checks": { "sdk-environment": "warn", "acknowledgement": "warn" }
                  }
                }
                """);
            var output = Path.Combine(root, "out");
            Assert.Equal(0, await HarnessCommand.RunAsync(["run", matrix, "--simulator", simulator.BaseAddress.ToString(), "--merchant-key", Path.Combine(keys, "merchant-private.pem"),
                "--admin-token", token, "--out", output]));
            var results = Results(output);
            var cell = Cells(results).Single();
            Assert.Equal("pass", cell["verdict"]!.GetValue<string>());
            var warned = Guide(cell).Where(g => !g["held"]!.GetValue<bool>()).ToList();
            Assert.Equal(["acknowledgement", "sdk-environment"], warned.Select(g => g["name"]!.GetValue<string>()).Order());
            Assert.All(warned, g => Assert.Equal("warn", g["severity"]!.GetValue<string>()));
            Assert.Empty(results["siteLogs"]!.AsArray()); // the harness did not start it, so it has no output to keep
            var junit = XDocument.Load(Path.Combine(output, "junit.xml"));
            Assert.Contains(junit.Descendants("property"), p => p.Attribute("name")!.Value == "guide-warning" && p.Attribute("value")!.Value.StartsWith("sdk-environment", StringComparison.Ordinal));
        }
        finally
        {
            if (!app.HasExited) app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_checkout_that_bundles_the_SDK_is_checked_from_its_iframe_and_the_cashiers_messages()
    {
        var root = Directory.CreateTempSubdirectory("kit-bundled-").FullName;
        try
        {
            // The same shop, with the SDK from npm bundled into the page's own script (esbuild), as a merchant on a
            // bundler ships it: no AMSCashierPayment global for the probe to wrap.
            var web = Path.Combine(root, "wwwroot");
            Directory.CreateDirectory(web);
            foreach (var file in Directory.GetFiles(Path.Combine(Example, "wwwroot"))) File.Copy(file, Path.Combine(web, Path.GetFileName(file)));
            var entry = Path.Combine(root, "sdk-entry.js");
            await File.WriteAllTextAsync(entry, "import { AMSCashierPayment } from '@alipay/ams-checkout';\nwindow.ShopCheckout = AMSCashierPayment;\n");
            var nodeModules = Path.Combine(Repository.Root, "harness", "web", "node_modules");
            var build = new ProcessStartInfo(Path.Combine(nodeModules, ".bin", "esbuild"), [entry, "--bundle", "--format=iife", "--target=es2017",
                "--outfile=" + Path.Combine(web, "shop.bundle.js"), "--log-level=warning"]) { RedirectStandardError = true, Environment = { ["NODE_PATH"] = nodeModules } };
            using (var esbuild = Process.Start(build)!)
            {
                var errors = await esbuild.StandardError.ReadToEndAsync();
                await esbuild.WaitForExitAsync();
                Assert.True(esbuild.ExitCode == 0, errors);
            }
            var index = await File.ReadAllTextAsync(Path.Combine(web, "index.html"));
            await File.WriteAllTextAsync(Path.Combine(web, "index.html"), System.Text.RegularExpressions.Regex.Replace(index, "<script src=\"https://sdk.marmot-cloud.com[^\"]*\"></script>", "<script src=\"shop.bundle.js\"></script>"));
            var checkout = await File.ReadAllTextAsync(Path.Combine(web, "checkout.js"));
            await File.WriteAllTextAsync(Path.Combine(web, "checkout.js"), checkout.Replace("window.AMSCashierPayment", "window.ShopCheckout", StringComparison.Ordinal));

            var matrix = Path.Combine(root, "matrix.json");
            await File.WriteAllTextAsync(matrix, $$"""
                {
                  "combine": "product",
                  "cellTimeoutSeconds": 90,
                  "axes": { "scenario": ["pay-success", "unmount-and-recreate"], "locale": ["th_TH"], "environment": ["sandbox"], "displayMode": ["paymentMethodCategory=ONLINE_BANKING"], "loading": ["esm"], "device": ["desktop"] },
                  "site": {
                    "url": "http://127.0.0.1:{port}/",
                    "start": {
                      "command": "dotnet",
                      "args": ["run", "-c", "Release", "--no-launch-profile", "--project", "{{Example}}", "--", "--urls", "http://127.0.0.1:{port}", "--webroot", "{{web}}"],
                      "environment": { "Antom__GatewayUrl": "{simulatorUrl}", "Antom__ClientId": "{clientId}", "Antom__MerchantPrivateKeyFile": "{merchantPrivateKeyBase64}",
                                       "Antom__AntomPublicKeyFile": "{antomPublicKeyBase64}", "Shop__DeliberateMistakes": "true" },
                      "readyUrl": "http://127.0.0.1:{port}/health", "timeoutSeconds": 240
                    },
                    "steps": {
                      "checkout": [ { "click": { "css": "button[data-method='{displayMode}']" } } ],
                      "afterPayment": [ { "waitFor": { "role": "heading", "name": "Your order" } } ],
                      "success": { "text": "thank you" }, "failure": { "text": "failed" }, "error": { "text": "could not start the payment" }
                    }
                  }
                }
                """);
            var output = Path.Combine(root, "out");
            Assert.Equal(1, await HarnessCommand.RunAsync(["run", matrix, "--out", output]));
            var cells = Cells(Results(output)).ToDictionary(c => Axis(c, "scenario"));
            foreach (var cell in cells.Values)
            {
                Assert.DoesNotContain(cell["events"]!.AsArray(), e => e!["channel"]!.GetValue<string>() == "constructor"); // nothing to wrap
                Assert.Empty(FailedChecks(cell));
                // The upper-case SANDBOX still shows: the iframe ran as production for a sandbox client.
                var environment = Guide(cell).Single(g => g["name"]!.GetValue<string>() == "sdk-environment");
                Assert.False(environment["held"]!.GetValue<bool>());
                Assert.Contains("ran as production for the sandbox client", environment["detail"]!.GetValue<string>());
                Assert.True(Guide(cell).Single(g => g["name"]!.GetValue<string>() == "sdk-locale")["held"]!.GetValue<bool>());
            }
            var paid = cells["pay-success"];
            Assert.True(new HashSet<string> { "sdk-environment", "acknowledgement" }.SetEquals(Unheld(paid)), string.Join("\n", Guide(paid).Select(g => g.ToJsonString())));
            Assert.Contains(paid["events"]!.AsArray(), e => e!["channel"]!.GetValue<string>() == "app:onEventCallback"); // the cashier's messages to the SDK
            Assert.Contains(paid["checks"]!.AsArray(), c => c!["expectation"]!.GetValue<string>() == "the cashier reports SDK_PAYMENT_SUCCESSFUL to the page's SDK" && c["held"]!.GetValue<bool>());
            // Without the SDK's own calls, unmount() cannot be seen: the check is not made, rather than guessed.
            var again = cells["unmount-and-recreate"];
            Assert.Equal(new HashSet<string> { "sdk-environment" }, Unheld(again));
            Assert.DoesNotContain(Guide(again), g => g["name"]!.GetValue<string>() == "unmount-before-recreate");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
