using System.Text;
using System.Text.Json;

namespace Kit.Schema;

/// <summary>
/// State of one validation run, used by generated validators: the document being read, where in it we are (a stack
/// of offsets that costs nothing until a violation needs a pointer), the violations found so far, and whether a
/// failure may stop the run.
/// </summary>
public sealed class ValidationContext
{
    /// <summary>
    /// One step of the instance path: an array index (<see cref="Length"/> -1), or a member name kept as the offset
    /// and raw length of its token in the document, decoded only for a pointer. No references, so pushing one costs
    /// no GC write barrier.
    /// </summary>
    private readonly struct Segment(int value, int length)
    {
        public readonly int Value = value;
        public readonly int Length = length;
        public bool IsIndex => Length < 0;
    }

    [ThreadStatic] private static ValidationContext? s_cached;

    private bool _collectAll;
    private ReadOnlyMemory<byte> _document;
    private Segment[] _path = new Segment[8];
    private int _depth;
    private int _quiet;
    private SchemaViolation[] _violations = new SchemaViolation[8];
    private int _violationCount;
    private readonly StringBuilder _pointer = new();
    private string[] _scopes = [];
    private int _scopeDepth;

    private ValidationContext() { }

    /// <summary>A context for one run over <paramref name="document"/>, reused per thread so a run allocates nothing of its own.</summary>
    /// <param name="document">The UTF-8 JSON being validated, which member names on the instance path are read from.</param>
    /// <param name="collectAll">true to find every violation; false to stop at the first (an <c>IsValid</c> check).</param>
    public static ValidationContext Rent(bool collectAll, ReadOnlyMemory<byte> document)
    {
        var context = s_cached ?? new ValidationContext();
        s_cached = null;
        context._collectAll = collectAll;
        context._document = document;
        context._depth = 0;
        context._quiet = 0;
        context._violationCount = 0;
        context._scopeDepth = 0;
        return context;
    }

    /// <summary>Ends a run: returns its result and gives the context back for reuse.</summary>
    public ValidationResult Complete()
    {
        var result = _violationCount == 0 ? ValidationResult.Valid : new ValidationResult(_violations.AsSpan(0, _violationCount).ToArray());
        Release();
        return result;
    }

    /// <summary>Ends a run without a result (it stopped early, or the document was not JSON) and gives the context back.</summary>
    public void Release()
    {
        _violations.AsSpan(0, _violationCount).Clear();
        _violationCount = 0;
        _document = default;
        s_cached = this;
    }

    /// <summary>True when violations are being recorded; when false, a validator may return at its first failure.</summary>
    public bool Collecting => _collectAll && _quiet == 0;

    /// <summary>
    /// Entered around subschemas whose failures are not the document's (anyOf branches, not, if, contains). Returns
    /// the state to give <see cref="ExitQuiet"/>: a quiet subschema may stop at its first failure, deep inside the
    /// value, and leaving restores the instance path and scope stack it had on entry.
    /// </summary>
    public long EnterQuiet()
    {
        _quiet++;
        return ((long)_depth << 32) | (uint)_scopeDepth;
    }

    public void ExitQuiet(long entered)
    {
        _quiet--;
        _depth = (int)(entered >> 32);
        _scopeDepth = (int)entered;
    }

    /// <summary>Enters a schema resource (the dynamic scope that $dynamicRef searches); always true, for use in expressions.</summary>
    public bool PushScope(string resource)
    {
        if (_scopeDepth == _scopes.Length) Array.Resize(ref _scopes, Math.Max(8, _scopes.Length * 2));
        _scopes[_scopeDepth++] = resource;
        return true;
    }

    /// <summary>Leaves the innermost schema resource and passes a result through.</summary>
    public bool PopScope(bool result)
    {
        _scopeDepth--;
        return result;
    }

    /// <summary>
    /// For $dynamicRef: the index of the candidate resource (one defining the dynamic anchor) that appears outermost
    /// in the dynamic scope, or -1 when none does.
    /// </summary>
    public int FindOutermostScope(params ReadOnlySpan<string> candidates)
    {
        for (var i = 0; i < _scopeDepth; i++)
            for (var j = 0; j < candidates.Length; j++)
                if (string.Equals(_scopes[i], candidates[j], StringComparison.Ordinal)) return j;
        return -1;
    }

    /// <summary>Enters the member whose name the reader is on.</summary>
    public void Push(ref Utf8JsonReader name) => PushSegment(new Segment((int)name.TokenStartIndex, name.ValueSpan.Length));

    /// <summary>Enters an array item.</summary>
    public void Push(int index) => PushSegment(new Segment(index, -1));

    public void Pop() => _depth--;

    private void PushSegment(Segment segment)
    {
        if (_depth == _path.Length) Array.Resize(ref _path, _path.Length * 2);
        _path[_depth++] = segment;
    }

    /// <summary>A reader on the member name the given reader is on, read as a string value (for propertyNames).</summary>
    public Utf8JsonReader NameAsValue(ref Utf8JsonReader name)
    {
        var reader = new Utf8JsonReader(_document.Span.Slice((int)name.TokenStartIndex, name.ValueSpan.Length + 2));
        reader.Read();
        return reader;
    }

    /// <summary>Records a violation at the current location when collecting; always returns false.</summary>
    public bool Report(ViolationSite site) => Record(null, site, SchemaViolation.MessageForm.Text, null, 0);

    /// <summary>Records a violation whose message is the site's words around <paramref name="value"/>, composed when read.</summary>
    public bool Report(ViolationSite site, string value) => Record(null, site, SchemaViolation.MessageForm.Value, value, 0);

    /// <summary>Records a violation whose message is the site's words around <paramref name="number"/>, composed when read.</summary>
    public bool Report(ViolationSite site, long number) => Record(null, site, SchemaViolation.MessageForm.Number, null, number);

    /// <summary>Records that the member entered last is not allowed; the message names the closest allowed name when read.</summary>
    public bool ReportNotAllowed(ViolationSite site) => Record(null, site, SchemaViolation.MessageForm.NotAllowed, null, 0);

    /// <summary>Records a violation at a child of the current location (a missing required property).</summary>
    public bool ReportChild(string child, ViolationSite site) => Record(child, site, SchemaViolation.MessageForm.Text, null, 0);

    private bool Record(string? child, ViolationSite site, SchemaViolation.MessageForm form, string? value, long number)
    {
        if (Collecting) Add(new SchemaViolation(CurrentPointer(child), site, form, value, number));
        return false;
    }

    /// <summary>The schema <c>false</c> met a value: skips it and reports it.</summary>
    public bool Reject(ref Utf8JsonReader value, ViolationSite site)
    {
        value.Skip();
        return Report(site);
    }

    /// <summary>Violations gather in a buffer the context keeps; the result gets an array of exactly their number.</summary>
    private void Add(SchemaViolation violation)
    {
        if (_violationCount == _violations.Length) Array.Resize(ref _violations, _violations.Length * 2);
        _violations[_violationCount++] = violation;
    }

    private string CurrentPointer(string? child)
    {
        if (_depth == 0 && child is null) return "";
        // Usual case: every name is printable ASCII with nothing to escape, so the pointer is written in one go.
        var length = child is null ? 0 : -1;
        var document = _document.Span;
        for (var i = 0; i < _depth && length >= 0; i++)
        {
            var s = _path[i];
            if (s.IsIndex) length += 1 + DigitCount(s.Value);
            else if (document.Slice(s.Value + 1, s.Length).IndexOfAnyExcept(PlainNameBytes) < 0) length += 1 + s.Length;
            else length = -1;
        }
        if (length >= 0) return string.Create(length, this, static (chars, context) => context.WritePointer(chars));

        var sb = _pointer.Clear();
        for (var i = 0; i < _depth; i++)
        {
            var s = _path[i];
            sb.Append('/');
            if (s.IsIndex) sb.Append(s.Value);
            else AppendName(sb, s.Value, s.Length);
        }
        if (child is not null) AppendEscaped(sb.Append('/'), child);
        return sb.ToString();
    }

    /// <summary>Printable ASCII except the characters a pointer escapes (~ /) and JSON escapes start with (\).</summary>
    private static readonly System.Buffers.SearchValues<byte> PlainNameBytes = System.Buffers.SearchValues.Create(
        " !\"#$%&'()*+,-.0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}"u8);

    private void WritePointer(Span<char> chars)
    {
        var document = _document.Span;
        var at = 0;
        for (var i = 0; i < _depth; i++)
        {
            var s = _path[i];
            chars[at++] = '/';
            if (s.IsIndex)
            {
                s.Value.TryFormat(chars[at..], out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
                at += written;
            }
            else
            {
                System.Text.Ascii.ToUtf16(document.Slice(s.Value + 1, s.Length), chars[at..], out var written);
                at += written;
            }
        }
    }

    private static int DigitCount(int value) => value < 10 ? 1 : value < 100 ? 2 : value.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;

    private string NameAt(int start, int rawLength)
    {
        var reader = new Utf8JsonReader(_document.Span.Slice(start, rawLength + 2));
        reader.Read();
        return JsonValues.GetString(ref reader);
    }

    /// <summary>Appends a member name from the document, decoding it straight into the pointer when it has no escapes.</summary>
    private void AppendName(StringBuilder sb, int start, int rawLength)
    {
        var raw = _document.Span.Slice(start + 1, rawLength);
        if (rawLength > 128 || raw.IndexOf((byte)'\\') >= 0)
        {
            AppendEscaped(sb, NameAt(start, rawLength));
            return;
        }
        Span<char> chars = stackalloc char[128];
        AppendEscaped(sb, chars[..Encoding.UTF8.GetChars(raw, chars)]);
    }

    private static void AppendEscaped(StringBuilder sb, ReadOnlySpan<char> token)
    {
        if (token.IndexOfAny('~', '/') < 0)
        {
            sb.Append(token);
            return;
        }
        foreach (var ch in token)
        {
            if (ch == '~') sb.Append("~0");
            else if (ch == '/') sb.Append("~1");
            else sb.Append(ch);
        }
    }
}
