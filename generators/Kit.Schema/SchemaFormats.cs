using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Kit.Schema;

/// <summary>
/// The <c>format</c> values Kit asserts when a schema or build asks for it. Checks run on the string's characters
/// without allocating, so asserting formats stays cheap on the hot path.
/// </summary>
public static partial class SchemaFormats
{
    private static readonly AsciiSet EmailLocalChars = new(
        "!#$%&'*+-./0123456789=?ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static readonly SearchValues<char> HostLabelChars = SearchValues.Create(
        "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public static unsafe bool IsDateTime(ref Utf8JsonReader value) => Apply(ref value, &IsDateTime);
    public static unsafe bool IsDate(ref Utf8JsonReader value) => Apply(ref value, &IsDate);
    public static unsafe bool IsTime(ref Utf8JsonReader value) => Apply(ref value, &IsTime);
    public static unsafe bool IsDuration(ref Utf8JsonReader value) => Apply(ref value, &IsDuration);
    public static unsafe bool IsEmail(ref Utf8JsonReader value) => Apply(ref value, &IsEmail);
    public static unsafe bool IsHostname(ref Utf8JsonReader value) => Apply(ref value, &IsHostname);
    public static unsafe bool IsIdnHostname(ref Utf8JsonReader value) => Apply(ref value, &IsIdnHostname);
    public static unsafe bool IsIdnEmail(ref Utf8JsonReader value) => Apply(ref value, &IsIdnEmail);
    public static unsafe bool IsUri(ref Utf8JsonReader value) => Apply(ref value, &IsUri);
    public static unsafe bool IsUriReference(ref Utf8JsonReader value) => Apply(ref value, &IsUriReference);
    public static unsafe bool IsIri(ref Utf8JsonReader value) => Apply(ref value, &IsIri);
    public static unsafe bool IsIriReference(ref Utf8JsonReader value) => Apply(ref value, &IsIriReference);
    public static unsafe bool IsUriTemplate(ref Utf8JsonReader value) => Apply(ref value, &IsUriTemplate);
    public static unsafe bool IsUuid(ref Utf8JsonReader value) => Apply(ref value, &IsUuid);
    public static unsafe bool IsIPv4(ref Utf8JsonReader value) => Apply(ref value, &IsIPv4);
    public static unsafe bool IsIPv6(ref Utf8JsonReader value) => Apply(ref value, &IsIPv6);
    public static unsafe bool IsJsonPointer(ref Utf8JsonReader value) => Apply(ref value, &IsJsonPointer);
    public static unsafe bool IsRelativeJsonPointer(ref Utf8JsonReader value) => Apply(ref value, &IsRelativeJsonPointer);
    public static unsafe bool IsRegex(ref Utf8JsonReader value) => Apply(ref value, &IsRegex);

    // A function pointer, not a delegate: a delegate to a static method is called through a shuffle thunk.
    private static unsafe bool Apply(ref Utf8JsonReader value, delegate*<ReadOnlySpan<char>, bool> check)
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
        int century = Two(s, 0), yy = Two(s, 2), month = Two(s, 5), day = Two(s, 8);
        if (century < 0 || yy < 0 || month is < 1 or > 12 || day < 1) return false;
        // Year 0000 counts as year 1, as DateTime has it.
        return day <= DateTime.DaysInMonth(Math.Max(century * 100 + yy, 1), month);
    }

    /// <summary>RFC 3339 date-time: full-date, T (either case), full-time.</summary>
    public static bool IsDateTime(ReadOnlySpan<char> s) =>
        s.Length >= 20 && IsDate(s[..10]) && s[10] is 'T' or 't' && IsTime(s[11..]);

    /// <summary>RFC 3339 full-time: hh:mm:ss, optional fraction, Z or ±hh:mm; second 60 only at 23:59 UTC.</summary>
    public static bool IsTime(ReadOnlySpan<char> s)
    {
        if (s.Length < 9 || s[2] != ':' || s[5] != ':') return false;
        int h = Two(s, 0), m = Two(s, 3), sec = Two(s, 6);
        if (h < 0 || m < 0 || sec < 0) return false;
        var i = 8;
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
            if (s.Length - i != 6 || s[i + 3] != ':') return false;
            int oh = Two(s, i + 1), om = Two(s, i + 4);
            if (oh is < 0 or > 23 || om is < 0 or > 59) return false;
            offset = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
        }
        else return false;
        if (h > 23 || m > 59 || sec > 60) return false;
        if (sec == 60) return ((h * 60 + m - offset) % 1440 + 1440) % 1440 == 23 * 60 + 59;
        return true;
    }

    /// <summary>The two ASCII digits at <paramref name="at"/> as a number, or -1 when either is not a digit.</summary>
    private static int Two(ReadOnlySpan<char> s, int at)
    {
        uint tens = (uint)(s[at] - '0'), ones = (uint)(s[at + 1] - '0');
        return tens <= 9 && ones <= 9 ? (int)(tens * 10 + ones) : -1;
    }

    /// <summary>
    /// RFC 3339 Appendix A duration: P, then weeks alone, or date units in order Y M D each followed only by the
    /// next (Y then D is not allowed), then optionally T and time units H M S likewise; whole numbers only.
    /// </summary>
    public static bool IsDuration(ReadOnlySpan<char> s)
    {
        if (s.Length < 3 || s[0] != 'P') return false;
        var i = 1;
        if (ReadUnit(s, ref i, out var unit) && unit == 'W') return i == s.Length;
        i = 1;
        bool Units(ReadOnlySpan<char> s, ref int i, string order, bool required)
        {
            var last = -1;
            var any = false;
            while (i < s.Length && s[i] != 'T')
            {
                var start = i;
                if (!ReadUnit(s, ref i, out var u)) return false;
                var at = order.IndexOf(u);
                if (at < 0 || (last >= 0 && at != last + 1)) { i = start; return false; }
                last = at;
                any = true;
            }
            return any || !required;
        }
        if (s[1] != 'T' && !Units(s, ref i, "YMD", required: true)) return false;
        if (i == s.Length) return true;
        if (s[i] != 'T') return false;
        i++;
        return Units(s, ref i, "HMS", required: true) && i == s.Length;
    }

    /// <summary>One duration component: ASCII digits and a unit letter.</summary>
    private static bool ReadUnit(ReadOnlySpan<char> s, ref int i, out char unit)
    {
        unit = '\0';
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i == start || i >= s.Length) return false;
        unit = s[i++];
        return unit is 'Y' or 'M' or 'W' or 'D' or 'H' or 'S';
    }

    /// <summary>RFC 5321 mailbox: a dot-atom or quoted-string local part, @, a hostname or an address literal.</summary>
    public static bool IsEmail(ReadOnlySpan<char> s)
    {
        var at = s.LastIndexOf('@');
        if (at <= 0 || at == s.Length - 1) return false;
        var local = s[..at];
        var domain = s[(at + 1)..];
        if (local[0] == '"')
        {
            if (local.Length < 2 || local[^1] != '"') return false;
            for (var i = 1; i < local.Length - 1; i++)
            {
                var c = local[i];
                if (c == '\\') { if (++i >= local.Length - 1 || local[i] < 0x20 || local[i] > 0x7E) return false; }
                else if (c == '"' || c < 0x20 || c > 0x7E) return false;
            }
        }
        else
        {
            if (local[0] == '.' || local[^1] == '.') return false;
            for (var i = 1; i < local.Length; i++)
            {
                var c = local[i];
                if (c == '.' ? local[i - 1] == '.' : !EmailLocalChars.Contains(c)) return false;
            }
            if (!EmailLocalChars.Contains(local[0])) return false;
        }
        if (domain[0] == '[')
            return domain[^1] == ']' && (IsIPv4(domain[1..^1]) || (domain.StartsWith("[IPv6:") && IsIPv6(domain[6..^1])));
        return IsHostname(domain);
    }

    /// <summary>
    /// RFC 1123 host name: dot-separated labels of letters, digits and hyphens, 1–63 characters each, not starting or
    /// ending with a hyphen, at most 253 in all; an A-label (xn--) must be valid Punycode whose U-label keeps IDNA2008's
    /// rules (<see cref="IsULabel"/>).
    /// </summary>
    public static bool IsHostname(ReadOnlySpan<char> s)
    {
        if (s.Length is 0 or > 253) return false;
        // One pass: each character a letter, digit, hyphen or the dot that ends a label.
        var start = 0;
        for (var i = 0; i <= s.Length; i++)
        {
            if (i < s.Length && s[i] != '.')
            {
                if (!(char.IsAsciiLetterOrDigit(s[i]) || s[i] == '-')) return false;
                continue;
            }
            var label = s[start..i];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-') return false;
            if (label.Length >= 4 && label[2] == '-' && label[3] == '-' && !IsALabel(label)) return false;
            start = i + 1;
        }
        return true;
    }

    /// <summary>A label with hyphens in places 3 and 4: only an A-label (xn--) whose Punycode decodes to a valid U-label.</summary>
    private static bool IsALabel(ReadOnlySpan<char> label)
    {
        if (!label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase)) return false;
        string unicode;
        try { unicode = Idn.GetUnicode(label.ToString()); }
        catch (ArgumentException) { return false; }
        return IsULabel(unicode);
    }

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    /// <summary>
    /// RFC 5890 internationalized host name: labels separated by a full stop (also U+3002, U+FF0E, U+FF61), each an
    /// LDH label, an A-label, or a U-label whose A-label form is at most 63 octets; U-labels keep IDNA2008's rules
    /// (<see cref="IsULabel"/>), and in a name with right-to-left labels every label keeps the Bidi rule (RFC 5893).
    /// </summary>
    public static bool IsIdnHostname(ReadOnlySpan<char> s)
    {
        if (s.Length == 0) return false;
        var labels = s.ToString().Split('.', '\u3002', '\uFF0E', '\uFF61');
        var unicode = new string[labels.Length];
        var length = labels.Length - 1;
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (label.Length == 0 || label[0] == '-' || label[^1] == '-') return false;
            string ascii;
            if (label.AsSpan().IndexOfAnyExceptInRange('\0', '\u007F') < 0)
            {
                if (label.Length > 63 || label.AsSpan().IndexOfAnyExcept(HostLabelChars) >= 0) return false;
                ascii = label;
                unicode[i] = label;
                if (label.Length >= 4 && label[2] == '-' && label[3] == '-')
                {
                    if (!label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase)) return false;
                    try { unicode[i] = Idn.GetUnicode(label); }
                    catch (ArgumentException) { return false; }
                    // An A-label must stand for non-ASCII text and be the canonical encoding of it.
                    if (unicode[i].AsSpan().IndexOfAnyExceptInRange('\0', '\u007F') < 0) return false;
                    try { if (!string.Equals(Idn.GetAscii(unicode[i]), label, StringComparison.OrdinalIgnoreCase)) return false; }
                    catch (ArgumentException) { return false; }
                    if (!IsULabel(unicode[i])) return false;
                }
            }
            else
            {
                if (!IsULabel(label)) return false;
                try { ascii = Idn.GetAscii(label); }
                catch (ArgumentException) { return false; }
                if (ascii.Length > 63) return false;
                unicode[i] = label;
            }
            length += ascii.Length;
        }
        if (length > 253) return false;
        return !unicode.Any(HasRightToLeft) || unicode.All(KeepsBidiRule);
    }

    /// <summary>RFC 6531 mailbox: as <see cref="IsEmail(ReadOnlySpan{char})"/>, with non-ASCII allowed in the local part and an internationalized domain.</summary>
    public static bool IsIdnEmail(ReadOnlySpan<char> s)
    {
        var at = s.LastIndexOf('@');
        if (at <= 0 || at == s.Length - 1) return false;
        var local = s[..at];
        var domain = s[(at + 1)..];
        if (local[0] == '"')
        {
            if (local.Length < 2 || local[^1] != '"') return false;
            for (var i = 1; i < local.Length - 1; i++)
            {
                var c = local[i];
                if (c == '\\') { if (++i >= local.Length - 1) return false; }
                else if (c == '"' || c < 0x20 || c == 0x7F) return false;
            }
        }
        else
        {
            if (local[0] == '.' || local[^1] == '.' || local.IndexOf("..") >= 0) return false;
            foreach (var c in local) if (c < 0x80 && !EmailLocalChars.Contains(c)) return false;
        }
        if (domain[0] == '[')
            return domain[^1] == ']' && (IsIPv4(domain[1..^1]) || (domain.StartsWith("[IPv6:") && IsIPv6(domain[6..^1])));
        return IsIdnHostname(domain);
    }

    /// <summary>The bidirectional classes RFC 5893 distinguishes, approximated by script ranges and general categories.</summary>
    private enum Bidi { L, R, AL, AN, EN, ES, CS, ET, ON, BN, NSM }

    private static Bidi BidiClass(char c) => c switch
    {
        >= '0' and <= '9' or >= '\u06F0' and <= '\u06F9' => Bidi.EN,
        >= '\u0660' and <= '\u0669' or '\u066B' or '\u066C' => Bidi.AN,
        '-' or '+' => Bidi.ES,
        '.' or ',' or ':' or '/' or '\u00A0' => Bidi.CS,
        '\u200B' or '\u200C' or '\u200D' or '\u00AD' => Bidi.BN,
        _ when CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark => Bidi.NSM,
        >= '\u0590' and <= '\u05FF' or >= '\u07C0' and <= '\u085F' or >= '\uFB1D' and <= '\uFB4F' => Bidi.R,
        >= '\u0600' and <= '\u07BF' or >= '\u0860' and <= '\u08FF' or >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF' => Bidi.AL,
        '#' or '$' or '%' or '\u00B0' => Bidi.ET,
        _ when char.IsLetter(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpacingCombiningMark || char.IsSurrogate(c) => Bidi.L,
        _ => Bidi.ON,
    };

    private static bool HasRightToLeft(string label) => label.Any(c => BidiClass(c) is Bidi.R or Bidi.AL or Bidi.AN);

    /// <summary>RFC 5893 §2's six conditions on one label.</summary>
    private static bool KeepsBidiRule(string label)
    {
        var classes = label.Select(BidiClass).ToArray();
        var first = classes[0];
        if (first is not (Bidi.L or Bidi.R or Bidi.AL)) return false;
        var last = Array.FindLastIndex(classes, c => c != Bidi.NSM);
        if (last < 0) return false;
        if (first is Bidi.R or Bidi.AL)
        {
            if (classes.Any(c => c == Bidi.L)) return false;
            if (classes[last] is not (Bidi.R or Bidi.AL or Bidi.EN or Bidi.AN)) return false;
            return !(classes.Contains(Bidi.EN) && classes.Contains(Bidi.AN));
        }
        if (classes.Any(c => c is Bidi.R or Bidi.AL or Bidi.AN)) return false;
        return classes[last] is Bidi.L or Bidi.EN;
    }

    /// <summary>
    /// What IDNA2008 (RFC 5891 and 5892) asks of a U-label beyond Punycode: no hyphens in positions 3 and 4, no leading
    /// combining mark, nothing DISALLOWED (<see cref="IsDisallowed"/>, and the exceptions that are), and the CONTEXTO and CONTEXTJ rules of the code
    /// points that have them (middle dot between l's, Greek keraia before Greek, Hebrew geresh after Hebrew, katakana
    /// middle dot beside kana or Han, Arabic-Indic digit sets not mixed, zero-width joiners after a virama).
    /// </summary>
    public static bool IsULabel(string label)
    {
        if (label.Length == 0) return false;
        if (label.Length >= 4 && label[2] == '-' && label[3] == '-') return false;
        var first = CharUnicodeInfo.GetUnicodeCategory(label, 0);
        if (first is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) return false;
        bool arabicIndic = false, extendedArabicIndic = false, kanaOrHan = false, katakanaMiddleDot = false;
        for (var i = 0; i < label.Length; i++)
        {
            var c = label[i];
            if (!char.IsSurrogate(c) && IsDisallowed(c)) return false;
            var before = i > 0 ? label[i - 1] : '\0';
            var after = i + 1 < label.Length ? label[i + 1] : '\0';
            switch (c)
            {
                case '\u0640' or '\u07FA' or '\u302E' or '\u302F' or (>= '\u3031' and <= '\u3035') or '\u303B':
                    return false;
                case '\u00B7' when before != 'l' || after != 'l':
                    return false;
                case '\u0375' when !IsGreek(after):
                    return false;
                case '\u05F3' or '\u05F4' when !(before >= '\u0590' && before <= '\u05FF'):
                    return false;
                case '\u200D' when !Viramas.Contains(before):
                    return false;
                case '\u200C' when !Viramas.Contains(before) && !(IsArabicLetter(before) && IsArabicLetter(after)):
                    return false;
                case '\u30FB':
                    katakanaMiddleDot = true;
                    break;
            }
            if (c is >= '\u0660' and <= '\u0669') arabicIndic = true;
            if (c is >= '\u06F0' and <= '\u06F9') extendedArabicIndic = true;
            if (c != '\u30FB' && (c is >= '\u3040' and <= '\u30FF' or >= '\u31F0' and <= '\u31FF' or >= '\u3400' and <= '\u4DBF' or >= '\u4E00' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF')) kanaOrHan = true;
            if (char.IsHighSurrogate(c)) kanaOrHan |= char.ConvertToUtf32(c, after) is >= 0x20000 and <= 0x3FFFF;
        }
        return !(arabicIndic && extendedArabicIndic) && (!katakanaMiddleDot || kanaOrHan);
    }

    /// <summary>
    /// What IDNA2008 leaves out of a label however it is written: punctuation, symbols, spaces, controls and the
    /// like (RFC 5892's derived property), but for the exceptions it lets in (ß, ς, ་, 〇, ۽, ۾), the CONTEXTO and
    /// CONTEXTJ code points (checked by their rules), and the hyphen.
    /// </summary>
    private static bool IsDisallowed(char c)
    {
        if (c is '-' or '\u00DF' or '\u03C2' or '\u06FD' or '\u06FE' or '\u0F0B' or '\u3007' or '\u00B7' or '\u0375' or '\u05F3' or '\u05F4' or '\u30FB' or '\u200C' or '\u200D') return false;
        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol
            or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    private static bool IsGreek(char c) => c is >= '\u0370' and <= '\u03FF' or >= '\u1F00' and <= '\u1FFF';

    private static bool IsArabicLetter(char c) => c is >= '\u0620' and <= '\u064A' or >= '\u066E' and <= '\u06D3';

    /// <summary>The viramas of the Brahmic scripts (canonical combining class 9), which a zero-width joiner may follow.</summary>
    private static readonly SearchValues<char> Viramas = SearchValues.Create(
        "\u094D\u09CD\u0A4D\u0ACD\u0B4D\u0BCD\u0C4D\u0CCD\u0D3B\u0D3C\u0D4D\u0DCA\u0E3A\u0F84\u1039\u103A\u1714\u1734\u17D2\u1A60\u1B44\u1BAA\u1BAB\uA806\uA8C4\uA953\uA9C0\uAAF6\uABED");

    /// <summary>An absolute URI (RFC 3986).</summary>
    public static bool IsUri(ReadOnlySpan<char> s) => UriReference(s, iri: false, absolute: true);

    /// <summary>A URI or a relative reference (RFC 3986 §4.1).</summary>
    public static bool IsUriReference(ReadOnlySpan<char> s) => UriReference(s, iri: false, absolute: false);

    /// <summary>An absolute IRI (RFC 3987): a URI that may also hold non-ASCII characters as themselves.</summary>
    public static bool IsIri(ReadOnlySpan<char> s) => UriReference(s, iri: true, absolute: true);

    public static bool IsIriReference(ReadOnlySpan<char> s) => UriReference(s, iri: true, absolute: false);

    private static readonly SearchValues<char> SchemeEnd = SearchValues.Create(":/?#");
    private static readonly SearchValues<char> Unreserved = SearchValues.Create("-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    private static readonly SearchValues<char> SubDelims = SearchValues.Create("!$&'()*+,;=");

    /// <summary>RFC 3986's grammar, part by part: scheme, authority (userinfo, host with IP literals, port), path, query, fragment.</summary>
    private static bool UriReference(ReadOnlySpan<char> s, bool iri, bool absolute)
    {
        var colon = s.IndexOfAny(SchemeEnd);
        var hasScheme = colon > 0 && s[colon] == ':' && char.IsAsciiLetter(s[0]);
        if (hasScheme)
            foreach (var c in s[..colon]) if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-')) { hasScheme = false; break; }
        if (absolute && !hasScheme) return false;
        var rest = hasScheme ? s[(colon + 1)..] : s;
        // One search finds where the hierarchical part ends; only a query is searched again, for its fragment.
        var end = rest.IndexOfAny(QueryOrFragmentStart);
        if (end >= 0)
        {
            var tail = rest[(end + 1)..];
            if (rest[end] == '?')
            {
                var hash = tail.IndexOf('#');
                if (hash >= 0)
                {
                    if (!Chars(tail[(hash + 1)..], iri, QueryAndFragmentChars)) return false;
                    tail = tail[..hash];
                }
            }
            if (!Chars(tail, iri, QueryAndFragmentChars)) return false;
            rest = rest[..end];
        }
        if (rest.StartsWith("//"))
        {
            var authority = rest[2..];
            var slash = authority.IndexOf('/');
            var path = slash >= 0 ? authority[slash..] : [];
            if (slash >= 0) authority = authority[..slash];
            return Authority(authority, iri) && Chars(path, iri, PathChars);
        }
        // A relative reference's first segment may not hold a colon (it would read as a scheme).
        if (!hasScheme)
        {
            var firstSlash = rest.IndexOf('/');
            if ((firstSlash < 0 ? rest : rest[..firstSlash]).IndexOf(':') >= 0) return false;
        }
        return Chars(rest, iri, PathChars);
    }

    private static bool Authority(ReadOnlySpan<char> authority, bool iri)
    {
        var at = authority.IndexOf('@');
        if (at >= 0)
        {
            if (!Chars(authority[..at], iri, UserInfoChars)) return false;
            authority = authority[(at + 1)..];
        }
        if (authority.Length > 0 && authority[0] == '[')
        {
            var close = authority.IndexOf(']');
            if (close < 0) return false;
            var literal = authority[1..close];
            var valid = literal.Length > 0 && (literal[0] is 'v' or 'V' ? IsIPvFuture(literal) : IsIPv6(literal));
            if (!valid) return false;
            authority = authority[(close + 1)..];
            if (authority.Length == 0) return true;
            if (authority[0] != ':') return false;
            return authority[1..].IndexOfAnyExceptInRange('0', '9') < 0;
        }
        var port = authority.LastIndexOf(':');
        if (port >= 0)
        {
            if (authority[(port + 1)..].IndexOfAnyExceptInRange('0', '9') >= 0) return false;
            authority = authority[..port];
        }
        return Chars(authority, iri, RegNameChars);
    }

    private static bool IsIPvFuture(ReadOnlySpan<char> s)
    {
        var dot = s.IndexOf('.');
        if (dot < 2 || dot == s.Length - 1) return false;
        foreach (var c in s[1..dot]) if (!char.IsAsciiHexDigit(c)) return false;
        foreach (var c in s[(dot + 1)..]) if (!(Unreserved.Contains(c) || SubDelims.Contains(c) || c == ':')) return false;
        return true;
    }

    private const string UnreservedAndSubDelims = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!$&'()*+,;=";
    private static readonly SearchValues<char> RegNameChars = SearchValues.Create(UnreservedAndSubDelims);
    private static readonly SearchValues<char> UserInfoChars = SearchValues.Create(UnreservedAndSubDelims + ":");
    private static readonly SearchValues<char> PathChars = SearchValues.Create(UnreservedAndSubDelims + "/:@");
    private static readonly SearchValues<char> QueryOrFragmentStart = SearchValues.Create("?#");
    private static readonly SearchValues<char> QueryAndFragmentChars = SearchValues.Create(UnreservedAndSubDelims + "/?:@");

    /// <summary>
    /// Only the characters a component may hold (<paramref name="allowed"/>), %-escapes, and for an IRI any non-ASCII
    /// character but the noncharacters; the allowed runs are skipped with one vectorized search each.
    /// </summary>
    private static bool Chars(ReadOnlySpan<char> s, bool iri, SearchValues<char> allowed)
    {
        while (true)
        {
            var i = s.IndexOfAnyExcept(allowed);
            if (i < 0) return true;
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2])) return false;
                s = s[(i + 3)..];
                continue;
            }
            if (!iri || c < '\u00A0' || c is '\uFFF0' or '\uFFF1' or >= '\uFDD0' and <= '\uFDEF' or '\uFFFE' or '\uFFFF') return false;
            s = s[(i + 1)..];
        }
    }

    /// <summary>
    /// RFC 6570 URI template: literals (what a URI may hold, %-escapes, non-ASCII) and expressions of an optional
    /// operator and comma-separated variables, each a dotted name with a prefix length (1–9999) or an explode.
    /// </summary>
    public static bool IsUriTemplate(ReadOnlySpan<char> s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '{')
            {
                var close = s[i..].IndexOf('}');
                if (close < 0 || !Expression(s.Slice(i + 1, close - 1))) return false;
                i += close;
                continue;
            }
            if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2])) return false;
                i += 2;
                continue;
            }
            if (c <= ' ' || c == '\u007F' || "\"<>\\^`{|}".Contains(c)) return false;
        }
        return true;

        static bool Expression(ReadOnlySpan<char> e)
        {
            if (e.Length > 0 && "+#./;?&".Contains(e[0])) e = e[1..];
            if (e.Length == 0) return false;
            foreach (var range in e.Split(','))
            {
                var spec = e[range];
                if (spec.Length > 0 && spec[^1] == '*') spec = spec[..^1];
                else
                {
                    var prefix = spec.IndexOf(':');
                    if (prefix >= 0)
                    {
                        var length = spec[(prefix + 1)..];
                        if (length.Length is 0 or > 4 || length[0] is < '1' or > '9' || length.IndexOfAnyExceptInRange('0', '9') >= 0) return false;
                        spec = spec[..prefix];
                    }
                }
                if (spec.Length == 0 || spec[0] == '.' || spec[^1] == '.' || spec.IndexOf("..") >= 0) return false;
                for (var i = 0; i < spec.Length; i++)
                {
                    var c = spec[i];
                    if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.') continue;
                    if (c == '%' && i + 2 < spec.Length && char.IsAsciiHexDigit(spec[i + 1]) && char.IsAsciiHexDigit(spec[i + 2])) { i += 2; continue; }
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>RFC 6901 JSON Pointer: empty, or /-separated tokens in which ~ is followed by 0 or 1.</summary>
    public static bool IsJsonPointer(ReadOnlySpan<char> s)
    {
        if (s.Length > 0 && s[0] != '/') return false;
        for (var i = 0; i < s.Length; i++)
            if (s[i] == '~' && (i + 1 >= s.Length || s[i + 1] is not ('0' or '1'))) return false;
        return true;
    }

    /// <summary>A relative JSON Pointer: a non-negative integer without leading zeros, then # or a JSON Pointer.</summary>
    public static bool IsRelativeJsonPointer(ReadOnlySpan<char> s)
    {
        var digits = s.IndexOfAnyExceptInRange('0', '9');
        if (digits < 0) digits = s.Length;
        if (digits == 0 || (digits > 1 && s[0] == '0')) return false;
        var rest = s[digits..];
        return rest is "#" || IsJsonPointer(rest);
    }

    /// <summary>
    /// An ECMA-262 regular expression: what .NET compiles, without what only .NET (or Python) knows: inline flags and
    /// comments, (?P…) groups, the \a escape; with ECMA-262's empty classes [] and [^].
    /// </summary>
    public static bool IsRegex(ReadOnlySpan<char> s)
    {
        var text = s.ToString();
        if (text.Contains("(?P", StringComparison.Ordinal) || text.Contains("(?#", StringComparison.Ordinal) || InlineFlags().IsMatch(text)) return false;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (text[i] != '\\') continue;
            if (text[i + 1] is 'a' or 'A' or 'Z' or 'z' or 'e') return false;
            i++;
        }
        try
        {
            _ = new System.Text.RegularExpressions.Regex(text.Replace("[^]", @"[\s\S]").Replace("[]", "(?!)"));
            return true;
        }
        catch (ArgumentException) { return false; }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\(\?[imsnx-]+[):]")]
    private static partial System.Text.RegularExpressions.Regex InlineFlags();

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

    /// <summary>RFC 4291 text form: eight groups of 1–4 hex digits, at most one ::, the last 32 bits optionally dotted IPv4 (no leading zeros).</summary>
    public static bool IsIPv6(ReadOnlySpan<char> s)
    {
        if (s.Length is < 2 or > 45) return false;
        var compressed = s.IndexOf("::");
        if (compressed >= 0 && s[(compressed + 1)..].IndexOf("::") >= 0) return false;
        var groups = 0;
        var rest = s;
        if (compressed >= 0)
        {
            if (!Groups(s[..compressed], ref groups, allowIPv4: false)) return false;
            rest = s[(compressed + 2)..];
            if (rest.Length > 0 && rest[0] == ':') return false;
            if (!Groups(rest, ref groups, allowIPv4: true)) return false;
            return groups <= 7;
        }
        return Groups(s, ref groups, allowIPv4: true) && groups == 8;

        static bool Groups(ReadOnlySpan<char> part, ref int groups, bool allowIPv4)
        {
            if (part.Length == 0) return true;
            while (true)
            {
                var colon = part.IndexOf(':');
                var group = colon < 0 ? part : part[..colon];
                if (colon < 0 && allowIPv4 && group.IndexOf('.') >= 0)
                {
                    if (!IsIPv4(group)) return false;
                    groups += 2;
                    return true;
                }
                if (group.Length is 0 or > 4) return false;
                foreach (var c in group) if (!char.IsAsciiHexDigit(c)) return false;
                groups++;
                if (colon < 0) return true;
                part = part[(colon + 1)..];
            }
        }
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
