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
    private string? _message;
    private readonly string _prefix;
    private readonly string? _value;
    private readonly long _number;
    private readonly MessageForm _form;
    private readonly string? _suffix;
    private readonly string[]? _allowedNames;

    private enum MessageForm : byte { Text, Value, Number, NotAllowed }

    /// <param name="instancePointer">JSON pointer (RFC 6901) to the offending value in the document; "" is the root.</param>
    /// <param name="keyword">The schema keyword that failed, for example <c>required</c> or <c>maxLength</c>.</param>
    /// <param name="schemaLocation">Where the failing keyword sits: schema file name and JSON pointer, e.g. <c>amount.schema.json#/properties/value/maxLength</c>.</param>
    /// <param name="message">A sentence for people: what was wrong and what is allowed.</param>
    public SchemaViolation(string instancePointer, string keyword, string schemaLocation, string message)
        : this(instancePointer, keyword, schemaLocation, MessageForm.Text, message, null, 0, null, null) => _message = message;

    private SchemaViolation(string instancePointer, string keyword, string schemaLocation, MessageForm form, string prefix, string? value, long number, string? suffix, string[]? allowedNames)
    {
        InstancePointer = instancePointer;
        Keyword = keyword;
        SchemaLocation = schemaLocation;
        _form = form;
        _prefix = prefix;
        _value = value;
        _number = number;
        _suffix = suffix;
        _allowedNames = allowedNames;
    }

    /// <summary>prefix + value + suffix, e.g. <c>"1250.00"</c> + <c> does not match the pattern ^[1-9][0-9]*$</c>.</summary>
    internal static SchemaViolation WithValue(string pointer, string keyword, string location, string prefix, string value, string suffix) =>
        new(pointer, keyword, location, MessageForm.Value, prefix, value, 0, suffix, null);

    /// <summary>prefix + number + suffix, e.g. <c>must be at most 64 characters long, but has </c> + 70.</summary>
    internal static SchemaViolation WithNumber(string pointer, string keyword, string location, string prefix, long number, string suffix) =>
        new(pointer, keyword, location, MessageForm.Number, prefix, null, number, suffix, null);

    /// <summary>A member a closed object does not allow (its name ends the pointer), with the likely intended name.</summary>
    internal static SchemaViolation NotAllowed(string pointer, string keyword, string location, string[] allowedNames) =>
        new(pointer, keyword, location, MessageForm.NotAllowed, "", null, 0, null, allowedNames);

    /// <summary>JSON pointer (RFC 6901) to the offending value in the document; "" is the root.</summary>
    public string InstancePointer { get; }

    /// <summary>The schema keyword that failed, for example <c>required</c> or <c>maxLength</c>.</summary>
    public string Keyword { get; }

    /// <summary>Where the failing keyword sits: schema file name and JSON pointer, e.g. <c>amount.schema.json#/properties/value/maxLength</c>.</summary>
    public string SchemaLocation { get; }

    /// <summary>A sentence for people: what was wrong and what is allowed.</summary>
    public string Message => _message ??= Compose();

    private string Compose() => _form switch
    {
        MessageForm.Value => string.Concat(_prefix, _value, _suffix),
        MessageForm.Number => string.Concat(_prefix, _number.ToString(CultureInfo.InvariantCulture), _suffix),
        MessageForm.NotAllowed => JsonValues.NotAllowedMessage(LastToken(InstancePointer), _allowedNames!),
        _ => _prefix,
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
