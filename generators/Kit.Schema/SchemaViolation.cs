using System.Globalization;

namespace Kit.Schema;

/// <summary>One way in which a JSON document breaks its schema.</summary>
/// <remarks>
/// Validators record the facts of a violation (where, which keyword, the offending value or count) and compose the
/// sentence in <see cref="Message"/> when it is first read, so rejecting a document costs little when only
/// <see cref="ValidationResult.IsValid"/> or the pointers are looked at.
/// </remarks>
public sealed class SchemaViolation : IEquatable<SchemaViolation>
{
    private readonly ViolationSite _site;
    private readonly string? _value;
    private readonly long _number;
    private readonly MessageForm _form;
    private string? _message;

    internal enum MessageForm : byte { Text, Value, Number, NotAllowed }

    /// <param name="instancePointer">JSON pointer (RFC 6901) to the offending value in the document; "" is the root.</param>
    /// <param name="keyword">The schema keyword that failed, for example <c>required</c> or <c>maxLength</c>.</param>
    /// <param name="schemaLocation">Where the failing keyword sits: schema file name and JSON pointer, e.g. <c>amount.schema.json#/properties/value/maxLength</c>.</param>
    /// <param name="message">A sentence for people: what was wrong and what is allowed.</param>
    public SchemaViolation(string instancePointer, string keyword, string schemaLocation, string message)
        : this(instancePointer, new ViolationSite(keyword, schemaLocation, message), MessageForm.Text, null, 0) => _message = message;

    /// <summary>A violation at <paramref name="site"/>: its message is the site's text, or its words around a value or a number, or a not-allowed member's.</summary>
    internal SchemaViolation(string instancePointer, ViolationSite site, MessageForm form, string? value, long number)
    {
        InstancePointer = instancePointer;
        _site = site;
        _form = form;
        _value = value;
        _number = number;
    }

    /// <summary>JSON pointer (RFC 6901) to the offending value in the document; "" is the root.</summary>
    public string InstancePointer { get; }

    /// <summary>The schema keyword that failed, for example <c>required</c> or <c>maxLength</c>.</summary>
    public string Keyword => _site.Keyword;

    /// <summary>Where the failing keyword sits: schema file name and JSON pointer, e.g. <c>amount.schema.json#/properties/value/maxLength</c>.</summary>
    public string SchemaLocation => _site.SchemaLocation;

    /// <summary>A sentence for people: what was wrong and what is allowed.</summary>
    public string Message => _message ??= Compose();

    private string Compose() => _form switch
    {
        MessageForm.Value => string.Concat(_site.Prefix, _value, _site.Suffix),
        MessageForm.Number => string.Concat(_site.Prefix, _number.ToString(CultureInfo.InvariantCulture), _site.Suffix),
        MessageForm.NotAllowed => JsonValues.NotAllowedMessage(LastToken(InstancePointer), _site.AllowedNames ?? []),
        _ => _site.Prefix,
    };

    private static string LastToken(string pointer) =>
        pointer[(pointer.LastIndexOf('/') + 1)..].Replace("~1", "/").Replace("~0", "~");

    public void Deconstruct(out string instancePointer, out string keyword, out string schemaLocation, out string message) =>
        (instancePointer, keyword, schemaLocation, message) = (InstancePointer, Keyword, SchemaLocation, Message);

    public bool Equals(SchemaViolation? other) =>
        other is not null && InstancePointer == other.InstancePointer && Keyword == other.Keyword
        && SchemaLocation == other.SchemaLocation && Message == other.Message;

    public override bool Equals(object? obj) => Equals(obj as SchemaViolation);

    public override int GetHashCode() => HashCode.Combine(InstancePointer, Keyword, SchemaLocation, Message);

    public override string ToString() => $"{(InstancePointer.Length == 0 ? "(root)" : InstancePointer)}: {Message} [{Keyword} at {SchemaLocation}]";
}
