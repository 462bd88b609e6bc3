using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Kit.Schema;

/// <summary>
/// The <c>format</c> values Kit asserts when a schema or build asks for it. Checks run on the string's characters
/// without allocating, so asserting formats stays cheap on the hot path.
/// </summary>
public static class SchemaFormats
{
    private delegate bool SpanCheck(ReadOnlySpan<char> value);

    /// <summary>What a URI may hold outside %-escapes: printable ASCII except space, &lt; &gt; " { } | \ ^ ` and %.</summary>
    private static readonly SearchValues<char> UriChars = SearchValues.Create(
        "!#$&'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_abcdefghijklmnopqrstuvwxyz~");

    private static readonly SearchValues<char> EmailLocalChars = SearchValues.Create(
        "!#$%&'*+-./0123456789=?ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static readonly SearchValues<char> HostLabelChars = SearchValues.Create(
        "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public static bool IsDateTime(ref Utf8JsonReader value) => Apply(ref value, IsDateTime);
    public static bool IsDate(ref Utf8JsonReader value) => Apply(ref value, IsDate);
    public static bool IsEmail(ref Utf8JsonReader value) => Apply(ref value, IsEmail);
    public static bool IsUri(ref Utf8JsonReader value) => Apply(ref value, IsUri);
    public static bool IsUuid(ref Utf8JsonReader value) => Apply(ref value, IsUuid);
    public static bool IsIPv4(ref Utf8JsonReader value) => Apply(ref value, IsIPv4);
    public static bool IsIPv6(ref Utf8JsonReader value) => Apply(ref value, IsIPv6);

    private static bool Apply(ref Utf8JsonReader value, SpanCheck check)
    {
        if (value.TokenType != JsonTokenType.String) return true; // format applies to strings only
        var raw = value.ValueSpan;
        if (raw.Length <= 256 && !value.ValueIsEscaped)
        {
            Span<char> buffer = stackalloc char[256];
            var n = Encoding.UTF8.GetChars(raw, buffer);
            return check(buffer[..n]);
        }
        return check(JsonValues.GetString(ref value));
    }

    /// <summary>RFC 3339 full-date.</summary>
    public static bool IsDate(ReadOnlySpan<char> s)
    {
        if (s.Length != 10 || s[4] != '-' || s[7] != '-') return false;
        if (!Digits(s[..4], out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day)) return false;
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(year, 1), month);
    }

    /// <summary>RFC 3339 date-time: full-date, T, time with seconds, optional fraction, Z or ±hh:mm; second 60 only at 23:59 UTC.</summary>
    public static bool IsDateTime(ReadOnlySpan<char> s)
    {
        if (s.Length < 20 || !IsDate(s[..10]) || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':') return false;
        if (!Digits(s.Slice(11, 2), out var h) || !Digits(s.Slice(14, 2), out var m) || !Digits(s.Slice(17, 2), out var sec)) return false;
        var i = 19;
        if (s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == start) return false;
        }
        if (i >= s.Length) return false;
        var offset = 0;
        if (s[i] is 'Z' or 'z')
        {
            if (i != s.Length - 1) return false;
        }
        else if (s[i] is '+' or '-')
        {
            if (s.Length - i != 6 || s[i + 3] != ':' || !Digits(s.Slice(i + 1, 2), out var oh) || !Digits(s.Slice(i + 4, 2), out var om) || oh > 23 || om > 59) return false;
            offset = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
        }
        else return false;
        if (h > 23 || m > 59 || sec > 60) return false;
        if (sec == 60) return ((h * 60 + m - offset) % 1440 + 1440) % 1440 == 23 * 60 + 59;
        return true;
    }

    public static bool IsEmail(ReadOnlySpan<char> s)
    {
        var at = s.LastIndexOf('@');
        if (at <= 0 || at == s.Length - 1) return false;
        var local = s[..at];
        var domain = s[(at + 1)..];
        if (local[0] == '.' || local[^1] == '.' || local.IndexOf("..") >= 0) return false;
        if (local.IndexOfAnyExcept(EmailLocalChars) >= 0) return false;
        if (domain[0] == '[') return domain[^1] == ']' && (IsIPv4(domain[1..^1]) || (domain.StartsWith("[IPv6:") && IsIPv6(domain[6..^1])));
        while (true)
        {
            var dot = domain.IndexOf('.');
            var label = dot < 0 ? domain : domain[..dot];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-') return false;
            if (label.IndexOfAnyExcept(HostLabelChars) >= 0) return false;
            if (dot < 0) return true;
            domain = domain[(dot + 1)..];
        }
    }

    /// <summary>An absolute URI (RFC 3986): a scheme, a colon, then only characters a URI may hold, with valid %-escapes.</summary>
    public static bool IsUri(ReadOnlySpan<char> s)
    {
        var colon = s.IndexOf(':');
        if (colon < 1 || !char.IsAsciiLetter(s[0])) return false;
        foreach (var c in s[..colon]) if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-')) return false;
        var rest = s[(colon + 1)..];
        for (var tail = rest; ;)
        {
            var i = tail.IndexOfAnyExcept(UriChars);
            if (i < 0) break;
            if (tail[i] != '%' || i + 2 >= tail.Length || !char.IsAsciiHexDigit(tail[i + 1]) || !char.IsAsciiHexDigit(tail[i + 2])) return false;
            tail = tail[(i + 3)..];
        }
        if (rest.StartsWith("//"))
        {
            var authority = rest[2..];
            var end = authority.IndexOfAny('/', '?', '#');
            if (end >= 0) authority = authority[..end];
            var atSign = authority.LastIndexOf('@');
            var host = atSign >= 0 ? authority[(atSign + 1)..] : authority;
            if (host.Length > 0 && host[0] == '[') return host.IndexOf(']') > 0;
            var port = host.LastIndexOf(':');
            if (port >= 0) foreach (var c in host[(port + 1)..]) if (!char.IsAsciiDigit(c)) return false;
        }
        return true;
    }

    public static bool IsUuid(ReadOnlySpan<char> s)
    {
        if (s.Length != 36) return false;
        for (var i = 0; i < 36; i++)
        {
            if (i is 8 or 13 or 18 or 23) { if (s[i] != '-') return false; }
            else if (!char.IsAsciiHexDigit(s[i])) return false;
        }
        return true;
    }

    public static bool IsIPv4(ReadOnlySpan<char> s)
    {
        var parts = 0;
        while (true)
        {
            var dot = s.IndexOf('.');
            var part = dot < 0 ? s : s[..dot];
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !Digits(part, out var v) || v > 255) return false;
            parts++;
            if (dot < 0) break;
            s = s[(dot + 1)..];
        }
        return parts == 4;
    }

    public static bool IsIPv6(ReadOnlySpan<char> s)
    {
        if (s.Length is 0 or > 45) return false;
        foreach (var c in s) if (!(char.IsAsciiHexDigit(c) || c is ':' or '.')) return false;
        return IPAddress.TryParse(s, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return s.Length > 0;
    }
}
