using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Kit.Generators.Tests;

/// <summary>
/// Packs Kit.Generators and builds a brand-new project that uses it from a local folder feed with its own schema:
/// what a team outside this repository does.
/// </summary>
public sealed class PackageConsumerTests(ITestOutputHelper output)
{
    [Fact]
    public void A_fresh_project_uses_the_packed_generator_from_a_local_feed()
    {
        var repo = FindRepositoryRoot();
        var work = Directory.CreateTempSubdirectory("kit-consumer-").FullName;
        try
        {
            var feed = Path.Combine(work, "feed");
            Run(repo, "dotnet", $"build generators/Kit.Schema/Kit.Schema.csproj -c Release -nologo -v q");
            Run(repo, "dotnet", $"pack generators/Kit.Generators/Kit.Generators.csproj -c Release -nologo -v q -o \"{feed}\"");
            Assert.True(File.Exists(Path.Combine(feed, "Kit.Generators.0.1.0.nupkg")));

            var app = Path.Combine(work, "app");
            Directory.CreateDirectory(Path.Combine(app, "schemas"));
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources><clear /><add key="local" value="{feed}" /></packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "Shop.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <KitSchemaNamespace>Shop.Contracts</KitSchemaNamespace>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Kit.Generators" Version="0.1.0" />
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
            File.WriteAllText(Path.Combine(app, "Program.cs"), """"
                using System;
                using System.Text.Json;
                using Shop.Contracts;
                var parcel = new Parcel { TrackingCode = "TH123456789", Carrier = Carrier.Flash, WeightGrams = 1200 };
                var json = JsonSerializer.Serialize(parcel, SchemaJsonContext.Default.Parcel);
                Console.WriteLine(json);
                Console.WriteLine(ParcelValidator.Validate(json).IsValid ? "valid" : "invalid");
                foreach (var v in ParcelValidator.Validate("""{ "trackingCode": "X1", "carier": "JNE" }""").Violations)
                    Console.WriteLine($"{v.InstancePointer} {v.Keyword}");
                """");

            var stdout = Run(app, "dotnet", "run -nologo", ("NUGET_PACKAGES", Path.Combine(work, "packages")));
            output.WriteLine(stdout);
            Assert.Contains("""{"trackingCode":"TH123456789","carrier":"FLASH","weightGrams":1200}""", stdout);
            Assert.Contains("valid", stdout);
            Assert.Contains("/trackingCode pattern", stdout);
            Assert.Contains("/carier additionalProperties", stdout);
            Assert.Contains("/carrier required", stdout);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kit.sln"))) return dir.FullName;
        throw new InvalidOperationException("Kit.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Run(string directory, string file, string arguments, params (string Key, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4))) { process.Kill(entireProcessTree: true); throw new TimeoutException($"{file} {arguments} timed out"); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }
}
