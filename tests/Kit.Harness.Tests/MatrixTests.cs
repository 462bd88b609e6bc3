using System.Text;
using Kit.Harness.Browser;
using Kit.Harness.Cli;
using Kit.Harness.Matrix;
using Kit.Harness.Runner;
using Xunit;

namespace Kit.Harness.Tests;

/// <summary>The matrix file and how it becomes cells: validation with pointers, product, all-pairs, include, exclude, filter, shard.</summary>
public sealed class MatrixTests
{
    private static Kit.Harness.Matrix.Matrix Parse(string json) => MatrixFile.Parse(Encoding.UTF8.GetBytes(json), "test.json");

    private const string Axes = """
        "axes": {
          "scenario": ["render", "pay-success", "pay-failure"],
          "locale": ["en_US", "th_TH", "in_ID", "fr_FR"],
          "environment": ["sandbox", "prod", "SANDBOX"],
          "displayMode": ["bankName=KASIKORNBANK", "paymentMethodRegion=ID"],
          "loading": ["script", "esm"],
          "device": ["desktop", "iphone-13", "android-5"]
        }
        """;

    [Fact]
    public void Product_is_every_combination()
    {
        var cells = MatrixExpander.Expand(Parse($$"""{ "combine": "product", {{Axes}} }"""));
        Assert.Equal(3 * 4 * 3 * 2 * 2 * 3, cells.Count);
        Assert.Equal(cells.Count, cells.Distinct().Count());
    }

    [Fact]
    public void All_pairs_covers_every_pair_of_values_with_far_fewer_cells()
    {
        var matrix = Parse($$"""{ {{Axes}} }"""); // allPairs is the default
        var cells = MatrixExpander.Expand(matrix);
        Assert.True(cells.Count < 3 * 4 * 3 * 2 * 2 * 3 / 4, $"{cells.Count} cells");
        var values = MatrixCell.AxisNames.ToDictionary(a => a, a => MatrixExpander.Expand(Parse($$"""{ "combine": "product", {{Axes}} }""")).Select(c => c.Value(a)).Distinct().ToList());
        foreach (var a in MatrixCell.AxisNames)
            foreach (var b in MatrixCell.AxisNames.Where(b => string.CompareOrdinal(a, b) < 0))
                foreach (var va in values[a])
                    foreach (var vb in values[b])
                        Assert.True(cells.Any(c => c.Value(a) == va && c.Value(b) == vb), $"no cell has {a}={va} with {b}={vb}");
        // Deterministic: shards on different machines expand the same file the same way.
        Assert.Equal(cells, MatrixExpander.Expand(matrix));
    }

    [Fact]
    public void Include_adds_cells_and_exclude_removes_every_match()
    {
        var cells = MatrixExpander.Expand(Parse($$"""
            { "combine": "product", {{Axes}},
              "include": [ { "scenario": "app-load-timeout", "locale": "en_US", "environment": "sandbox", "displayMode": "paymentMethodRegion=TH", "loading": "script", "device": "desktop" } ],
              "exclude": [ { "device": "android-5", "loading": "esm" }, { "locale": "fr_FR" } ] }
            """));
        Assert.Contains(cells, c => c.Scenario == Scenario.AppLoadTimeout);
        Assert.DoesNotContain(cells, c => c.Device == Device.Android5 && c.Loading == Loading.Esm);
        Assert.DoesNotContain(cells, c => c.Locale == "fr_FR");
        Assert.Equal(3 * 3 * 3 * 2 * (2 * 3 - 1) + 1, cells.Count);
    }

    [Fact]
    public void A_bad_matrix_file_is_named_with_the_pointer_to_fix()
    {
        var wrongDevice = Assert.Throws<MatrixFileException>(() => Parse("""
            { "axes": { "scenario": ["render"], "locale": ["en_US"], "environment": ["Sandbox"], "displayMode": ["bankName=X"], "loading": ["script"], "device": ["nokia"] } }
            """));
        Assert.Contains("test.json", wrongDevice.Message);
        Assert.Contains("/axes/device/0", wrongDevice.Message);
        Assert.Contains("/axes/environment/0", wrongDevice.Message);

        var missingAxis = Assert.Throws<MatrixFileException>(() => Parse("""{ "axes": { "scenario": ["render"] }, "combine": "everything" }"""));
        Assert.Contains("locale", missingAxis.Message);
        Assert.Contains("/combine", missingAxis.Message);

        var notJson = Assert.Throws<MatrixFileException>(() => Parse("{ \"axes\": "));
        Assert.Contains("not valid JSON", notJson.Message);
        Assert.Throws<MatrixFileException>(() => MatrixFile.Load("/no/such/matrix.json"));
    }

    [Fact]
    public void Filter_terms_all_hold_and_shards_split_the_cells_without_overlap()
    {
        var cells = MatrixExpander.Expand(Parse($$"""{ "combine": "product", {{Axes}} }"""));
        var filtered = CellSelection.Filter(cells, "scenario=pay-*, locale=th_TH, iphone");
        Assert.NotEmpty(filtered);
        Assert.All(filtered, c => Assert.True(c.Scenario is Scenario.PaySuccess or Scenario.PayFailure && c.Locale == "th_TH" && c.Device == Device.Iphone13));
        Assert.Throws<CellSelectionException>(() => CellSelection.Filter(cells, "colour=red"));

        var shards = Enumerable.Range(1, 3).Select(i => CellSelection.Shard(cells, CellSelection.ParseShard($"{i}/3"))).ToList();
        Assert.Equal(cells.Count, shards.Sum(s => s.Count));
        Assert.Equal(cells.ToHashSet(), shards.SelectMany(s => s).ToHashSet());
        foreach (var bad in new[] { "0/3", "4/3", "x", "1/0" }) Assert.Throws<CellSelectionException>(() => CellSelection.ParseShard(bad));
    }

    [Fact]
    public void The_default_matrix_ships_valid_with_at_least_36_cells_covering_every_axis_value_asked_for()
    {
        var path = Path.Combine(Repository.Root, "harness", "matrix.default.json");
        var matrix = MatrixFile.Load(path);
        var cells = MatrixExpander.Expand(matrix);
        Assert.True(cells.Count >= 36, $"{cells.Count} cells");
        Assert.Equal(["en_US", "fr_FR", "in_ID", "th_TH"], cells.Select(c => c.Locale).Distinct().Order());
        Assert.Superset(new HashSet<Kit.Harness.Matrix.Environment> { Kit.Harness.Matrix.Environment.sandbox, Kit.Harness.Matrix.Environment.prod, Kit.Harness.Matrix.Environment.SANDBOX, Kit.Harness.Matrix.Environment.PROD }, cells.Select(c => c.Environment).ToHashSet());
        Assert.Equal(Enum.GetValues<Loading>().Order(), cells.Select(c => c.Loading).Distinct().Order());
        Assert.Equal(Enum.GetValues<Device>().Order(), cells.Select(c => c.Device).Distinct().Order());
        Assert.Equal(Enum.GetValues<Scenario>().Except(Kit.Harness.Site.SiteScenarios.SiteOnly).Order(), cells.Select(c => c.Scenario).Distinct().Order());
        Assert.Contains("core-js takes its Chrome 37 user agent at its word", Assert.Throws<MatrixFileException>(() =>
            CellFeasibility.Check([cells[0] with { Loading = Loading.EsmPolyfilled, Device = Device.Android5 }], Kit.Simulator.Engine.BankCatalog.LoadEmbedded(), "m.json")).Message);
        Assert.Contains("runs only with a site section", Assert.Throws<MatrixFileException>(() =>
            CellFeasibility.Check([cells[0] with { Scenario = Scenario.NotificationWithheld }], Kit.Simulator.Engine.BankCatalog.LoadEmbedded(), "m.json")).Message);
    }

    [Fact]
    public void A_cell_that_asks_for_the_impossible_is_refused_with_the_cell_and_what_exists()
    {
        var banks = Kit.Simulator.Engine.BankCatalog.LoadEmbedded();
        var cells = MatrixExpander.Expand(Parse("""
            { "combine": "product", "axes": { "scenario": ["render", "pay-success"], "locale": ["en_US"], "environment": ["sandbox"],
              "displayMode": ["bankName=NOSUCHBANK", "paymentMethodCategory=MOBILE_BANKING_APP"], "loading": ["script"], "device": ["desktop", "iphone-13"] } }
            """));
        var error = Assert.Throws<MatrixFileException>(() => Runner.CellFeasibility.Check(cells, banks, "test.json"));
        var lines = error.Message.Split('\n').Skip(1).ToList();
        // Four cells name the unknown bank (every scenario and device); one pays through the app type on a desktop.
        Assert.Equal(4, lines.Count(l => l.Contains("bankName=NOSUCHBANK is not in the bank catalog; it has BANGKOKBANK")));
        var desktop = Assert.Single(lines, l => l.Contains("MOBILE_BANKING_APP offers none on desktop"));
        Assert.Contains("scenario=pay-success", desktop);
        Assert.Contains("BANKAPP_BANGKOKBANK (iphone-13, iphone-ios11, pixel-7, android-5)", desktop);
        Assert.Contains("\"device\": \"desktop\"", desktop); // the exclude rule to add
        Assert.Equal(5, lines.Count);

        // Rendering the app type on a desktop is possible (the cashier says why there is nothing), and paying on a phone.
        Runner.CellFeasibility.Check(cells.Where(c => c.DisplayMode != "bankName=NOSUCHBANK" && !(c.Scenario == Scenario.PaySuccess && c.Device == Device.Desktop)).ToList(), banks, "test.json");
    }

    [Fact]
    public void The_default_matrix_covers_every_pair_of_axis_values_but_the_excluded_ones()
    {
        var matrix = MatrixFile.Load(Path.Combine(Repository.Root, "harness", "matrix.default.json"));
        var cells = MatrixExpander.Expand(matrix);
        var axes = MatrixCell.AxisNames;
        // The pairs all-pairs promises: those of the axes' values (include rules only add cells).
        var a = matrix.Axes;
        var values = new Dictionary<string, List<string>>
        {
            ["scenario"] = a.Scenario.Select(v => v.ToWireValue()).ToList(), ["locale"] = a.Locale.ToList(),
            ["environment"] = a.Environment.Select(v => v.ToWireValue()).ToList(), ["displayMode"] = a.DisplayMode.ToList(),
            ["loading"] = a.Loading.Select(v => v.ToWireValue()).ToList(), ["device"] = a.Device.Select(v => v.ToWireValue()).ToList(),
            ["browser"] = (a.Browser ?? [Engine.Chromium]).Select(v => v.ToWireValue()).ToList(),
        };
        var missing = new List<string>();
        for (var i = 0; i < axes.Count; i++)
            for (var j = i + 1; j < axes.Count; j++)
                foreach (var x in values[axes[i]])
                    foreach (var y in values[axes[j]])
                    {
                        if (cells.Any(c => c.Value(axes[i]) == x && c.Value(axes[j]) == y)) continue;
                        // A pair an exclude rule names is left out on purpose.
                        var excluded = (matrix.Exclude ?? []).Any(rule => Named(rule, axes[i]) == x && Named(rule, axes[j]) == y);
                        if (!excluded) missing.Add($"{axes[i]}={x} with {axes[j]}={y}");
                    }
        Assert.True(missing.Count == 0, $"{missing.Count} pair(s) in no cell: {string.Join("; ", missing.Take(20))}");

        static string? Named(CellPattern rule, string axis) => axis switch
        {
            "scenario" => rule.Scenario?.ToWireValue(), "locale" => rule.Locale, "environment" => rule.Environment?.ToWireValue(),
            "displayMode" => rule.DisplayMode, "loading" => rule.Loading?.ToWireValue(), "device" => rule.Device?.ToWireValue(),
            "browser" => rule.Browser?.ToWireValue(), _ => null,
        };
    }

    [Fact]
    public void The_default_matrix_runs_every_scenario_and_locale_on_desktop_firefox_each_with_a_chromium_twin()
    {
        var matrix = MatrixFile.Load(Path.Combine(Repository.Root, "harness", "matrix.default.json"));
        var cells = MatrixExpander.Expand(matrix);
        var firefox = cells.Where(c => c.Browser == Engine.Firefox).ToList();
        Assert.All(firefox, c => Assert.Equal(Device.Desktop, c.Device));
        var demoScenarios = Enum.GetValues<Scenario>().Where(s => !Kit.Harness.Site.SiteScenarios.SiteOnly.Contains(s));
        var missing = demoScenarios.Where(s => firefox.All(c => c.Scenario != s)).Select(s => s.ToWireValue())
            .Concat(cells.Select(c => c.Locale).Distinct().Where(l => firefox.All(c => c.Locale != l))).ToList();
        Assert.True(missing.Count == 0, $"no desktop Firefox cell for {string.Join(", ", missing)}");
        Assert.All(firefox, c => Assert.Contains(c with { Browser = Engine.Chromium }, cells));
    }

    [Fact]
    public void Connect_takes_one_endpoint_per_engine_and_a_bare_one_is_chromiums()
    {
        var endpoints = BrowserSources.ParseConnect("ws://a:1/, webkit=ws://b:2/x,firefox=wss://c/");
        Assert.Equal("ws://a:1/", endpoints[Engine.Chromium]);
        Assert.Equal("ws://b:2/x", endpoints[Engine.Webkit]);
        Assert.Equal("wss://c/", endpoints[Engine.Firefox]);
        Assert.Contains("'opera' is not an engine", Assert.Throws<BrowserNotFoundException>(() => BrowserSources.ParseConnect("opera=ws://a/")).Message);
        Assert.Contains("names webkit twice", Assert.Throws<BrowserNotFoundException>(() => BrowserSources.ParseConnect("webkit=ws://a/,webkit=ws://b/")).Message);
        Assert.Contains("not a Playwright server's address", Assert.Throws<BrowserNotFoundException>(() => BrowserSources.ParseConnect("firefox=nonsense")).Message);
    }

    [Fact]
    public async Task A_cell_whose_engine_has_no_browser_and_no_endpoint_is_refused_before_any_browser_starts()
    {
        var webkit = new MatrixCell("th_TH", Matrix.Environment.sandbox, "bankName=KASIKORNBANK", Loading.Script, Device.Desktop, Scenario.Render, Engine.Webkit);
        var refused = Assert.Throws<BrowserNotFoundException>(() => new BrowserSources().CheckAvailable([webkit, webkit with { Scenario = Scenario.PaySuccess }]));
        Assert.Contains("2 cell(s) run on webkit", refused.Message);
        Assert.Contains("--connect webkit=ws://HOST:PORT/", refused.Message);
        new BrowserSources { Endpoints = BrowserSources.ParseConnect("webkit=ws://127.0.0.1:9/") }.CheckAvailable([webkit]); // an endpoint is enough to load

        var firefox = webkit with { Browser = Engine.Firefox };
        var missing = Path.Combine(Path.GetTempPath(), "no-such-firefox");
        var noFirefox = Assert.Throws<BrowserNotFoundException>(() => new BrowserSources { FirefoxPath = missing }.CheckAvailable([firefox]));
        Assert.Contains($"--firefox {missing} does not exist", noFirefox.Message);

        // The command line says it with exit code 2, naming what to install, before launching anything.
        var file = Path.Combine(Path.GetTempPath(), $"kit-webkit-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{ "combine": "product", "axes": { "scenario": ["render"], "locale": ["th_TH"], "environment": ["sandbox"], "displayMode": ["bankName=KASIKORNBANK"], "loading": ["script"], "device": ["desktop"], "browser": ["webkit"] } }""");
        try { Assert.Equal(2, await HarnessCommand.RunAsync(["run", file, "--out", Path.Combine(Path.GetTempPath(), "kit-webkit-out")])); }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Twins_whose_sdk_events_differ_between_engines_get_a_finding_with_both_sequences()
    {
        var chromium = new MatrixCell("th_TH", Matrix.Environment.sandbox, "bankName=KASIKORNBANK", Loading.Script, Device.Desktop, Scenario.Render);
        CellResult Result(int index, MatrixCell cell, params string[] codes)
        {
            var result = new CellResult { Index = index, Cell = cell };
            result.Events = codes.Select((c, i) => new EventRecord(i, "onEventCallback", c, null)).ToList();
            result.Checks.Add(new Check("rendered", true));
            result.Decide();
            return result;
        }
        var same = new[] { Result(1, chromium, "SDK_START_OF_LOADING", "SDK_END_OF_LOADING"), Result(2, chromium with { Browser = Engine.Firefox }, "SDK_START_OF_LOADING", "SDK_END_OF_LOADING") };
        EngineComparison.Compare(same);
        Assert.All(same, r => Assert.Equal(Verdict.Pass, r.Verdict));

        var other = chromium with { Scenario = Scenario.PaySuccess };
        var differ = new[] { Result(3, other, "SDK_START_OF_LOADING", "SDK_END_OF_LOADING"), Result(4, other with { Browser = Engine.Firefox }, "SDK_START_OF_LOADING") };
        EngineComparison.Compare(differ);
        EngineComparison.Compare(differ); // a merge compares again: still one finding
        Assert.All(differ, r => Assert.Equal(Verdict.Finding, r.Verdict));
        var finding = Assert.Single(differ[1].Findings);
        Assert.Contains("chromium (#3): onEventCallback:SDK_START_OF_LOADING → onEventCallback:SDK_END_OF_LOADING", finding.Evidence);
        Assert.Contains("firefox (#4): onEventCallback:SDK_START_OF_LOADING", finding.Evidence);
    }

    [Fact]
    public void The_default_matrix_pays_through_every_display_mode_on_phones()
    {
        var cells = MatrixExpander.Expand(MatrixFile.Load(Path.Combine(Repository.Root, "harness", "matrix.default.json")));
        Runner.CellFeasibility.Check(cells, Kit.Simulator.Engine.BankCatalog.LoadEmbedded(), "matrix.default.json");
        var phonePayments = cells.Where(c => c.Device != Device.Desktop && c.Scenario is Scenario.PaySuccess or Scenario.PayFailure).ToList();
        foreach (var mode in new[] { "bankName=", "paymentMethodCategory=ONLINE_BANKING", "paymentMethodCategory=BANK_TRANSFER", "paymentMethodCategory=MOBILE_BANKING_APP", "paymentMethodRegion=" })
            foreach (var scenario in new[] { Scenario.PaySuccess, Scenario.PayFailure })
                Assert.True(phonePayments.Any(c => c.DisplayMode.StartsWith(mode) && c.Scenario == scenario), $"no {scenario.ToWireValue()} cell with {mode}… on a phone; the phone payments are:\n{string.Join("\n", phonePayments)}");
    }

    [Fact]
    public async Task Usage_errors_exit_2_with_a_message()
    {
        Assert.Equal(2, await HarnessCommand.RunAsync([]));
        Assert.Equal(2, await HarnessCommand.RunAsync(["run", "--colour", "red"]));
        Assert.Equal(2, await HarnessCommand.RunAsync(["run", "/no/such/matrix.json"]));
        Assert.Equal(2, await HarnessCommand.RunAsync(["merge", "--out", Path.GetTempPath()]));
        var impossible = Path.Combine(Path.GetTempPath(), $"kit-impossible-{Guid.NewGuid():N}.json");
        File.WriteAllText(impossible, """
            { "axes": { "scenario": ["pay-success"], "locale": ["en_US"], "environment": ["sandbox"],
              "displayMode": ["paymentMethodCategory=MOBILE_BANKING_APP"], "loading": ["script"], "device": ["desktop"] } }
            """);
        try { Assert.Equal(2, await HarnessCommand.RunAsync(["run", impossible])); }
        finally { File.Delete(impossible); }
        Assert.Equal(0, await HarnessCommand.RunAsync(["--help"]));
    }
}

internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kit.sln"))) return dir.FullName;
        throw new InvalidOperationException("Kit.sln not found above the test binaries");
    }
}
