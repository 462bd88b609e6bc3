using System.Diagnostics;
using System.Text.Json.Nodes;
using Kit.Harness.Browser;
using Kit.Harness.Cli;
using Xunit;

namespace Kit.Harness.Tests;

/// <summary>--connect: the cells run in a remote Playwright browser server (here one started with Playwright's own launch-server).</summary>
public sealed class RemoteBrowserTests
{
    [Fact]
    public async Task A_run_can_use_a_remote_browser_server()
    {
        var root = Directory.CreateTempSubdirectory("kit-remote-").FullName;
        var port = Kit.Simulator.Hosting.SimulatorHost.FreePort();
        var config = Path.Combine(root, "server.json");
        await File.WriteAllTextAsync(config, new JsonObject
        {
            ["executablePath"] = ChromiumLocator.Find(),
            ["headless"] = true,
            ["args"] = new JsonArray(ChromiumArguments.Default.Select(a => (JsonNode)a).ToArray()),
            ["port"] = port,
            ["wsPath"] = "kit",
        }.ToJsonString());
        var driver = Path.Combine(AppContext.BaseDirectory, ".playwright");
        var start = new ProcessStartInfo(Path.Combine(driver, "node", "linux-x64", "node")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(driver, "package", "cli.js"), "launch-server", "--browser", "chromium", "--config", config }) start.ArgumentList.Add(arg);
        using var server = Process.Start(start)!;
        try
        {
            var endpoint = await server.StandardOutput.ReadLineAsync(); // the server prints its ws:// endpoint when ready
            Assert.StartsWith("ws://", endpoint);
            var matrix = Path.Combine(root, "matrix.json");
            await File.WriteAllTextAsync(matrix, """
                { "combine": "product", "axes": { "scenario": ["render"], "locale": ["th_TH"], "environment": ["sandbox"],
                  "displayMode": ["paymentMethodRegion=TH"], "loading": ["script"], "device": ["desktop"] } }
                """);
            var output = Path.Combine(root, "out");
            Assert.Equal(0, await HarnessCommand.RunAsync(["run", matrix, "--connect", endpoint!, "--out", output]));
            var results = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "results.json")))!;
            Assert.StartsWith("remote Chromium", results["browser"]!.GetValue<string>());
            Assert.Equal("pass", results["cells"]![0]!["verdict"]!.GetValue<string>());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            Directory.Delete(root, recursive: true);
        }
    }
}
