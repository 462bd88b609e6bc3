using Kit.Harness.Matrix;
using Kit.Harness.Runner;

namespace Kit.Harness.Reports;

/// <summary>A finished run (or several shards merged): what ran where, and every cell's result.</summary>
public sealed record RunReport(
    string Name,
    DateTimeOffset StartedAt,
    double Seconds,
    string Browser,
    string Simulator,
    int Workers,
    IReadOnlyList<string> Shards,
    IReadOnlyList<CellResult> Cells,
    IReadOnlyList<CompatibilityResult> Compatibility)
{
    /// <summary>The merchant's own checkout the run drove (its name and page), or null for Kit's demo shop.</summary>
    public string? Site { get; init; }

    /// <summary>The checkout's output during the run (one file per shard once merged), relative to the report folder, when the run started it.</summary>
    public IReadOnlyList<string> SiteLogs { get; init; } = [];

    /// <summary>Each guide check that did not hold in some cell, at its severity (fail or warn), with the cells, for the report's summary.</summary>
    public IReadOnlyList<(string Name, CheckSeverity Severity, IReadOnlyList<CellResult> Cells)> UnheldGuideChecks =>
        Cells.SelectMany(c => c.GuideChecks.Where(g => !g.Held).Select(g => (g.Name, g.Severity, Cell: c)))
            .GroupBy(x => (x.Name, x.Severity)).Select(g => (g.Key.Name, g.Key.Severity, (IReadOnlyList<CellResult>)g.Select(x => x.Cell).Distinct().ToList())).ToList();

    /// <summary>The merchant's own code fails the seed's browser minimums: that fails the run like a failed cell.</summary>
    public bool MerchantIncompatible => Compatibility.Any(c => c.Owner == "merchant" && !c.Compatible);

    public bool Failed => Count(Verdict.Fail) > 0 || MerchantIncompatible;

    public int Count(Verdict verdict) => Cells.Count(c => c.Verdict == verdict);

    /// <summary>Wall time per cell, the figure the harness's speed target is about.</summary>
    public double SecondsPerCell => Cells.Count == 0 ? 0 : Math.Round(Seconds / Cells.Count, 2);

    /// <summary>Each engine's mean seconds per cell (a cell's own time, from its context opening to closing), for comparing engines on the same cells.</summary>
    public IReadOnlyList<(Engine Engine, int Cells, double SecondsPerCell)> SecondsPerCellByEngine =>
        Cells.GroupBy(c => c.Cell.Browser).OrderBy(g => g.Key).Select(g => (g.Key, g.Count(), Math.Round(g.Average(c => c.Seconds), 2))).ToList();

    /// <summary>The distinct findings, each with the cells that showed it.</summary>
    public IReadOnlyList<(Finding Finding, IReadOnlyList<CellResult> Cells)> DistinctFindings =>
        Cells.SelectMany(c => c.Findings.Select(f => (f, c)))
            .GroupBy(x => x.f.Title)
            .Select(g => (g.First().f, (IReadOnlyList<CellResult>)g.Select(x => x.c).ToList()))
            .ToList();
}
