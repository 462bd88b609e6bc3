using Kit.Simulator.Catalog;

namespace Kit.Simulator.Engine;

/// <summary>
/// A merchant-API answer broken on purpose (outcomes.json's apiFaults): the operation takes effect, and its answer is
/// U, an HTTP 5xx, late, never, or a reset connection. What QA uses to test "U: inquire before retrying".
/// </summary>
public sealed record ApiFault(ApiFaultKind Kind, int? DelaySeconds = null)
{
    /// <summary>How long a no-answer holds the connection before closing it: longer than any client's timeout should be.</summary>
    public static readonly TimeSpan NoAnswerHold = TimeSpan.FromMinutes(5);

    public const int MaxDelaySeconds = 120;

    public string Name => Kind.ToWireValue();
}
