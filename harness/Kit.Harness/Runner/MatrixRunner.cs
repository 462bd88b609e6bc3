using System.Collections.Concurrent;
using System.Diagnostics;
using Kit.Harness.Browser;
using Kit.Harness.Matrix;
using Kit.Harness.Merchant;
using Microsoft.Playwright;

namespace Kit.Harness.Runner;

/// <summary>How a run goes: parallel workers, the per-cell timeout, where evidence goes, and whether failed cells are traced.</summary>
/// <param name="BrowserPerCell">The naive way, for the benchmark only: the Chromium to launch anew for every cell.</param>
public sealed record RunOptions(int Workers, TimeSpan CellTimeout, string OutputDirectory, bool TraceFailures = true, string? BrowserPerCell = null);

/// <summary>
/// Runs cells in parallel browser contexts of one browser per engine (the workers are shared by all engines), each fresh (nothing in localStorage carries over). A cell
/// that fails, throws or hangs past its timeout ends as failed and the others go on. Scenarios that move the shared
/// virtual clock run alone at the end, so they cannot expire another cell's payment. Tracing every cell costs about
/// 0.8 s each, so a failed cell is run once more with a Playwright trace (the way Playwright's own
/// trace: 'on-first-retry' works); its verdict stays the first run's, and a retry that passes marks it flaky.
/// </summary>
public sealed class MatrixRunner(HarnessEnvironment environment, RunOptions options, Action<CellResult>? onCellDone = null)
{
    public async Task<IReadOnlyList<CellResult>> RunAsync(IReadOnlyList<(int Index, MatrixCell Cell)> cells, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var results = new ConcurrentBag<CellResult>();
        var together = cells.Where(c => !Scenarios.MovesClock(c.Cell.Scenario)).ToList();
        var alone = cells.Where(c => Scenarios.MovesClock(c.Cell.Scenario)).ToList();
        // A merchant's checkout runs one cell at a time: every call its backend makes then belongs to exactly one cell.
        var workers = environment.Site is null ? Math.Max(1, options.Workers) : 1;
        await Parallel.ForEachAsync(together, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken },
            async (cell, _) => results.Add(await RunWithTraceOnFailureAsync(cell.Index, cell.Cell)));
        foreach (var (index, cell) in alone)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await RunWithTraceOnFailureAsync(index, cell));
        }
        var ordered = results.OrderBy(r => r.Index).ToList();
        EngineComparison.Compare(ordered);
        return ordered;
    }

    private async Task<CellResult> RunWithTraceOnFailureAsync(int index, MatrixCell cell)
    {
        var result = await RunCellAsync(index, cell, trace: false);
        if (result.Verdict == Verdict.Fail && options.TraceFailures)
        {
            var retry = await RunCellAsync(index, cell, trace: true);
            result.Trace = retry.Trace;
            if (retry.Verdict != Verdict.Fail)
                result.Checks.Add(new Check("the cell fails the same way when run again (a retry with a trace passed: flaky)", false,
                    $"retry verdict: {retry.Verdict.ToString().ToLowerInvariant()}"));
        }
        onCellDone?.Invoke(result);
        return result;
    }

    private async Task<CellResult> RunCellAsync(int index, MatrixCell cell, bool trace)
    {
        var result = new CellResult { Index = index, Cell = cell };
        var clock = Stopwatch.StartNew();
        IBrowserContext? context = null;
        IBrowser? ownBrowser = null;
        Kit.Harness.Site.SiteProcess? cellSite = null;
        try
        {
            if (options.BrowserPerCell is { } naive) ownBrowser = await environment.LaunchBrowserAsync(naive);
            var (contextOptions, limits) = DeviceProfiles.For(cell.Device, environment.Playwright, cell.Browser);
            result.EngineLimits.AddRange(limits);
            // On a merchant's page the buyer's browser language is the cell's locale: the page must derive the SDK's from it.
            if (environment.Site is not null) contextOptions.Locale = Kit.Harness.Site.SiteTemplate.Language(cell.Locale);
            context = await (ownBrowser ?? environment.Browsers.For(cell.Browser)).NewContextAsync(contextOptions);
            if (trace) await context.Tracing.StartAsync(new TracingStartOptions { Screenshots = true, Snapshots = true, Title = cell.Id });
            var site = environment.Site;
            if (site?.Spec.Start is { PerCell: true } perCell)
            {
                site = site.WithPort(Kit.Simulator.Hosting.SimulatorHost.FreePort());
                cellSite = await Kit.Harness.Site.SiteProcess.StartAsync(perCell, site.MatrixDirectory, site.ValuesFor(cell), site.KitEnvironment, environment.SiteLogFile!);
            }
            var router = await AntomHostRouter.InstallAsync(context, environment.Simulator, environment.Web.SdkBundle, site?.AllowedHosts(cell),
                throughProxy: ownBrowser is null && !environment.Browsers.RouteSeesBodies(cell.Browser));
            var probe = site is null ? null : await Kit.Harness.Site.SdkProbe.InstallAsync(context);
            var page = await context.NewPageAsync();
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                    lock (result.Console) result.Console.Add(new ConsoleRecord(message.Type, message.Text.Length > 500 ? message.Text[..500] : message.Text));
            };
            page.PageError += (_, error) => { lock (result.Console) result.Console.Add(PageErrors.Record(error)); };
            var output = trace ? Path.Combine(options.OutputDirectory, "retry") : options.OutputDirectory;
            Task work;
            Func<Task> evidence, screenshot;
            if (site is not null)
            {
                var control = new Kit.Testing.Control.KitControlClient(environment.Control, site.RunValues["clientId"]);
                var siteRun = new Kit.Harness.Site.SiteRun(result, page, probe!, router, site, control, await control.MarkMerchantCallsAsync(), output);
                work = Kit.Harness.Site.SiteScenarios.RunAsync(siteRun);
                (evidence, screenshot) = (siteRun.CollectEvidenceAsync, () => siteRun.ScreenshotAsync("timeout"));
            }
            else
            {
                var run = new CellRun(result, await MerchantPage.AttachAsync(page), router, environment, output);
                work = Scenarios.RunAsync(run);
                (evidence, screenshot) = (run.CollectEvidenceAsync, () => run.ScreenshotAsync("timeout"));
            }
            if (await Task.WhenAny(work, Task.Delay(options.CellTimeout)) != work)
            {
                _ = work.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); // it fails once the context closes
                result.Error = $"timed out after {options.CellTimeout.TotalSeconds:0} s (the cell's timeout); the other cells went on";
                await TryAsync(evidence);
                await TryAsync(screenshot);
            }
            else await work;
        }
        catch (Exception e)
        {
            // A cell never takes the run down: whatever it threw is its failure.
            result.Error = $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
        }
        result.Decide();
        result.Seconds = Math.Round(clock.Elapsed.TotalSeconds, 2);
        if (context is not null)
        {
            if (trace)
            {
                var path = Path.Combine(options.OutputDirectory, result.Folder, "trace.zip");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await TryAsync(() => context.Tracing.StopAsync(new TracingStopOptions { Path = path }));
                if (File.Exists(path)) result.Trace = $"{result.Folder}/trace.zip";
            }
            await TryAsync(() => context.CloseAsync());
        }
        if (ownBrowser is not null) await TryAsync(() => ownBrowser.CloseAsync());
        if (cellSite is not null) await TryAsync(() => cellSite.DisposeAsync().AsTask());
        return result;
    }

    private static async Task TryAsync(Func<Task> action)
    {
        try { await action(); }
        catch (Exception) { } // evidence after a failure is best effort
    }
}
