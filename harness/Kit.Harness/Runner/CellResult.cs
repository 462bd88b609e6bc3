using System.Text.Json.Nodes;
using Kit.Harness.Matrix;

namespace Kit.Harness.Runner;

public enum Verdict
{
    Pass,
    /// <summary>A behaviour of the SDK itself that a merchant must know; the merchant's integration is not at fault.</summary>
    Finding,
    Fail,
}

/// <summary>One expectation of a scenario and whether it held.</summary>
/// <remarks>
/// <see cref="Blocked"/>: it could not be looked at because something earlier went wrong (a guide check that failed,
/// a session that was never created); it fails nothing, and the report says why it was not reached.
/// </remarks>
public sealed record Check(string Expectation, bool Held, string? Detail = null)
{
    public bool Blocked { get; init; }
}

/// <summary>
/// A step of Antom's integration guide checked on a merchant's own checkout: which step, what it asks, whether the
/// checkout did it, what was seen, and what the merchant should change. Its severity comes from the matrix file.
/// </summary>
public sealed record GuideCheckResult(string Name, string GuideStep, string Expectation, bool Held, CheckSeverity Severity, string? Detail, string Advice);

/// <summary>Something the SDK did that a merchant must know, with what shows it.</summary>
public sealed record Finding(string Title, string Evidence);

/// <summary>A recorded SDK event: onEventCallback, onError, onClose, the createComponent promise, the constructor, the backend.</summary>
public sealed record EventRecord(int Milliseconds, string Channel, string? Code, JsonNode? Data);

/// <summary>A request to an external host and what answered it.</summary>
public sealed record NetworkRecord(string Method, string Url, string Answer);

public sealed record ConsoleRecord(string Type, string Text);

public sealed record BankRecord(string PaymentMethodType, string Name);

/// <summary>Everything one cell produced: the verdict and the evidence behind it.</summary>
public sealed class CellResult
{
    public required int Index { get; init; }
    public required MatrixCell Cell { get; init; }
    public Verdict Verdict { get; set; }
    public double Seconds { get; set; }
    public string? Error { get; set; }
    public List<Check> Checks { get; } = [];
    /// <summary>The integration guide's checks, on a merchant's own checkout (empty for Kit's demo shop).</summary>
    public List<GuideCheckResult> GuideChecks { get; } = [];
    /// <summary>What the merchant's backend asked the simulator during the cell, with the simulator's verdict on each.</summary>
    public List<string> MerchantCalls { get; set; } = [];
    /// <summary>Each notification of the cell's payments and what the merchant's backend answered to each attempt.</summary>
    public List<string> Notifications { get; set; } = [];
    public List<Finding> Findings { get; } = [];
    /// <summary>What the cell's engine could not do that the harness asked of it (a phone's mobile mode on Firefox): evidence, not failure.</summary>
    public List<string> EngineLimits { get; } = [];
    public List<EventRecord> Events { get; set; } = [];
    public Dictionary<string, string> IframeParameters { get; set; } = [];
    public List<NetworkRecord> GatewayRequests { get; set; } = [];
    public List<NetworkRecord> UnexpectedRequests { get; set; } = [];
    public List<BankRecord> Banks { get; set; } = [];
    public List<ConsoleRecord> Console { get; } = [];
    /// <summary>Screenshot files, relative to the report folder.</summary>
    public List<string> Screenshots { get; } = [];
    /// <summary>The Playwright trace of a failed cell, relative to the report folder.</summary>
    public string? Trace { get; set; }

    public string Folder => $"cells/{Index:D3}-{Cell.Scenario.ToWireValue()}";

    /// <summary>What failed the cell first: its error, a failed expectation, or a failed guide check (by name).</summary>
    public string? FailureReason
    {
        get
        {
            if (Error is not null) return Error;
            if (Checks.FirstOrDefault(c => !c.Held && !c.Blocked) is { } check) return check.Expectation;
            return GuideChecks.FirstOrDefault(g => !g.Held && g.Severity == CheckSeverity.Fail) is { } guide ? $"guide check {guide.Name}: {guide.Detail}" : null;
        }
    }

    public void Decide() => Verdict =
        Error is not null || Checks.Any(c => !c.Held && !c.Blocked) || GuideChecks.Any(g => !g.Held && g.Severity == CheckSeverity.Fail) ? Verdict.Fail
        : Findings.Count > 0 ? Verdict.Finding : Verdict.Pass;
}
