using System.Text.Json.Nodes;
using Kit.Harness.Cli;
using Xunit;

namespace Kit.Harness.Tests;

/// <summary>
/// --simulator: the cells run against a simulator that is already running (here one with a data folder and an admin
/// token, as `dotnet run --project simulator/Kit.Simulator -- --admin-token …` starts it on a team server).
/// </summary>
public sealed class ExternalSimulatorTests
{
    private const string Token = "team-server-token-42";

    [Fact]
    public async Task A_run_can_use_a_running_simulator_and_its_merchant_key()
    {
        var root = Directory.CreateTempSubdirectory("kit-external-").FullName;
        try
        {
            var data = Path.Combine(root, "data");
            using var simulator = Kit.Simulator.Hosting.SimulatorHost.StartOnFreePort(new Kit.Simulator.Hosting.SimulatorOptions
            {
                DataDirectory = data,
                VirtualClockStart = new DateTimeOffset(2026, 11, 26, 5, 0, 0, TimeSpan.Zero),
                AdminToken = Token,
            });
            var matrix = Path.Combine(root, "matrix.json");
            await File.WriteAllTextAsync(matrix, """
                { "combine": "product", "axes": { "scenario": ["abandon-then-expiry"], "locale": ["in_ID"], "environment": ["sandbox"],
                  "displayMode": ["paymentMethodRegion=ID"], "loading": ["script"], "device": ["desktop"] } }
                """);
            var output = Path.Combine(root, "out");
            var key = Path.Combine(data, "keys", "merchant-private.pem");
            // Without the token the control API refuses the harness: a setup error that says what to pass (exit 2).
            Assert.Equal(2, await HarnessCommand.RunAsync(["run", matrix, "--simulator", simulator.BaseAddress.ToString(), "--merchant-key", key, "--out", output]));
            Assert.Equal(0, await HarnessCommand.RunAsync(["run", matrix, "--simulator", simulator.BaseAddress.ToString(), "--merchant-key", key, "--admin-token", Token, "--out", output]));
            var results = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "results.json")))!;
            Assert.Equal(simulator.BaseAddress.ToString(), results["simulator"]!.GetValue<string>());
            Assert.Equal("pass", results["cells"]![0]!["verdict"]!.GetValue<string>()); // the clock moved through the control API

            // A wrong key path is a clear setup error (exit 2), not a crash.
            Assert.Equal(2, await HarnessCommand.RunAsync(["run", matrix, "--simulator", simulator.BaseAddress.ToString(), "--merchant-key", Path.Combine(root, "nope.pem"), "--admin-token", Token, "--out", output]));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
