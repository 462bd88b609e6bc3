using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kit.Schema;

/// <summary>
/// A <c>pattern</c> or <c>patternProperties</c> regular expression. Contract patterns are mostly runs of ASCII
/// character classes (<c>^[A-Z]{3}$</c>, <c>^[1-9][0-9]*$</c>); those are matched on the UTF-8 bytes directly, in
/// time linear in the input whatever the pattern, and every other pattern goes to <see cref="Regex"/>.
/// </summary>
public sealed class SchemaPattern
{
    /// <summary>What <c>$</c> is rewritten to by the generator: "nothing follows", as in ECMA-262.</summary>
    private const string EndOfInput = @"(?![\s\S])";

    /// <summary>Longest input matched on bytes (the positions live on the stack); longer ones go to the Regex.</summary>
    private const int MaxByteInput = 256;

    /// <summary>One class with a repeat count: chars 0–63 in <see cref="Low"/>, 64–127 in <see cref="High"/>.</summary>
    private readonly record struct Step(ulong Low, ulong High, int Min, int Max)
    {
        public bool Has(byte b) => b < 64 ? (Low >> b & 1) != 0 : b < 128 && (High >> (b - 64) & 1) != 0;
    }

    private readonly Regex _regex;
    private readonly Step[]? _steps;
    private readonly bool _anchoredStart;
    private readonly bool _anchoredEnd;
    private readonly bool _greedy;

    /// <param name="pattern">The pattern in .NET syntax, as the generator translated it.</param>
    /// <param name="ecmaScript">True when it is read with <see cref="RegexOptions.ECMAScript"/> (ASCII \d and \w).</param>
    public SchemaPattern(string pattern, bool ecmaScript)
    {
        _regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled | (ecmaScript ? RegexOptions.ECMAScript : RegexOptions.None));
        if (ecmaScript) _steps = Compile(pattern, out _anchoredStart, out _anchoredEnd);
        _greedy = _steps is not null && _anchoredStart && IsGreedyExact(_steps);
    }

    /// <summary>
    /// True when taking as many bytes as each step allows is the only way to match: every step either has a fixed
    /// count, or is last, or is followed by a required step whose class it does not share (where it must stop).
    /// </summary>
    private static bool IsGreedyExact(Step[] steps)
    {
        for (var i = 0; i + 1 < steps.Length; i++)
        {
            var (step, next) = (steps[i], steps[i + 1]);
            if (step.Min != step.Max && (next.Min == 0 || (step.Low & next.Low) != 0 || (step.High & next.High) != 0)) return false;
        }
        return true;
    }

    private bool MatchGreedy(ReadOnlySpan<byte> s)
    {
        var pos = 0;
        foreach (var step in _steps!)
        {
            var count = 0;
            while (count < step.Max && pos < s.Length && step.Has(s[pos])) { pos++; count++; }
            if (count < step.Min) return false;
        }
        return !_anchoredEnd || pos == s.Length;
    }

    /// <summary>True when the pattern is matched on bytes (for tests and diagnostics).</summary>
    public bool IsAsciiProgram => _steps is not null;

    /// <summary>True when the pattern is matched on bytes in one greedy pass, without the position sets.</summary>
    public bool IsGreedy => _greedy;

    public bool IsMatch(string value) => _regex.IsMatch(value);

    /// <summary>Matches the string or member name the reader is on (a search, as ECMA-262's test: unanchored unless ^ or $ say so).</summary>
    public bool IsMatch(ref Utf8JsonReader s)
    {
        var raw = s.ValueSpan;
        if (!s.ValueIsEscaped)
        {
            if (_greedy) return MatchGreedy(raw);
            if (_steps is not null && raw.Length <= MaxByteInput) return MatchBytes(raw);
            if (raw.Length <= MaxByteInput)
            {
                Span<char> buffer = stackalloc char[MaxByteInput];
                var n = Encoding.UTF8.GetChars(raw, buffer);
                return _regex.IsMatch(buffer[..n]);
            }
        }
        return _regex.IsMatch(JsonValues.GetString(ref s));
    }

    /// <summary>
    /// The set of positions reachable after each step, advanced one step at a time; a step from position p reaches
    /// p+Min up to p+Min(Max, run of class bytes at p), marked as intervals. Bytes of multi-byte characters belong
    /// to no class, so byte positions behave as character positions would.
    /// </summary>
    private bool MatchBytes(ReadOnlySpan<byte> s)
    {
        var n = s.Length;
        Span<bool> reach = stackalloc bool[n + 1];
        Span<int> marks = stackalloc int[n + 2];
        reach.Fill(!_anchoredStart);
        reach[0] = true;
        foreach (var step in _steps!)
        {
            marks.Clear();
            var any = false;
            var run = 0;
            for (var p = n; p >= 0; p--)
            {
                if (p < n) run = step.Has(s[p]) ? run + 1 : 0;
                if (!reach[p]) continue;
                var lo = p + step.Min;
                var hi = p + Math.Min(step.Max, run);
                if (lo > hi) continue;
                marks[lo]++;
                marks[hi + 1]--;
                any = true;
            }
            if (!any) return false;
            var open = 0;
            for (var q = 0; q <= n; q++)
            {
                open += marks[q];
                reach[q] = open > 0;
            }
        }
        return _anchoredEnd ? reach[n] : reach.Contains(true);
    }

    /// <summary>
    /// Reads a pattern of ASCII literals, escapes (\d, \w, escaped punctuation) and non-negated ASCII classes, each
    /// with an optional greedy quantifier, between optional anchors; null for anything else (groups, alternation,
    /// dot, negated classes, non-ASCII, lazy quantifiers), which the Regex handles.
    /// </summary>
    private static Step[]? Compile(string pattern, out bool anchoredStart, out bool anchoredEnd)
    {
        anchoredStart = pattern.StartsWith('^');
        anchoredEnd = pattern.EndsWith(EndOfInput, StringComparison.Ordinal);
        var end = anchoredEnd ? pattern.Length - EndOfInput.Length : pattern.Length;
        var steps = new List<Step>();
        var i = anchoredStart ? 1 : 0;
        while (i < end)
        {
            ulong low = 0, high = 0;
            var c = pattern[i++];
            if (c == '[')
            {
                if (i < end && pattern[i] == '^') return null;
                var closed = false;
                while (i < end)
                {
                    var first = pattern[i++];
                    if (first == ']') { closed = true; break; }
                    int from;
                    if (first == '\\')
                    {
                        if (i >= end) return null;
                        var e = pattern[i++];
                        if (ClassEscape(e, ref low, ref high)) continue;
                        if (!IsPunctuation(e)) return null;
                        from = e;
                    }
                    else from = first;
                    var to = from;
                    if (i + 1 < end && pattern[i] == '-' && pattern[i + 1] != ']')
                    {
                        to = pattern[i + 1];
                        if (to == '\\' || to == '[') return null;
                        i += 2;
                    }
                    if (from > 127 || to > 127 || to < from) return null;
                    for (var ch = from; ch <= to; ch++) Add(ch, ref low, ref high);
                }
                if (!closed || (low == 0 && high == 0)) return null;
            }
            else if (c == '\\')
            {
                if (i >= end) return null;
                var e = pattern[i++];
                if (!ClassEscape(e, ref low, ref high))
                {
                    if (!IsPunctuation(e)) return null;
                    Add(e, ref low, ref high);
                }
            }
            else if (c > 127 || "()|.$^*+?{}]".IndexOf(c) >= 0) return null;
            else Add(c, ref low, ref high);

            int min = 1, max = 1;
            if (i < end)
            {
                switch (pattern[i])
                {
                    case '*': min = 0; max = int.MaxValue; i++; break;
                    case '+': max = int.MaxValue; i++; break;
                    case '?': min = 0; i++; break;
                    case '{':
                        var close = pattern.IndexOf('}', i);
                        if (close < 0 || close >= end) return null;
                        var body = pattern.Substring(i + 1, close - i - 1);
                        var comma = body.IndexOf(',');
                        // Anything but {n}, {n,} or {n,m} in digits is literal text to Regex: leave it to Regex.
                        if (!Count(comma < 0 ? body : body[..comma], out min)) return null;
                        if (comma < 0) max = min;
                        else if (comma == body.Length - 1) max = int.MaxValue;
                        else if (!Count(body[(comma + 1)..], out max) || max < min) return null;
                        i = close + 1;
                        break;
                }
                if (i < end && (pattern[i] == '?' || pattern[i] == '*' || pattern[i] == '+' || pattern[i] == '{')) return null;
            }
            steps.Add(new Step(low, high, min, max));
        }
        return steps.ToArray();
    }

    private static bool Count(string digits, out int value)
    {
        value = 0;
        return digits.Length is > 0 and <= 6 && digits.All(char.IsAsciiDigit)
            && int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    private static bool ClassEscape(char e, ref ulong low, ref ulong high)
    {
        switch (e)
        {
            case 'd':
                for (var ch = '0'; ch <= '9'; ch++) Add(ch, ref low, ref high);
                return true;
            case 'w':
                for (var ch = '0'; ch <= '9'; ch++) Add(ch, ref low, ref high);
                for (var ch = 'a'; ch <= 'z'; ch++) Add(ch, ref low, ref high);
                for (var ch = 'A'; ch <= 'Z'; ch++) Add(ch, ref low, ref high);
                Add('_', ref low, ref high);
                return true;
            default:
                return false;
        }
    }

    private static bool IsPunctuation(char c) => c < 128 && !char.IsLetterOrDigit(c) && !char.IsWhiteSpace(c) && !char.IsControl(c);

    private static void Add(int ch, ref ulong low, ref ulong high)
    {
        if (ch < 64) low |= 1UL << ch;
        else high |= 1UL << (ch - 64);
    }
}
