using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Kit.Generators.Tests;

/// <summary>
/// Kit as a team outside this repository gets it: every package packed with the README's command into a local folder
/// feed, then a brand-new project that references only that feed (third-party packages come from the machine's
/// package cache, read-only), and the tools installed from it and run where no Kit checkout is.
/// </summary>
public sealed class PackageConsumerTests(PackedFeed feed, ITestOutputHelper output) : IClassFixture<PackedFeed>
{
    [Fact]
    public void A_fresh_test_project_uses_the_generator_the_contracts_and_a_Kit_Testing_fixture_from_the_feed()
    {
        var app = feed.NewFolder("shop-tests");
        Directory.CreateDirectory(Path.Combine(app, "schemas"));
        var versions = feed.RepositoryPackageVersions();
        File.WriteAllText(Path.Combine(app, "ShopTests.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <!-- as in Kit's own build: the registry here serves a nearby version of a transitive package of WireMock.Net -->
                <WarningsNotAsErrors>NU1603</WarningsNotAsErrors>
                <KitSchemaNamespace>Shop.Contracts</KitSchemaNamespace>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Kit.Generators" Version="{feed.Version}" />
                <PackageReference Include="Kit.Contracts" Version="{feed.Version}" />
                <PackageReference Include="Kit.Testing" Version="{feed.Version}" />
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="{versions["Microsoft.NET.Test.Sdk"]}" />
                <PackageReference Include="xunit" Version="{versions["xunit"]}" />
                <PackageReference Include="xunit.runner.visualstudio" Version="{versions["xunit.runner.visualstudio"]}" />
                <AdditionalFiles Include="schemas/*.schema.json" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "schemas", "parcel.schema.json"), """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "properties": {
                "trackingCode": { "type": "string", "pattern": "^TH[0-9]{9}$" },
                "carrier": { "enum": ["KERRY", "FLASH", "JNE"] },
                "weightGrams": { "type": "integer", "minimum": 1 }
              },
              "required": ["trackingCode", "carrier"],
              "additionalProperties": false
            }
            """);
        File.WriteAllText(Path.Combine(app, "ShopTests.cs"), """"
            using System.Text.Json;
            using Kit.Contracts;
            using Kit.Contracts.Antom;
            using Kit.Testing;
            using Kit.Testing.Data;
            using Shop.Contracts;
            using Xunit;

            public sealed class ParcelTests
            {
                [Fact]
                public void The_generated_record_serializes_and_the_validator_points_at_each_mistake()
                {
                    var parcel = new Parcel { TrackingCode = "TH123456789", Carrier = Carrier.Flash, WeightGrams = 1200 };
                    var json = JsonSerializer.Serialize(parcel, SchemaJsonContext.Default.Parcel);
                    Assert.Equal("""{"trackingCode":"TH123456789","carrier":"FLASH","weightGrams":1200}""", json);
                    Assert.True(ParcelValidator.Validate(json).IsValid);
                    var mistakes = ParcelValidator.Validate("""{ "trackingCode": "X1", "carier": "JNE" }""").Violations
                        .Select(v => $"{v.InstancePointer} {v.Keyword}").ToList();
                    Assert.Contains("/trackingCode pattern", mistakes);
                    Assert.Contains("/carier additionalProperties", mistakes);
                    Assert.Contains("/carrier required", mistakes);
                }
            }

            public sealed class CheckoutTests(KitSimulatorFixture antom) : IClassFixture<KitSimulatorFixture>
            {
                [Fact]
                public async Task A_Thai_buyer_pays_and_the_inquiry_says_so()
                {
                    var request = new AntomTestData(seed: 11).CreatePaymentSession(BuyerMarket.Thailand, new Uri("http://127.0.0.1:9/"));
                    Assert.True(CreatePaymentSessionRequestValidator.Validate(JsonSerializer.SerializeToUtf8Bytes(request, ContractsJsonContext.Default.CreatePaymentSessionRequest)).IsValid);
                    var client = antom.Simulator.CreateAntomClient();
                    Assert.Equal("SUCCESS", (await client.CreatePaymentSessionAsync(request)).Body!.Result.ResultCode);
                    await antom.Control.ApproveAsync(request.PaymentRequestId);
                    var inquiry = await client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = request.PaymentRequestId });
                    Assert.Equal(PaymentStatus.Success, inquiry.Body!.PaymentStatus);
                    Assert.StartsWith("MII", antom.Keys.MerchantPrivateKeyBase64);
                }
            }
            """");

        var stdout = feed.Run(app, "dotnet", "test -nologo");
        output.WriteLine(stdout);
        Assert.Contains("Failed:     0, Passed:     2", stdout);
    }

    [Fact]
    public async Task The_tools_install_from_the_feed_and_run_without_a_checkout()
    {
        var tools = feed.NewFolder("tools");
        var work = feed.NewFolder("work");
        foreach (var tool in new[] { "kit-simulator", "kit-harness" })
            feed.Run(work, "dotnet", $"tool install --tool-path \"{tools}\" {tool} --version {feed.Version} --add-source \"{feed.Directory}\" --configfile \"{feed.NuGetConfig}\"");

        Assert.Contains("usage: kit-simulator", feed.Run(work, Path.Combine(tools, "kit-simulator"), "--help"));
        Assert.Contains("kit-harness run [MATRIX.json]", feed.Run(work, Path.Combine(tools, "kit-harness"), "--help"));

        // The simulator answers GET /kit with its sandbox client and the merchant API it serves.
        var port = FreePort();
        using (var simulator = Process.Start(new ProcessStartInfo(Path.Combine(tools, "kit-simulator"), $"--in-memory --urls http://127.0.0.1:{port}")
               { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                JsonObject? catalog = null;
                for (var i = 0; i < 100 && catalog is null; i++)
                {
                    try { catalog = await http.GetFromJsonAsync<JsonObject>("/kit"); }
                    catch (HttpRequestException) { await Task.Delay(200); }
                }
                Assert.NotNull(catalog);
                Assert.StartsWith("SANDBOX_", catalog!["sandboxClientId"]!.GetValue<string>());
                Assert.Contains(catalog["merchantApi"]!.AsArray(), o => o!["operation"]!.GetValue<string>() == "createPaymentSession");
            }
            finally
            {
                simulator.Kill(entireProcessTree: true);
            }
        }

        // The harness finds the web SDK, the merchant page and the default matrix it carries, and runs a cell in Chromium.
        var report = Path.Combine(work, "report");
        var run = feed.Run(work, Path.Combine(tools, "kit-harness"), $"run --filter scenario=pay-success,locale=th_TH,device=iphone-13 --out \"{report}\"");
        output.WriteLine(run);
        Assert.Contains("1 cells: 1 pass", run);
        Assert.Contains("static compatibility (sdk)", run);
        Assert.True(File.Exists(Path.Combine(report, "junit.xml")));
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>
/// Every package of Kit.sln, packed once with <c>dotnet pack Kit.sln -c Release -o DIR</c> (the README's command) into
/// a temporary folder feed, with a nuget.config that sees only that feed and, read-only, the machine's package cache.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    private readonly string _work = System.IO.Directory.CreateTempSubdirectory("kit-consumer-").FullName;

    public PackedFeed()
    {
        Repository = FindRepositoryRoot();
        Version = XDocument.Load(Path.Combine(Repository, "Directory.Build.props")).Descendants("Version").Single().Value;
        Directory = Path.Combine(_work, "feed");
        // In the repository with the machine's own package cache: this pack must not restore Kit's projects elsewhere.
        Run(Repository, "dotnet", $"pack Kit.sln -c Release -nologo -v q -o \"{Directory}\"", consumer: false);
        foreach (var package in new[] { "Kit.Generators", "Kit.Schema", "Kit.Contracts", "Kit.Testing", "kit-simulator", "kit-harness" })
            if (!File.Exists(Path.Combine(Directory, $"{package}.{Version}.nupkg")))
                throw new InvalidOperationException($"dotnet pack Kit.sln made no {package}.{Version}.nupkg in {Directory}");

        // Kit's packages only from the feed, into an empty cache of this test's own; everything else from the machine's cache.
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        NuGetConfig = Path.Combine(_work, "nuget.config");
        File.WriteAllText(NuGetConfig, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(_work, "packages")}" /></config>
              <packageSources><clear /><add key="kit" value="{Directory}" /></packageSources>
              <fallbackPackageFolders><clear /><add key="machine" value="{machineCache}" /></fallbackPackageFolders>
            </configuration>
            """);
    }

    public string Repository { get; }

    public string Version { get; }

    /// <summary>The folder feed.</summary>
    public string Directory { get; }

    public string NuGetConfig { get; }

    /// <summary>A new folder under the feed's work folder (whose nuget.config applies to it), outside any Kit checkout.</summary>
    public string NewFolder(string name) => System.IO.Directory.CreateDirectory(Path.Combine(_work, name)).FullName;

    /// <summary>The versions the repository pins (Directory.Packages.props), so the consumer uses the same test packages.</summary>
    public IReadOnlyDictionary<string, string> RepositoryPackageVersions() =>
        XDocument.Load(Path.Combine(Repository, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => p.Attribute("Include")!.Value, p => p.Attribute("Version")!.Value);

    /// <param name="consumer">Run as the consumer: with this test's own package cache (Kit's packages only from the feed).</param>
    public string Run(string directory, string file, string arguments, bool consumer = true)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        if (consumer) start.Environment["NUGET_PACKAGES"] = Path.Combine(_work, "packages");
        start.Environment.Remove("KIT_HARNESS_WEB");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(6))) { process.Kill(entireProcessTree: true); throw new TimeoutException($"{file} {arguments} timed out"); }
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kit.sln"))) return dir.FullName;
        throw new InvalidOperationException("Kit.sln not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
