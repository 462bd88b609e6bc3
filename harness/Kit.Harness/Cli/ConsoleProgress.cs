using System.Globalization;
using Kit.Harness.Runner;

namespace Kit.Harness.Cli;

/// <summary>A line per finished cell, numbered against the total, so a CI log shows progress as it goes.</summary>
public sealed class ConsoleProgress(int total)
{
    private readonly object _gate = new();
    private int _done;

    public void Report(CellResult result)
    {
        lock (_gate)
        {
            _done++;
            var verdict = result.Verdict.ToString().ToUpperInvariant();
            var why = result.Verdict switch
            {
                Verdict.Fail => " ← " + result.FailureReason,
                Verdict.Finding => " ◆ " + result.Findings[0].Title,
                _ => "",
            };
            Console.WriteLine($"[{_done.ToString(CultureInfo.InvariantCulture).PadLeft(total.ToString(CultureInfo.InvariantCulture).Length)}/{total}] {verdict,-7} {result.Seconds,5:0.0}s #{result.Index} {result.Cell.Id}{why}");
        }
    }
}
