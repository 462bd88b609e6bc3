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

    public static int CompareNumbers(JsonElement a, JsonElement b)
    {
        if (a.TryGetDecimal(out var da) && b.TryGetDecimal(out var db)) return da.CompareTo(db);
        return a.GetDouble().CompareTo(b.GetDouble());
    }

    public static int Compare(JsonElement number, decimal limit, double limitAsDouble) =>
        number.TryGetDecimal(out var d) ? d.CompareTo(limit) : number.GetDouble().CompareTo(limitAsDouble);

    public static int Compare(JsonElement number, double limit) => number.GetDouble().CompareTo(limit);

    public static bool IsMultipleOf(JsonElement number, double divisor)
    {
        var q = number.GetDouble() / divisor;
        return !double.IsInfinity(q) && !double.IsNaN(q) && Math.Abs(q - Math.Round(q)) < 1e-9;
    }

    /// <summary>The message for a property that a closed object does not allow, with the likely intended name.</summary>
    public static string NotAllowedMessage(string name, string[] known)
    {
        var message = $"property '{name}' is not allowed here";
        var closest = ClosestName(name, known);
        if (closest is not null) return message + $"; did you mean '{closest}'?";
        return known.Length is > 0 and <= 12 ? message + $"; allowed: {string.Join(", ", known)}" : message;
    }

    public static bool IsInteger(JsonElement number)
    {
        if (number.TryGetInt64(out _)) return true;
        if (number.TryGetDecimal(out var d)) return d == decimal.Truncate(d);
        var x = number.GetDouble();
        return !double.IsInfinity(x) && Math.Floor(x) == x;
    }

    public static bool IsMultipleOf(JsonElement number, decimal divisor, double divisorAsDouble)
    {
        if (number.TryGetDecimal(out var d))
        {
            try { return d % divisor == 0m; }
            catch (OverflowException) { }
        }
        var q = number.GetDouble() / divisorAsDouble;
        return !double.IsInfinity(q) && !double.IsNaN(q) && Math.Abs(q - Math.Round(q)) < 1e-9;
    }

    /// <summary>Length of a JSON string in Unicode code points (what minLength and maxLength count).</summary>
    public static int CodePointLength(JsonElement s)
    {
        var raw = JsonMarshal.GetRawUtf8Value(s);
        if (raw.IndexOf((byte)'\\') < 0)
        {
            var n = 0;
            foreach (var b in raw) if ((b & 0xC0) != 0x80) n++;
            return n - 2; // the quotes
        }
        var text = GetString(s);
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            count++;
        }
        return count;
    }

    /// <summary>minLength: fewer than <paramref name="limit"/> code points. Decided from the byte length when it can be.</summary>
    public static bool IsShorterThan(JsonElement s, int limit)
    {
        var raw = JsonMarshal.GetRawUtf8Value(s);
        if ((raw.Length - 2) / 4 >= limit && raw.IndexOf((byte)'\\') < 0) return false; // at most 4 bytes per code point
        return CodePointLength(s) < limit;
    }

    /// <summary>maxLength: more than <paramref name="limit"/> code points. Decided from the byte length when it can be.</summary>
    public static bool IsLongerThan(JsonElement s, int limit)
    {
        if (JsonMarshal.GetRawUtf8Value(s).Length - 2 <= limit) return false; // never more code points than bytes
        return CodePointLength(s) > limit;
    }

    /// <summary>Runs a check on the string's characters without allocating a string for short unescaped values.</summary>
    public static bool MatchString(JsonElement s, System.Text.RegularExpressions.Regex regex)
    {
        var raw = JsonMarshal.GetRawUtf8Value(s);
        if (raw.Length <= 258 && raw.IndexOf((byte)'\\') < 0)
        {
            Span<char> buffer = stackalloc char[256];
            var n = Encoding.UTF8.GetChars(raw[1..^1], buffer);
            return regex.IsMatch(buffer[..n]);
        }
        return regex.IsMatch(GetString(s));
    }

    /// <summary>Parses a JSON literal embedded in generated code (enum and const values).</summary>
    public static JsonElement Literal(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    /// <summary>True when every item of the array differs from every other (uniqueItems).</summary>
    public static bool AllDistinct(JsonElement array)
    {
        var n = array.GetArrayLength();
        if (n < 2) return true;
        var items = ArrayPool<JsonElement>.Shared.Rent(n);
        try
        {
            var i = 0;
            foreach (var item in array.EnumerateArray()) items[i++] = item;
            for (var x = 0; x < n; x++)
                for (var y = x + 1; y < n; y++)
                    if (DeepEquals(items[x], items[y])) return false;
            return true;
        }
        finally { ArrayPool<JsonElement>.Shared.Return(items, clearArray: true); }
    }

    /// <summary>A JSON string element holding <paramref name="name"/>, for propertyNames.</summary>
    public static JsonElement NameAsElement(string name) => JsonSerializer.SerializeToElement(name);

    /// <summary>Suggests the known name closest to a misspelled one (at most two edits apart), or null.</summary>
    public static string? ClosestName(string name, ReadOnlySpan<string> known)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in known)
        {
            var d = EditDistance(name, candidate);
            if (d < bestDistance) { best = candidate; bestDistance = d; }
        }
        return best;
    }

    private static int EditDistance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2) return int.MaxValue;
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1),
                    prev[j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    /// <summary>
    /// The string's text. Unlike <see cref="JsonElement.GetString"/> it accepts escapes JSON allows but UTF-16 cannot
    /// pair (a lone \ud800), keeping the lone surrogate, so validation never throws on them.
    /// </summary>
    public static string GetString(JsonElement s)
    {
        try { return s.GetString()!; }
        catch (InvalidOperationException) { return Unescape(JsonMarshal.GetRawUtf8Value(s)[1..^1]); }
    }

    /// <summary>A property's name, with the same leniency as <see cref="GetString(JsonElement)"/>.</summary>
    public static string NameOf(JsonProperty p)
    {
        try { return p.Name; }
        catch (InvalidOperationException) { return Unescape(JsonMarshal.GetRawUtf8PropertyName(p)); }
    }

    /// <summary>NameEquals that answers false, instead of throwing, for a name with an unpaired surrogate escape.</summary>
    public static bool NameIs(JsonProperty p, ReadOnlySpan<byte> utf8Name)
    {
        try { return p.NameEquals(utf8Name); }
        catch (InvalidOperationException) { return NameOf(p) == Encoding.UTF8.GetString(utf8Name); }
    }

    public static bool NameIs(JsonProperty p, string name)
    {
        try { return p.NameEquals(name); }
        catch (InvalidOperationException) { return NameOf(p) == name; }
    }

    /// <summary>ValueEquals with the same leniency.</summary>
    public static bool ValueIs(JsonElement e, ReadOnlySpan<byte> utf8Value)
    {
        try { return e.ValueEquals(utf8Value); }
        catch (InvalidOperationException) { return GetString(e) == Encoding.UTF8.GetString(utf8Value); }
    }

    public static bool ValueIs(JsonElement e, string value)
    {
        try { return e.ValueEquals(value); }
        catch (InvalidOperationException) { return GetString(e) == value; }
    }

    /// <summary>TryGetProperty with the same leniency (an object may hold a name with an unpaired surrogate escape).</summary>
    public static bool TryGetProperty(JsonElement e, ReadOnlySpan<byte> utf8Name, out JsonElement value)
    {
        try { return e.TryGetProperty(utf8Name, out value); }
        catch (InvalidOperationException) { return TryGetPropertySlow(e, Encoding.UTF8.GetString(utf8Name), out value); }
    }

    public static bool TryGetProperty(JsonElement e, string name, out JsonElement value)
    {
        try { return e.TryGetProperty(name, out value); }
        catch (InvalidOperationException) { return TryGetPropertySlow(e, name, out value); }
    }

    private static bool TryGetPropertySlow(JsonElement e, string name, out JsonElement value)
    {
        value = default;
        var found = false;
        foreach (var p in e.EnumerateObject())
            if (NameOf(p) == name) { value = p.Value; found = true; } // the last duplicate wins, as in TryGetProperty
        return found;
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

    /// <summary>Short description of a value for messages: its kind, or the text of short scalars.</summary>
    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetRawText() is { Length: <= 40 } t ? t : "a string",
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    public static string KindName(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => IsInteger(e) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "array",
        _ => "object",
    };
}
