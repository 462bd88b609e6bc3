using System.Reflection;
using System.Text.Json;
using Kit.Simulator.Catalog;

namespace Kit.Simulator.Engine;

/// <summary>
/// The trigger values of schemas/catalog/outcomes.json (validated against its schema when loaded): which outcome an
/// amount asks for, and the outcome a QA engineer forces by name.
/// </summary>
public sealed class OutcomeTable
{
    public const string Default = "success";

    private readonly Dictionary<string, Outcome> _byCode;
    private readonly Dictionary<string, Outcome> _byName;

    public const string DefaultRefund = "refund-success";

    private readonly Dictionary<string, RefundOutcome> _refunds;
    private readonly Dictionary<string, ApiFaultEntry> _faultsByCode;
    private readonly Dictionary<string, ApiFaultEntry> _faultsByName;

    private OutcomeTable(OutcomeCatalog catalog)
    {
        Catalog = catalog;
        Outcomes = catalog.Outcomes;
        _byCode = catalog.Outcomes.ToDictionary(o => o.Code);
        _byName = catalog.Outcomes.ToDictionary(o => o.Name);
        _refunds = catalog.RefundOutcomes.ToDictionary(o => o.Name);
        _faultsByCode = catalog.ApiFaults.ToDictionary(f => f.Code);
        _faultsByName = catalog.ApiFaults.ToDictionary(f => f.Name);
    }

    /// <summary>The whole catalog, as the control API lists it.</summary>
    public OutcomeCatalog Catalog { get; }

    public IReadOnlyList<Outcome> Outcomes { get; }

    public IReadOnlyList<RefundOutcome> RefundOutcomes => Catalog.RefundOutcomes;

    public IReadOnlyList<ApiFaultEntry> ApiFaults => Catalog.ApiFaults;

    public RefundOutcome? FindRefund(string name) => _refunds.GetValueOrDefault(name);

    public RefundOutcome GetRefund(string name) => _refunds.GetValueOrDefault(name) ?? _refunds[DefaultRefund];

    public ApiFaultEntry? FindApiFault(string name) => _faultsByName.GetValueOrDefault(name);

    /// <summary>The merchant-API fault an amount's trigger digits ask for, if any.</summary>
    public ApiFaultEntry? ApiFaultForAmount(string currency, string value) => _faultsByCode.GetValueOrDefault(TriggerDigits(currency, value));

    public static OutcomeTable LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Kit.Simulator.outcomes.json")
            ?? throw new InvalidOperationException("outcomes.json is missing from Kit.Simulator");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var check = OutcomeCatalogValidator.Validate(buffer.ToArray());
        if (!check.IsValid) throw new InvalidDataException("outcomes.json does not match outcomeCatalog.schema.json: " + check);
        return new OutcomeTable(JsonSerializer.Deserialize(buffer.ToArray(), CatalogJsonContext.Default.OutcomeCatalog)!);
    }

    /// <summary>The two digits before the currency's mandatory zeros: THB's satang, IDR's last rupiah digits before "00".</summary>
    public static string TriggerDigits(string currency, string value)
    {
        var digits = currency == "IDR" && value.Length >= 4 ? value[^4..^2] : value.Length >= 2 ? value[^2..] : value.PadLeft(2, '0');
        return digits;
    }

    public Outcome ForAmount(string currency, string value) =>
        _byCode.GetValueOrDefault(TriggerDigits(currency, value)) ?? _byName[Default];

    public Outcome? Find(string name) => _byName.GetValueOrDefault(name);

    public Outcome Get(string name) => _byName.GetValueOrDefault(name) ?? _byName[Default];
}
