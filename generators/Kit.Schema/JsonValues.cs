using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Kit.Schema;

/// <summary>JSON value operations that JSON Schema defines: equality, numbers, string lengths in code points.</summary>
public static class JsonValues
{
    /// <summary>JSON Schema equality: numbers by value (1 equals 1.0), objects regardless of member order.</summary>
    public static bool DeepEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
            return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.Number:
                return CompareNumbers(a, b) == 0;
            case JsonValueKind.String:
                var rawA = JsonMarshal.GetRawUtf8Value(a);
                var rawB = JsonMarshal.GetRawUtf8Value(b);
                if (rawA.IndexOf((byte)'\\') < 0 && rawB.IndexOf((byte)'\\') < 0) return rawA.SequenceEqual(rawB);
                return string.Equals(GetString(a), GetString(b), StringComparison.Ordinal);
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength()) return false;
                using (var ea = a.EnumerateArray().GetEnumerator())
                using (var eb = b.EnumerateArray().GetEnumerator())
                    while (ea.MoveNext() && eb.MoveNext())
                        if (!DeepEquals(ea.Current, eb.Current)) return false;
                return true;
            case JsonValueKind.Object:
                var count = 0;
                foreach (var p in a.EnumerateObject())
                {
                    count++;
                    if (!b.TryGetProperty(p.Name, out var other) || !DeepEquals(p.Value, other)) return false;
                }
                foreach (var _ in b.EnumerateObject()) count--;
                return count == 0;
            default:
                return true; // true, false, null
        }
    }


    private static int CompareNumbers(JsonElement a, JsonElement b)
    {
        if (a.TryGetDecimal(out var da) && b.TryGetDecimal(out var db)) return da.CompareTo(db);
        return a.GetDouble().CompareTo(b.GetDouble());
    }

    /// <summary>Compares the number the reader is on with a schema limit, exactly when both fit a decimal.</summary>
    public static int Compare(ref Utf8JsonReader number, decimal limit, double limitAsDouble) =>
        number.TryGetDecimal(out var d) ? d.CompareTo(limit) : number.GetDouble().CompareTo(limitAsDouble);

    public static int Compare(ref Utf8JsonReader number, double limit) => number.GetDouble().CompareTo(limit);

    public static bool IsMultipleOf(ref Utf8JsonReader number, double divisor)
    {
        var x = number.GetDouble();
        var q = x / divisor;
        // The quotient overflows (1e308 / 0.5): an integer is still a multiple of any divisor 1/k with k whole.
        if (double.IsInfinity(q) && double.IsFinite(x))
        {
            var k = 1 / divisor;
            return Math.Floor(x) == x && Math.Abs(k - Math.Round(k)) < 1e-9;
        }
        return !double.IsInfinity(q) && !double.IsNaN(q) && Math.Abs(q - Math.Round(q)) < 1e-9;
    }

    public static bool IsMultipleOf(ref Utf8JsonReader number, decimal divisor, double divisorAsDouble)
    {
        if (number.TryGetDecimal(out var d))
        {
            try { return d % divisor == 0m; }
            catch (OverflowException) { }
        }
        return IsMultipleOf(ref number, divisorAsDouble);
    }

    /// <summary>JSON Schema's integer: a number with no fractional part, however it is written (1.0 is one).</summary>
    public static bool IsInteger(ref Utf8JsonReader number)
    {
        if (number.ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0) return true;
        if (number.TryGetDecimal(out var d)) return d == decimal.Truncate(d);
        var x = number.GetDouble();
        return !double.IsInfinity(x) && Math.Floor(x) == x;
    }

    /// <summary>The message for a property that a closed object does not allow, with the likely intended name.</summary>
    internal static string NotAllowedMessage(string name, string[] known)
    {
        var closest = ClosestName(name, known);
        if (closest is not null) return $"property '{name}' is not allowed here; did you mean '{closest}'?";
        return known.Length is > 0 and <= 12
            ? $"property '{name}' is not allowed here; allowed: {string.Join(", ", known)}"
            : $"property '{name}' is not allowed here";
    }

    /// <summary>Length in Unicode code points (what minLength and maxLength count) of the string the reader is on.</summary>
    public static int CodePointLength(ref Utf8JsonReader s)
    {
        if (!s.ValueIsEscaped)
        {
            var raw = s.ValueSpan;
            if (Ascii.IsValid(raw)) return raw.Length;
            var n = 0;
            foreach (var b in raw) if ((b & 0xC0) != 0x80) n++;
            return n;
        }
        var text = GetString(ref s);
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            count++;
        }
        return count;
    }

    /// <summary>minLength: fewer than <paramref name="limit"/> code points. Decided from the byte length when it can be.</summary>
    public static bool IsShorterThan(ref Utf8JsonReader s, int limit)
    {
        var raw = s.ValueSpan;
        if (raw.Length < limit) return true; // never more code points than bytes, escaped or not
        if (!s.ValueIsEscaped)
        {
            if (raw.Length / 4 >= limit) return false; // at most 4 bytes per code point
            // Short codes (a currency, a country) are usually ASCII: limit ASCII bytes are limit code points.
            var ascii = true;
            for (var i = 0; i < limit && ascii; i++) ascii = raw[i] < 0x80;
            if (ascii) return false;
        }
        return CodePointLength(ref s) < limit;
    }

    /// <summary>maxLength: more than <paramref name="limit"/> code points. Decided from the byte length when it can be.</summary>
    public static bool IsLongerThan(ref Utf8JsonReader s, int limit)
    {
        if (s.ValueSpan.Length <= limit) return false; // never more code points than bytes, escaped or not
        return CodePointLength(ref s) > limit;
    }

    /// <summary>True when the string (or member name) the reader is on equals a UTF-8 literal.</summary>
    public static bool ValueIs(ref Utf8JsonReader s, ReadOnlySpan<byte> utf8Value)
    {
        if (!s.ValueIsEscaped) return s.ValueSpan.SequenceEqual(utf8Value);
        try { return s.ValueTextEquals(utf8Value); }
        catch (InvalidOperationException) { return false; } // an unpaired surrogate escape never equals valid UTF-8
    }

    /// <summary>For literals that UTF-8 cannot hold (an unpaired surrogate).</summary>
    public static bool ValueIs(ref Utf8JsonReader s, string value) => GetString(ref s) == value;

    /// <summary>JSON Schema equality of the value the reader is on with a literal (const, enum); the reader does not move.</summary>
    public static bool EqualsLiteral(ref Utf8JsonReader value, JsonElement literal)
    {
        switch (value.TokenType)
        {
            case JsonTokenType.String:
                return literal.ValueKind == JsonValueKind.String && GetString(ref value) == GetString(literal);
            case JsonTokenType.Number:
                if (literal.ValueKind != JsonValueKind.Number) return false;
                if (value.TryGetDecimal(out var d) && literal.TryGetDecimal(out var l)) return d == l;
                return value.GetDouble() == literal.GetDouble();
            case JsonTokenType.True: return literal.ValueKind == JsonValueKind.True;
            case JsonTokenType.False: return literal.ValueKind == JsonValueKind.False;
            case JsonTokenType.Null: return literal.ValueKind == JsonValueKind.Null;
            default:
                if (literal.ValueKind != (value.TokenType == JsonTokenType.StartObject ? JsonValueKind.Object : JsonValueKind.Array)) return false;
                var copy = value;
                using (var doc = JsonDocument.ParseValue(ref copy)) return DeepEquals(doc.RootElement, literal);
        }
    }

    /// <summary>Parses a JSON literal embedded in generated code (enum and const values).</summary>
    public static JsonElement Literal(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    /// <summary>True when every item of the array the reader is on (a copy: it is read again) differs from every other (uniqueItems).</summary>
    public static bool AllDistinct(Utf8JsonReader array)
    {
        using var doc = JsonDocument.ParseValue(ref array);
        var n = doc.RootElement.GetArrayLength();
        if (n < 2) return true;
        var items = ArrayPool<JsonElement>.Shared.Rent(n);
        try
        {
            var i = 0;
            foreach (var item in doc.RootElement.EnumerateArray()) items[i++] = item;
            for (var x = 0; x < n; x++)
                for (var y = x + 1; y < n; y++)
                    if (DeepEquals(items[x], items[y])) return false;
            return true;
        }
        finally { ArrayPool<JsonElement>.Shared.Return(items, clearArray: true); }
    }

    /// <summary>True when the object the reader is on (a copy: it is read again) has a member with this name (dependentSchemas).</summary>
    public static bool HasProperty(Utf8JsonReader obj, string name)
    {
        while (obj.Read() && obj.TokenType == JsonTokenType.PropertyName)
        {
            if (GetString(ref obj) == name) return true;
            obj.Read();
            obj.Skip();
        }
        return false;
    }

    /// <summary>Moves past the value the reader is on (a subschema that is <c>true</c>); always true.</summary>
    public static bool Skip(ref Utf8JsonReader value)
    {
        value.Skip();
        return true;
    }

    /// <summary>Suggests the known name closest to a misspelled one (at most two edits apart), or null.</summary>
    public static string? ClosestName(string name, ReadOnlySpan<string> known)
    {
        string? best = null;
        var bestDistance = MaxSuggestionDistance + 1;
        foreach (var candidate in known)
        {
            var d = EditDistance(name, candidate);
            if (d < bestDistance) { best = candidate; bestDistance = d; }
        }
        return best;
    }

    /// <summary>
    /// Case-insensitive Levenshtein distance when it is at most <see cref="MaxSuggestionDistance"/>, else more: only
    /// the diagonal band that can stay within it is computed, and a row that leaves it ends the search.
    /// </summary>
    private static int EditDistance(string a, string b)
    {
        const int Far = MaxSuggestionDistance + 1;
        if (Math.Abs(a.Length - b.Length) > MaxSuggestionDistance) return Far;
        // Only the differing middle needs the table: names that share a prefix (paymentMethod...) mostly do.
        var start = 0;
        while (start < a.Length && start < b.Length && Fold(a[start]) == Fold(b[start])) start++;
        var endA = a.Length;
        var endB = b.Length;
        while (endA > start && endB > start && Fold(a[endA - 1]) == Fold(b[endB - 1])) { endA--; endB--; }
        return BandedDistance(a.AsSpan(start, endA - start), b.AsSpan(start, endB - start));
    }

    private static int BandedDistance(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        const int Far = MaxSuggestionDistance + 1;
        Span<int> prev = stackalloc int[b.Length + 2];
        Span<int> cur = stackalloc int[b.Length + 2];
        for (var j = 0; j <= b.Length; j++) prev[j] = Math.Min(j, Far);
        prev[b.Length + 1] = Far;
        for (var i = 1; i <= a.Length; i++)
        {
            var lo = Math.Max(1, i - MaxSuggestionDistance);
            var hi = Math.Min(b.Length, i + MaxSuggestionDistance);
            cur[lo - 1] = lo == 1 ? Math.Min(i, Far) : Far;
            var rowMin = cur[lo - 1];
            var ca = Fold(a[i - 1]);
            for (var j = lo; j <= hi; j++)
            {
                var d = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (ca == Fold(b[j - 1]) ? 0 : 1));
                cur[j] = Math.Min(d, Far);
                rowMin = Math.Min(rowMin, cur[j]);
            }
            cur[hi + 1] = Far;
            if (rowMin >= Far) return Far;
            var swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.Length];
    }

    private const int MaxSuggestionDistance = 2;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static char Fold(char c) => c < 128 ? (char)(c is >= 'A' and <= 'Z' ? c | 0x20 : c) : char.ToLowerInvariant(c);

    /// <summary>
    /// The string's text. Unlike <see cref="JsonElement.GetString"/> it accepts escapes JSON allows but UTF-16 cannot
    /// pair (a lone \ud800), keeping the lone surrogate, so validation never throws on them.
    /// </summary>

    /// <summary>
    /// The string's text. Unlike <see cref="JsonElement.GetString"/> it accepts escapes JSON allows but UTF-16 cannot
    /// pair (a lone \ud800), keeping the lone surrogate, so validation never throws on them.
    /// </summary>
    public static string GetString(JsonElement s)
    {
        try { return s.GetString()!; }
        catch (InvalidOperationException) { return Unescape(JsonMarshal.GetRawUtf8Value(s)[1..^1]); }
    }


    /// <summary>Reads a string token for a generated converter; an unpaired surrogate is a JsonException, not a crash.</summary>
    public static string ReadString(ref Utf8JsonReader reader)
    {
        try { return reader.GetString()!; }
        catch (InvalidOperationException e) { throw new JsonException($"invalid string: {e.Message}", e); }
    }

    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length) { sb.Append(text[i]); continue; }
            var c = text[++i];
            switch (c)
            {
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u' when i + 4 < text.Length:
                    sb.Append((char)Convert.ToInt32(text.Substring(i + 1, 4), 16));
                    i += 4;
                    break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The text of the string or member name the reader is on, with the same leniency as <see cref="GetString(JsonElement)"/>.
    /// </summary>
    public static string GetString(ref Utf8JsonReader s)
    {
        try { return s.GetString()!; }
        catch (InvalidOperationException) { return Unescape(s.ValueSpan); }
    }

    /// <summary>Short description of a value for messages: its kind, or the text of short scalars.</summary>
    public static string Describe(ref Utf8JsonReader value) => value.TokenType switch
    {
        JsonTokenType.String => value.ValueSpan.Length <= 38 ? Quoted(value.ValueSpan) : "a string",
        JsonTokenType.Number => Encoding.UTF8.GetString(value.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        _ => "an object",
    };

    /// <summary>The raw JSON text of a string between quotes, in one allocation.</summary>
    private static string Quoted(ReadOnlySpan<byte> raw)
    {
        Span<char> chars = stackalloc char[40];
        var n = Encoding.UTF8.GetChars(raw, chars[1..]);
        chars[0] = '"';
        chars[n + 1] = '"';
        return new string(chars[..(n + 2)]);
    }

    /// <summary>The JSON text of the number the reader is on, for messages.</summary>
    public static string NumberText(ref Utf8JsonReader number) => Encoding.UTF8.GetString(number.ValueSpan);

    public static string KindName(ref Utf8JsonReader value) => value.TokenType switch
    {
        JsonTokenType.String => "string",
        JsonTokenType.Number => IsInteger(ref value) ? "integer" : "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "array",
        _ => "object",
    };
}
