namespace Kit.Schema;

/// <summary>
/// What a generated validator knows about one keyword that can fail, made once per keyword: its name, where it sits,
/// and the words of its message around the value only known when it fails. A violation refers to its site, so
/// recording one is a pointer and a small object.
/// </summary>
public sealed class ViolationSite
{
    /// <param name="keyword">The schema keyword, for example <c>maxLength</c>.</param>
    /// <param name="schemaLocation">Schema file name and JSON pointer of the keyword.</param>
    /// <param name="prefix">The message, or its words before the value.</param>
    /// <param name="suffix">The message's words after the value.</param>
    /// <param name="allowedNames">For a member a closed object does not allow: the names it does allow.</param>
    public ViolationSite(string keyword, string schemaLocation, string prefix, string suffix = "", string[]? allowedNames = null)
    {
        Keyword = keyword;
        SchemaLocation = schemaLocation;
        Prefix = prefix;
        Suffix = suffix;
        AllowedNames = allowedNames;
    }

    public string Keyword { get; }

    public string SchemaLocation { get; }

    internal string Prefix { get; }

    internal string Suffix { get; }

    internal string[]? AllowedNames { get; }
}
