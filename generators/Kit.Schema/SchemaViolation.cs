namespace Kit.Schema;

/// <summary>One way in which a JSON document breaks its schema.</summary>
/// <param name="InstancePointer">JSON pointer (RFC 6901) to the offending value in the document; "" is the root.</param>
/// <param name="Keyword">The schema keyword that failed, for example <c>required</c> or <c>maxLength</c>.</param>
/// <param name="SchemaLocation">Where the failing keyword sits: schema file name and JSON pointer, e.g. <c>amount.schema.json#/properties/value/maxLength</c>.</param>
/// <param name="Message">A sentence for people: what was wrong and what is allowed.</param>
public sealed record SchemaViolation(string InstancePointer, string Keyword, string SchemaLocation, string Message)
{
    public override string ToString() => $"{(InstancePointer.Length == 0 ? "(root)" : InstancePointer)}: {Message} [{Keyword} at {SchemaLocation}]";
}
