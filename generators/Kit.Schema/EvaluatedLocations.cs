namespace Kit.Schema;

/// <summary>
/// The properties and array items that adjacent keywords have evaluated, which is what
/// <c>unevaluatedProperties</c> and <c>unevaluatedItems</c> look at. Only schemas that use those two keywords
/// allocate one, so other validators pay nothing for it.
/// </summary>
public sealed class EvaluatedLocations
{
    private HashSet<string>? _properties;
    private HashSet<int>? _items;

    public bool AllProperties { get; private set; }
    public bool AllItems { get; private set; }

    /// <summary>Items with index below this have been evaluated (prefixItems, items).</summary>
    public int ItemPrefix { get; private set; }

    public void MarkProperty(string name) => (_properties ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
    public void MarkAllProperties() => AllProperties = true;
    public void MarkItem(int index) => (_items ??= []).Add(index);
    public void MarkItemPrefix(int count) { if (count > ItemPrefix) ItemPrefix = count; }
    public void MarkAllItems() => AllItems = true;

    public bool IsPropertyEvaluated(string name) => AllProperties || (_properties?.Contains(name) ?? false);
    public bool IsItemEvaluated(int index) => AllItems || index < ItemPrefix || (_items?.Contains(index) ?? false);

    /// <summary>Adds what a successful subschema evaluated to this set.</summary>
    public void MergeFrom(EvaluatedLocations other)
    {
        if (other.AllProperties) AllProperties = true;
        if (other.AllItems) AllItems = true;
        MarkItemPrefix(other.ItemPrefix);
        if (other._properties is not null) foreach (var p in other._properties) MarkProperty(p);
        if (other._items is not null) foreach (var i in other._items) MarkItem(i);
    }
}
