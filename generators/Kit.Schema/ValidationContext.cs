using System.Text;
using System.Text.Json;

namespace Kit.Schema;

/// <summary>
/// State of one validation run, used by generated validators: where in the document we are (a stack that costs
/// nothing until a violation needs a pointer), the violations found so far, and whether a failure may stop the run.
/// </summary>
public sealed class ValidationContext
{
    private enum SegmentKind : byte { Property, Name, Index }

    private readonly struct Segment(SegmentKind kind, JsonProperty property, string? name, int index)
    {
        public readonly SegmentKind Kind = kind;
        public readonly JsonProperty Property = property;
        public readonly string? Name = name;
        public readonly int Index = index;
    }

    [ThreadStatic] private static ValidationContext? s_cached;

    private bool _collectAll;
    private Segment[] _path = new Segment[8];
    private int _depth;
    private int _quiet;
    private List<SchemaViolation>? _violations;
    private string[] _scopes = [];
    private int _scopeDepth;

    /// <param name="collectAll">true to find every violation; false to stop at the first (an <c>IsValid</c> check).</param>
    public ValidationContext(bool collectAll) => _collectAll = collectAll;

    /// <summary>A context for one run, reused per thread so a validation allocates nothing of its own.</summary>
    public static ValidationContext Rent(bool collectAll)
    {
        var context = s_cached ?? new ValidationContext(collectAll);
        s_cached = null;
        context._collectAll = collectAll;
        context._depth = 0;
        context._quiet = 0;
        context._violations = null;
        context._scopeDepth = 0;
        return context;
    }

    /// <summary>Ends a run: returns its result and gives the context back for reuse.</summary>
    public ValidationResult Complete()
    {
        var result = ToResult();
        _violations = null;
        s_cached = this;
        return result;
    }

    /// <summary>Ends a run whose answer is a boolean and gives the context back for reuse.</summary>
    public bool Complete(bool valid)
    {
        _violations = null;
        s_cached = this;
        return valid;
    }

    /// <summary>True when violations are being recorded; when false, a validator may return at its first failure.</summary>
    public bool Collecting => _collectAll && _quiet == 0;

    /// <summary>Entered around subschemas whose failures are not the document's (anyOf branches, not, if, contains).</summary>
    public void EnterQuiet() => _quiet++;

    public void ExitQuiet() => _quiet--;

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

    public void Push(JsonProperty property) => PushSegment(new Segment(SegmentKind.Property, property, null, 0));

    public void Push(string name) => PushSegment(new Segment(SegmentKind.Name, default, name, 0));

    public void Push(int index) => PushSegment(new Segment(SegmentKind.Index, default, null, index));

    public void Pop() => _depth--;

    private void PushSegment(Segment segment)
    {
        if (_depth == _path.Length) Array.Resize(ref _path, _path.Length * 2);
        _path[_depth++] = segment;
    }

    /// <summary>Records a violation at the current location when collecting; always returns false.</summary>
    public bool Report(string keyword, string schemaLocation, string message)
    {
        if (Collecting) (_violations ??= []).Add(new SchemaViolation(CurrentPointer(null), keyword, schemaLocation, message));
        return false;
    }

    /// <summary>Records a violation at a child of the current location (a missing required property).</summary>
    public bool ReportChild(string child, string keyword, string schemaLocation, string message)
    {
        if (Collecting) (_violations ??= []).Add(new SchemaViolation(CurrentPointer(child), keyword, schemaLocation, message));
        return false;
    }

    public ValidationResult ToResult() => _violations is null ? ValidationResult.Valid : new ValidationResult(_violations);

    private string CurrentPointer(string? child)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < _depth; i++)
        {
            var s = _path[i];
            sb.Append('/');
            switch (s.Kind)
            {
                case SegmentKind.Property: AppendEscaped(sb, JsonValues.NameOf(s.Property)); break;
                case SegmentKind.Name: AppendEscaped(sb, s.Name!); break;
                default: sb.Append(s.Index); break;
            }
        }
        if (child is not null) AppendEscaped(sb.Append('/'), child);
        return sb.ToString();
    }

    private static void AppendEscaped(StringBuilder sb, string token) =>
        sb.Append(token.Replace("~", "~0").Replace("/", "~1"));
}
