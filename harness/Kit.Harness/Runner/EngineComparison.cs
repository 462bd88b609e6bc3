using Kit.Harness.Matrix;

namespace Kit.Harness.Runner;

/// <summary>
/// Cells that differ only in their browser are twins: the same page, SDK and scenario on two engines. When the SDK
/// reports a different sequence of events to the merchant's page on one engine than on another, that is a behaviour
/// of the SDK a merchant must know, so every twin gets a finding with the sequences of all of them.
/// </summary>
public static class EngineComparison
{
    public const string Title = "the SDK reports different events on different browser engines";

    /// <summary>Adds the finding to twins whose SDK events differ (once: a cell that has it is left alone) and decides their verdicts again.</summary>
    public static void Compare(IReadOnlyList<CellResult> results)
    {
        foreach (var twins in results.GroupBy(r => r.Cell with { Browser = Engine.Chromium }).Where(g => g.Select(r => r.Cell.Browser).Distinct().Count() > 1))
        {
            // A cell that failed says nothing about the SDK: its events stopped where the harness did.
            var compared = twins.Where(r => r.Error is null && r.Checks.All(c => c.Held || c.Blocked)).ToList();
            if (compared.Select(r => r.Cell.Browser).Distinct().Count() < 2) continue;
            var sequences = compared.Select(r => (Cell: r, Events: Sequence(r))).ToList();
            if (sequences.Select(s => s.Events).Distinct().Count() == 1) continue;
            var evidence = string.Join("; ", sequences.Select(s => $"{s.Cell.Cell.Browser.ToWireValue()} (#{s.Cell.Index}): {s.Events}"));
            foreach (var cell in compared.Where(c => c.Findings.All(f => f.Title != Title)))
            {
                cell.Findings.Add(new Finding(Title, evidence));
                cell.Decide();
            }
        }
    }

    /// <summary>What the SDK told the page, in order: its callbacks and their codes (timings and payloads vary by run).</summary>
    public static string Sequence(CellResult result) =>
        string.Join(" → ", result.Events.Where(e => e.Channel is "onEventCallback" or "onError" or "onClose" or "createComponent")
            .Select(e => e.Code is null ? e.Channel : $"{e.Channel}:{e.Code}"));
}
