using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kit.Schema;

/// <summary>The <c>format</c> values Kit asserts when a schema or build asks for it.</summary>
public static partial class SchemaFormats
{
    public static bool Check(string format, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return true; // format applies to strings only
        var s = value.GetString()!;
        return format switch
        {
            "date-time" => IsDateTime(s),
            "date" => IsDate(s),
            "email" => IsEmail(s),
            "uri" => IsUri(s),
            "uuid" => UuidRegex().IsMatch(s),
            "ipv4" => IsIPv4(s),
            "ipv6" => IsIPv6(s),
            _ => true,
        };
    }

    /// <summary>RFC 3339 full-date.</summary>
    public static bool IsDate(string s) =>
        DateRegex().IsMatch(s) && DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>RFC 3339 date-time: full-date "T" time with seconds and an offset (Z or ±hh:mm); leap second 60 allowed at 23:59 UTC.</summary>
    public static bool IsDateTime(string s)
    {
        var m = DateTimeRegex().Match(s);
        if (!m.Success || !IsDate(m.Groups["date"].Value)) return false;
        int h = int.Parse(m.Groups["h"].Value), min = int.Parse(m.Groups["m"].Value), sec = int.Parse(m.Groups["s"].Value);
        if (h > 23 || min > 59 || sec > 60) return false;
        var offset = 0;
        if (m.Groups["oh"].Success)
        {
            int oh = int.Parse(m.Groups["oh"].Value), om = int.Parse(m.Groups["om"].Value);
            if (oh > 23 || om > 59) return false;
            offset = (oh * 60 + om) * (m.Groups["sign"].Value == "-" ? -1 : 1);
        }
        if (sec == 60)
        {
            var utc = ((h * 60 + min - offset) % 1440 + 1440) % 1440;
            return utc == 23 * 60 + 59;
        }
        return true;
    }

    public static bool IsEmail(string s)
    {
        var at = s.LastIndexOf('@');
        if (at <= 0 || at == s.Length - 1) return false;
        var local = s[..at];
        var domain = s[(at + 1)..];
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..")) return false;
        return LocalPartRegex().IsMatch(local) && (DomainRegex().IsMatch(domain) || (domain.StartsWith('[') && domain.EndsWith(']')));
    }

    public static bool IsUri(string s) =>
        UriRegex().IsMatch(s) && Uri.TryCreate(s, UriKind.Absolute, out _);

    public static bool IsIPv4(string s)
    {
        var parts = s.Split('.');
        if (parts.Length != 4) return false;
        foreach (var p in parts)
        {
            if (p.Length is 0 or > 3 || (p.Length > 1 && p[0] == '0')) return false;
            foreach (var c in p) if (c is < '0' or > '9') return false;
            if (int.Parse(p, CultureInfo.InvariantCulture) > 255) return false;
        }
        return true;
    }

    public static bool IsIPv6(string s) =>
        !s.Contains('%') && s.Length <= 45 && s.All(c => Uri.IsHexDigit(c) || c is ':' or '.')
        && IPAddress.TryParse(s, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})[Tt](?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2})(\.\d+)?([Zz]|(?<sign>[+-])(?<oh>\d{2}):(?<om>\d{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeRegex();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex UuidRegex();

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalPartRegex();

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainRegex();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>""{}|\\^`]*$", RegexOptions.CultureInvariant)]
    private static partial Regex UriRegex();
}
