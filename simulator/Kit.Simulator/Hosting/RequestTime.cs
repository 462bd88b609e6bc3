using System.Globalization;
using System.Text.RegularExpressions;

namespace Kit.Simulator.Hosting;

/// <summary>
/// The request-time header in every form the official SDKs send (docs/official-sdks.md): milliseconds since the
/// epoch (Java, Go), ISO 8601 with <c>Z</c> and up to seven fraction digits (.NET), with <c>+00:00</c> (Python) or
/// <c>+0000</c> (PHP). The signature covers the text as sent; this only says whether it is a time at all, and, when
/// the operator asks for a window, whether it is recent.
/// </summary>
public static partial class RequestTime
{
    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?<fraction>\.\d{1,9})?(?<zone>Z|[+-]\d{2}:?\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601();

    public static DateTimeOffset? Parse(string text)
    {
        if (text.Length is > 0 and <= 16 && text.All(char.IsAsciiDigit))
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= 253402300799999
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        var match = Iso8601().Match(text);
        if (!match.Success) return null;
        var zone = match.Groups["zone"].Value;
        if (zone.Length == 5) zone = zone[..3] + ":" + zone[3..]; // +0000 → +00:00
        var fraction = match.Groups["fraction"].Value;
        if (fraction.Length > 8) fraction = fraction[..8]; // .NET reads at most seven digits
        return DateTimeOffset.TryParseExact(match.Groups["date"].Value + fraction + (zone == "Z" ? "+00:00" : zone),
            ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
    }

    /// <summary>Why <paramref name="text"/> cannot be the request's time, or null when it can.</summary>
    /// <param name="maxAge">How far from the machine's real clock it may be, or null for no limit.</param>
    public static string? Problem(string text, TimeSpan? maxAge)
    {
        if (Parse(text) is not { } time)
            return $"request-time '{(text.Length <= 40 ? text : text[..37] + "...")}' is not a time: send milliseconds since the epoch (1796160183000) or ISO 8601 (2026-12-01T21:23:03Z, +00:00 or +0000)";
        if (maxAge is { } window && (DateTimeOffset.UtcNow - time).Duration() > window)
            return $"request-time {text} is {(DateTimeOffset.UtcNow - time).Duration().TotalMinutes:0} minutes from the simulator's clock; at most {window.TotalMinutes:0} are allowed (--max-request-age)";
        return null;
    }
}
