namespace Kit.Schema;

/// <summary>
/// A set of ASCII characters as a 128-entry table, for grammars that look at each character anyway (a host name's
/// labels and dots, an e-mail's dot-atom): one load per character, where <c>SearchValues.Contains</c> is a virtual call.
/// </summary>
internal sealed class AsciiSet
{
    private readonly bool[] _map = new bool[128];

    public AsciiSet(string chars)
    {
        foreach (var c in chars) _map[c] = true;
    }

    public bool Contains(char c)
    {
        var map = _map;
        return c < (uint)map.Length && map[c];
    }
}
