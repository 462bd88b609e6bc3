using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Kit.Schema;

/// <summary>
/// A generated validator method: checks the value the reader is on and leaves the reader on the value's last token.
/// <paramref name="evaluated"/> collects what it evaluated, for unevaluatedProperties and unevaluatedItems.
/// </summary>
public delegate bool SchemaNode(ref Utf8JsonReader reader, ValidationContext context, EvaluatedLocations? evaluated);

/// <summary>
/// The entry points generated validators share. Validation runs while the JSON is read (one
/// <see cref="Utf8JsonReader"/> pass, no document tree); a text or element is turned into UTF-8 bytes first.
/// </summary>
public static class SchemaValidation
{
    /// <summary>
    /// How deep a document may nest (objects and arrays) before validation gives up with a violation that says so:
    /// 1,000 by default, far beyond any real message and well inside the stack a recursive schema's validators use
    /// (System.Text.Json's own default, 64, rejects ordinary valid documents). Set it once at start-up.
    /// </summary>
    public static int MaxDepth
    {
        get => _maxDepth;
        set => _maxDepth = value is >= 1 and <= 10_000 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxDepth must be from 1 to 10,000");
    }

    private static int _maxDepth = 1000;

    private static JsonReaderOptions ReaderOptions => new() { MaxDepth = _maxDepth };

    /// <summary>Validates UTF-8 JSON and returns every violation; a document that is not JSON gives one violation with keyword <c>json</c>.</summary>
    /// <param name="utf8Json">The document.</param>
    /// <param name="root">The validator method of the schema's root.</param>
    /// <param name="scope">The root's schema resource, when the schema set uses $dynamicRef; otherwise null.</param>
    public static ValidationResult Validate(ReadOnlyMemory<byte> utf8Json, SchemaNode root, string? scope)
    {
        var context = ValidationContext.Rent(collectAll: true, utf8Json);
        var reader = new Utf8JsonReader(utf8Json.Span, ReaderOptions);
        try
        {
            if (!reader.Read()) { context.Release(); return ValidationResult.NotJson("the document is empty"); }
            if (scope is not null) context.PushScope(scope);
            root(ref reader, context, null);
            reader.Read(); // after the root value only whitespace may follow: anything else throws
            return context.Complete();
        }
        catch (JsonException e)
        {
            context.Release();
            return ValidationResult.NotJson(reader.CurrentDepth >= _maxDepth - 1
                ? $"the document nests deeper than {_maxDepth} levels, the limit of SchemaValidation.MaxDepth; raise it if such documents are real"
                : e.Message);
        }
    }

    public static bool IsValid(ReadOnlyMemory<byte> utf8Json, SchemaNode root, string? scope)
    {
        var context = ValidationContext.Rent(collectAll: false, utf8Json);
        try
        {
            var reader = new Utf8JsonReader(utf8Json.Span, ReaderOptions);
            if (!reader.Read()) return false;
            if (scope is not null) context.PushScope(scope);
            return root(ref reader, context, null) && !reader.Read();
        }
        catch (JsonException) { return false; }
        finally { context.Release(); }
    }

    public static ValidationResult Validate(string json, SchemaNode root, string? scope)
    {
        using var bytes = PooledUtf8.From(json);
        return Validate(bytes.Memory, root, scope);
    }

    public static bool IsValid(string json, SchemaNode root, string? scope)
    {
        using var bytes = PooledUtf8.From(json);
        return IsValid(bytes.Memory, root, scope);
    }

    /// <summary>Validates a parsed element by reading its JSON text again.</summary>
    public static ValidationResult Validate(JsonElement document, SchemaNode root, string? scope)
    {
        using var bytes = PooledUtf8.From(document);
        return Validate(bytes.Memory, root, scope);
    }

    public static bool IsValid(JsonElement document, SchemaNode root, string? scope)
    {
        using var bytes = PooledUtf8.From(document);
        return IsValid(bytes.Memory, root, scope);
    }

    /// <summary>The UTF-8 JSON of a text or an element, in a buffer rented for the length of one validation.</summary>
    private readonly struct PooledUtf8 : IDisposable
    {
        private readonly byte[] _buffer;

        private PooledUtf8(byte[] buffer, int length)
        {
            _buffer = buffer;
            Memory = buffer.AsMemory(0, length);
        }

        public ReadOnlyMemory<byte> Memory { get; }

        public static PooledUtf8 From(string json)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
            return new PooledUtf8(buffer, Encoding.UTF8.GetBytes(json, buffer));
        }

        public static PooledUtf8 From(JsonElement element)
        {
            var raw = JsonMarshal.GetRawUtf8Value(element);
            var buffer = ArrayPool<byte>.Shared.Rent(raw.Length);
            raw.CopyTo(buffer);
            return new PooledUtf8(buffer, raw.Length);
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
    }
}
