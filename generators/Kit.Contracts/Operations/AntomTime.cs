using System.Globalization;

namespace Kit.Contracts.Operations;

/// <summary>The one time format of Antom's bodies and response-time headers: ISO 8601 to the second with the offset (2026-12-01T10:00:00+07:00).</summary>
public static class AntomTime
{
    public static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
