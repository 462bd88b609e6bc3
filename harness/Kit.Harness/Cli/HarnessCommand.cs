using System.Diagnostics;
using Kit.Harness.Browser;
using Kit.Harness.Matrix;
using Kit.Harness.Merchant;
using Kit.Harness.Reports;
using Kit.Harness.Runner;
using Kit.Simulator.Engine;

namespace Kit.Harness.Cli;

/// <summary>
/// kit-harness run [matrix.json] [--filter F] [--shard i/n] [--workers N] [--out DIR] [--browser PATH] [--firefox PATH]
///                 [--connect [ENGINE=]WS_ENDPOINT,...] [--simulator URL [--merchant-key PEM] [--admin-token TOKEN]]
/// kit-harness merge --out DIR SHARD_DIR...
/// Exit codes: 0 every cell passed or is a finding; 1 a cell failed; 2 bad input (a message says what to fix).
/// </summary>
public static class HarnessCommand
{
    public const string DefaultMatrix = "harness/matrix.default.json";

    public const string Usage = """
        usage:
          kit-harness run [MATRIX.json] [--filter TERMS] [--shard i/n] [--workers N] [--out DIR]
                          [--browser PATH] [--firefox PATH] [--connect [ENGINE=]WS_ENDPOINT,...]
                          [--simulator URL [--merchant-key PEM] [--admin-token TOKEN]]
          kit-harness merge --out DIR SHARD_DIR [SHARD_DIR...]
          kit-harness bench [MATRIX.json] [--workers N] [--out DIR] [--naive-browser PATH]
        (in a Kit checkout: dotnet run --project harness/Kit.Harness -- run ...)
        MATRIX defaults to harness/matrix.default.json, else the default matrix the tool carries; --out to kit-report/.
        --filter: comma-separated terms that must all hold, axis=value (with * wildcards) or text, e.g. scenario=pay-*,locale=th_TH
        --browser / --firefox: the Chromium / Firefox to launch (defaults: /usr/bin/chromium-headless-shell, /usr/bin/firefox-esr)
        --connect: remote Playwright servers, one per engine, e.g. webkit=ws://host:3000/ (a bare ws://... is chromium's)
        exit code: 0 no cell failed (findings are not failures), 1 a cell failed, 2 bad input
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return args.FirstOrDefault() switch
            {
                "run" => await RunMatrixAsync(args[1..]),
                "merge" => Merge(args[1..]),
                "bench" => await BenchAsync(args[1..]),
                "--help" or "-h" or "help" => Print(Usage, 0),
                null => Print(Usage, 2),
                var other => Print($"unknown command '{other}'\n{Usage}", 2),
            };
        }
        catch (Exception e) when (e is UsageException or MatrixFileException or CellSelectionException or HarnessSetupException
            or BrowserNotFoundException or HarnessWebNotFoundException or ReportFormatException)
        {
            Console.Error.WriteLine($"Kit.Harness: {e.Message}");
            return 2;
        }
    }

    private static int Print(string text, int code)
    {
        (code == 0 ? Console.Out : Console.Error).WriteLine(text);
        return code;
    }

    private static async Task<int> RunMatrixAsync(string[] args)
    {
        var options = Options.Parse(args, ["--filter", "--shard", "--workers", "--out", "--browser", "--firefox", "--connect", "--simulator", "--merchant-key", "--admin-token"]);
        var matrixPath = options.Positional.SingleOrDefault() ?? FindDefaultMatrix();
        var matrix = MatrixFile.Load(matrixPath);
        var all = MatrixExpander.Expand(matrix);
        CellFeasibility.Check(all, BankCatalog.LoadEmbedded(), matrixPath, matrix.Site);
        var indexed = all.Select((cell, i) => (Index: i + 1, Cell: cell)).ToList();
        var filtered = CellSelection.Filter(all, options.Get("--filter")).ToHashSet();
        var selected = indexed.Where(c => filtered.Contains(c.Cell)).ToList();
        var shardText = options.Get("--shard");
        if (shardText is not null)
        {
            var shard = CellSelection.ParseShard(shardText);
            selected = selected.Where((_, position) => position % shard.Count == shard.Index - 1).ToList();
        }
        if (selected.Count == 0) throw new UsageException($"no cell to run: the matrix has {all.Count}, and --filter/--shard left none");
        var browsers = new BrowserSources
        {
            ChromiumPath = options.Get("--browser"),
            FirefoxPath = options.Get("--firefox"),
            Endpoints = BrowserSources.ParseConnect(options.Get("--connect")),
        };
        browsers.CheckAvailable(selected.Select(c => c.Cell));
        var workers = options.Get("--workers") is { } w ? int.TryParse(w, out var n) && n is >= 1 and <= 32 ? n : throw new UsageException($"--workers {w}: give a number from 1 to 32") : System.Environment.ProcessorCount;
        var output = Path.GetFullPath(options.Get("--out") ?? "kit-report");
        Uri? simulator = null;
        if (options.Get("--simulator") is { } url && !Uri.TryCreate(url, UriKind.Absolute, out simulator))
            throw new UsageException($"--simulator {url}: give the simulator's base URL, e.g. http://127.0.0.1:8080");
        if (Directory.Exists(Path.Combine(output, "cells"))) Directory.Delete(Path.Combine(output, "cells"), recursive: true);

        var name = matrix.Name ?? Path.GetFileNameWithoutExtension(matrixPath);
        if (matrix.Site is not null) workers = 1; // every call of the merchant's backend must belong to one cell
        Console.WriteLine($"Kit harness: {name}: {selected.Count} of {all.Count} cells ({(matrix.Combine ?? Combination.AllPairs).ToWireValue()}){(shardText is null ? "" : $", shard {shardText}")}, {workers} worker(s)" +
            (matrix.Site is { } s ? $"; the merchant's checkout {s.Name ?? s.Url}, one cell at a time" : ""));
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await using var environment = await HarnessEnvironment.StartAsync(new HarnessSettings
        {
            Browsers = browsers,
            Engines = selected.Select(c => c.Cell.Browser).ToHashSet(),
            SimulatorUrl = simulator,
            MerchantKeyFile = options.Get("--merchant-key"),
            AdminToken = options.Get("--admin-token") ?? (System.Environment.GetEnvironmentVariable("KIT_ADMIN_TOKEN") is { Length: > 0 } token ? token : null),
            Site = matrix.Site is { } site ? (site, Path.GetDirectoryName(Path.GetFullPath(matrixPath))!) : null,
            OutputDirectory = output,
        });
        Console.WriteLine($"  browser: {environment.BrowserDescription}; simulator: {(simulator is null ? $"embedded (in memory, virtual clock) at {environment.Simulator}" : simulator.ToString())}");
        if (environment.SiteProcess is { } app) Console.WriteLine($"  site: started, its output in {app.LogFile}");
        var compatibility = await CompatibilityCheck.RunAsync(environment.Web, includeDemoPage: matrix.Site is null);
        foreach (var c in compatibility) Console.WriteLine($"  static compatibility ({c.Owner}) {c.File}: {(c.Compatible ? "ok" : c.Detail)}");
        var progress = new ConsoleProgress(selected.Count);
        var runner = new MatrixRunner(environment, new RunOptions(workers, TimeSpan.FromSeconds(matrix.CellTimeoutSeconds ?? 60), output), progress.Report);
        var results = await runner.RunAsync(selected);
        var report = new RunReport(name, started, Math.Round(clock.Elapsed.TotalSeconds, 1), environment.BrowserDescription,
            simulator?.ToString() ?? "embedded", workers, shardText is null ? [] : [shardText], results, compatibility)
        {
            Site = matrix.Site is { } s2 ? $"{s2.Name ?? "site"} ({s2.Url})" : null,
            SiteLogs = environment.SiteLogFile is { } log && File.Exists(log) ? [Path.GetRelativePath(output, log)] : [],
        };
        WriteReports(report, output);
        return Summary(report, output);
    }

    /// <summary>
    /// The speed benchmark: the matrix through Kit's runner (one browser, parallel contexts), then through a naive
    /// runner (a browser launched per cell, one cell at a time), in the same process against the same simulator.
    /// </summary>
    private static async Task<int> BenchAsync(string[] args)
    {
        var options = Options.Parse(args, ["--workers", "--out", "--naive-browser"]);
        var matrixPath = options.Positional.SingleOrDefault() ?? FindDefaultMatrix();
        var matrix = MatrixFile.Load(matrixPath);
        var expanded = MatrixExpander.Expand(matrix);
        CellFeasibility.Check(expanded, BankCatalog.LoadEmbedded(), matrixPath, matrix.Site);
        var cells = expanded.Select((cell, i) => (Index: i + 1, Cell: cell)).ToList();
        var workers = options.Get("--workers") is { } w && int.TryParse(w, out var n) ? n : System.Environment.ProcessorCount;
        var output = Path.GetFullPath(options.Get("--out") ?? "kit-bench");
        if (matrix.Site is { } site) return await BenchSiteAsync(matrixPath, matrix, site, cells, output);
        await using var environment = await HarnessEnvironment.StartAsync(new HarnessSettings { Engines = cells.Select(c => c.Cell.Browser).ToHashSet() });
        var timeout = TimeSpan.FromSeconds(matrix.CellTimeoutSeconds ?? 60);
        async Task<(double Seconds, IReadOnlyList<CellResult> Results)> Measure(RunOptions runOptions, IReadOnlyList<(int Index, MatrixCell Cell)>? only = null)
        {
            var clock = Stopwatch.StartNew();
            var results = await new MatrixRunner(environment, runOptions).RunAsync(only ?? cells);
            return (clock.Elapsed.TotalSeconds, results);
        }
        Console.WriteLine($"benchmark: {cells.Count} cells of {matrixPath}, {System.Environment.ProcessorCount} cores, {environment.BrowserDescription}");
        var kit = await Measure(new RunOptions(workers, timeout, Path.Combine(output, "kit"), TraceFailures: false));
        Console.WriteLine($"  Kit runner   ({workers} workers, one browser per engine): {kit.Seconds:0.0} s, {kit.Seconds / cells.Count:0.00} s per cell, {kit.Results.Count(r => r.Verdict == Verdict.Fail)} failed");
        foreach (var engine in kit.Results.GroupBy(r => r.Cell.Browser).Where(_ => environment.Browsers.Engines.Count > 1))
            Console.WriteLine($"    {engine.Key.ToWireValue()}: {engine.Count()} cells, {engine.Average(r => r.Seconds):0.00} s per cell (each cell's own time), {engine.Count(r => r.Verdict == Verdict.Fail)} failed");
        // The naive runner launches Chromium per cell: it runs the Chromium cells only.
        var chromiumCells = cells.Where(c => c.Cell.Browser == Engine.Chromium).ToList();
        if (environment.BrowserPath is null || chromiumCells.Count == 0) return 0;
        var naive = await Measure(new RunOptions(1, timeout, Path.Combine(output, "naive"), TraceFailures: false, BrowserPerCell: environment.BrowserPath), chromiumCells);
        // Compared on the same cells: with other engines in the matrix, Kit runs its Chromium cells once more alone.
        var kitChromium = cells.Count == chromiumCells.Count ? kit.Seconds
            : (await Measure(new RunOptions(workers, timeout, Path.Combine(output, "kit-chromium"), TraceFailures: false), chromiumCells)).Seconds;
        Console.WriteLine($"  naive runner (a browser per cell, serial, the same Chromium): {naive.Seconds:0.0} s, {naive.Seconds / chromiumCells.Count:0.00} s per cell, {naive.Results.Count(r => r.Verdict == Verdict.Fail)} failed");
        Console.WriteLine($"  Kit is {naive.Seconds / kitChromium:0.00}x faster than the naive runner on the same Chromium");
        // What a Playwright .NET user gets by pointing ExecutablePath at Debian's `chromium` (the full browser in
        // headless mode) and launching it per cell: the naive baseline as it is usually written.
        var full = options.Get("--naive-browser") ?? (File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null);
        if (full is not null && full != environment.BrowserPath)
        {
            var naiveFull = await Measure(new RunOptions(1, timeout, Path.Combine(output, "naive-full"), TraceFailures: false, BrowserPerCell: full), chromiumCells);
            Console.WriteLine($"  naive runner (a browser per cell, serial, {full}): {naiveFull.Seconds:0.0} s, {naiveFull.Seconds / chromiumCells.Count:0.00} s per cell, {naiveFull.Results.Count(r => r.Verdict == Verdict.Fail)} failed");
            Console.WriteLine($"  Kit is {naiveFull.Seconds / kitChromium:0.00}x faster than the naive runner on {full}");
        }
        return 0;
    }

    /// <summary>
    /// The site benchmark: the matrix on the merchant's checkout started once for the run, then started afresh for every
    /// cell (start.perCell), one after the other in the same process. Each time counts from the harness starting
    /// (simulator, app, browser) to the last cell's end, which is what a CI job waits for.
    /// </summary>
    private static async Task<int> BenchSiteAsync(string matrixPath, Kit.Harness.Matrix.Matrix matrix, Kit.Harness.Matrix.Site site, IReadOnlyList<(int Index, MatrixCell Cell)> cells, string output)
    {
        if (site.Start is not { } start) throw new UsageException($"{matrixPath}: the site has no start section; the benchmark compares starting the app once with starting it per cell");
        var directory = Path.GetDirectoryName(Path.GetFullPath(matrixPath))!;
        var timeout = TimeSpan.FromSeconds(matrix.CellTimeoutSeconds ?? 60);
        async Task<(double Seconds, double StartSeconds, IReadOnlyList<CellResult> Results)> Measure(Kit.Harness.Matrix.Site spec, string folder)
        {
            var clock = Stopwatch.StartNew();
            await using var environment = await HarnessEnvironment.StartAsync(new HarnessSettings { Site = (spec, directory), OutputDirectory = Path.Combine(output, folder) });
            var ready = clock.Elapsed.TotalSeconds;
            var results = await new MatrixRunner(environment, new RunOptions(1, timeout, Path.Combine(output, folder), TraceFailures: false)).RunAsync(cells);
            return (clock.Elapsed.TotalSeconds, ready, results);
        }
        Console.WriteLine($"benchmark: {cells.Count} cells of {matrixPath} on {site.Name ?? site.Url}, one at a time, {System.Environment.ProcessorCount} cores");
        var once = await Measure(site with { Start = start with { PerCell = false } }, "once");
        Console.WriteLine($"  started once:     {once.Seconds:0.0} s ({once.StartSeconds:0.0} s to start the simulator, the app and the browser), {once.Seconds / cells.Count:0.00} s per cell, {once.Results.Count(r => r.Verdict == Verdict.Fail)} failed");
        var perCell = await Measure(site with { Start = start with { PerCell = true } }, "per-cell");
        Console.WriteLine($"  started per cell: {perCell.Seconds:0.0} s, {perCell.Seconds / cells.Count:0.00} s per cell, {perCell.Results.Count(r => r.Verdict == Verdict.Fail)} failed");
        Console.WriteLine($"  starting the app once is {perCell.Seconds / once.Seconds:0.00}x faster than starting it per cell");
        return once.Results.Concat(perCell.Results).Any(r => r.Verdict == Verdict.Fail) ? 1 : 0;
    }

    private static string FindDefaultMatrix()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, DefaultMatrix))) return Path.Combine(dir.FullName, DefaultMatrix);
        // The kit-harness tool carries the default matrix next to the program.
        var shipped = Path.Combine(AppContext.BaseDirectory, Path.GetFileName(DefaultMatrix));
        if (File.Exists(shipped)) return shipped;
        throw new UsageException($"no matrix file given and no {DefaultMatrix} above {Directory.GetCurrentDirectory()}; pass the file: kit-harness run my-matrix.json");
    }

    private static int Merge(string[] args)
    {
        var options = Options.Parse(args, ["--out"]);
        var output = Path.GetFullPath(options.Get("--out") ?? throw new UsageException("merge needs --out DIR for the merged report"));
        if (options.Positional.Count == 0) throw new UsageException("merge needs the --out folders of the shard runs");
        var shards = options.Positional.Select(dir => (Dir: dir, Report: ResultsJson.Read(dir))).ToList();
        Directory.CreateDirectory(output);
        foreach (var (dir, report) in shards)
            foreach (var cell in report.Cells)
            {
                // Cell folders are named by the cell's index in the whole matrix, so shards never collide.
                var source = Path.Combine(dir, cell.Folder);
                if (Directory.Exists(source) && Path.GetFullPath(source) != Path.Combine(output, cell.Folder))
                    CopyDirectory(source, Path.Combine(output, cell.Folder));
            }
        // Each shard started the checkout itself: its output goes along, named by shard.
        var siteLogs = new List<string>();
        foreach (var (dir, report) in shards)
            foreach (var log in report.SiteLogs)
            {
                var name = $"site.{(report.Shards.FirstOrDefault() ?? Path.GetFileName(Path.GetFullPath(dir))).Replace("/", "of", StringComparison.Ordinal)}.log";
                if (File.Exists(Path.Combine(dir, log))) File.Copy(Path.Combine(dir, log), Path.Combine(output, name), overwrite: true);
                siteLogs.Add(name);
            }
        var first = shards[0].Report;
        var merged = new RunReport(first.Name, shards.Min(s => s.Report.StartedAt), shards.Max(s => s.Report.Seconds), first.Browser, first.Simulator,
            first.Workers, shards.SelectMany(s => s.Report.Shards).ToList(), shards.SelectMany(s => s.Report.Cells).OrderBy(c => c.Index).ToList(), first.Compatibility)
        {
            Site = first.Site,
            SiteLogs = siteLogs,
        };
        var duplicate = merged.Cells.GroupBy(c => c.Index).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new UsageException($"cell #{duplicate.Key} is in more than one shard: were the shards run from different matrix files?");
        EngineComparison.Compare(merged.Cells); // twins may have run on different shards
        WriteReports(merged, output);
        Console.WriteLine($"merged {shards.Count} shard(s)");
        return Summary(merged, output);
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
    }

    private static void WriteReports(RunReport report, string output)
    {
        Directory.CreateDirectory(output);
        ResultsJson.Write(report, output);
        JUnitReport.Write(report, output);
        HtmlReport.Write(report, output);
    }

    private static int Summary(RunReport report, string output)
    {
        Console.WriteLine($"{report.Cells.Count} cells: {report.Count(Verdict.Pass)} pass, {report.Count(Verdict.Finding)} finding, {report.Count(Verdict.Fail)} fail in {report.Seconds:0.0} s ({report.SecondsPerCell:0.00} s per cell)");
        if (report.SecondsPerCellByEngine.Count > 1)
            Console.WriteLine("  per engine: " + string.Join(", ", report.SecondsPerCellByEngine.Select(e => $"{e.Engine.ToWireValue()} {e.Cells} cells, {e.SecondsPerCell:0.00} s per cell")));
        foreach (var (finding, cells) in report.DistinctFindings) Console.WriteLine($"  finding ({cells.Count} cell(s)): {finding.Title}");
        foreach (var (check, severity, cells) in report.UnheldGuideChecks)
            Console.WriteLine($"  guide check {check} {(severity == CheckSeverity.Warn ? "warned" : "failed")} in {cells.Count} cell(s): {string.Join(", ", cells.Select(c => "#" + c.Index))}");
        foreach (var c in report.Compatibility.Where(c => !c.Compatible))
            Console.WriteLine($"  {(c.Owner == "merchant" ? "FAIL" : "finding")}: {c.File} is not compatible with the seed's minimum browsers: {c.Detail}");
        Console.WriteLine($"report: {Path.Combine(output, HtmlReport.FileName)} (also {ResultsJson.FileName}, {JUnitReport.FileName})");
        return report.Failed ? 1 : 0;
    }
}

public sealed class UsageException(string message) : Exception(message);
