using System.Numerics;
using System.Reflection;
using System.Text.Json;
using Kit.Simulator.Catalog;

namespace Kit.Simulator.Engine;

/// <summary>One bank method the cashier can show: the bank, and the way to pay with it.</summary>
public sealed record BankOffer(Bank Bank, BankMethod Method);

/// <summary>Why nothing is offered, so the cashier can say so in the buyer's language instead of showing an empty box.</summary>
public enum EmptyReason
{
    None,
    /// <summary>bankName names no bank Kit knows.</summary>
    UnknownBank,
    /// <summary>Bank type mode with MOBILE_BANKING_APP on a desktop web client: the seed guide's rule.</summary>
    MobileAppNotOnDesktop,
    /// <summary>Banks exist for the mode, but the amount is outside every one's limits.</summary>
    AmountOutsideLimits,
    /// <summary>No bank takes the payment's currency in this mode.</summary>
    NoBankForCurrency,
}

public sealed record BankSelection(IReadOnlyList<BankOffer> Offers, EmptyReason Reason);

/// <summary>
/// The banks of schemas/catalog/banks.json (validated against its schema when loaded) and the seed guide's display
/// modes: single bank (bankName), bank type (paymentMethodCategory) and bank country (paymentMethodRegion).
/// </summary>
public sealed class BankCatalog
{
    private BankCatalog(IReadOnlyList<Bank> banks) => Banks = banks;

    public IReadOnlyList<Bank> Banks { get; }

    public static BankCatalog LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Kit.Simulator.banks.json")
            ?? throw new InvalidOperationException("banks.json is missing from Kit.Simulator");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var check = BankCatalogValidator.Validate(buffer.ToArray());
        if (!check.IsValid) throw new InvalidDataException("banks.json does not match bankCatalog.schema.json: " + check);
        return new BankCatalog(JsonSerializer.Deserialize(buffer.ToArray(), CatalogJsonContext.Default.BankCatalog)!.Banks);
    }

    public Bank? Find(string code) => Banks.FirstOrDefault(b => b.Code == code);

    /// <summary>The bank and method of an Antom paymentMethodType (ONLINEBANKING_BANGKOKBANK), if the catalog has it.</summary>
    public BankOffer? FindMethod(string? paymentMethodType) =>
        paymentMethodType is null ? null
        : Banks.SelectMany(b => b.Methods.Select(m => new BankOffer(b, m))).FirstOrDefault(o => o.Method.PaymentMethodType == paymentMethodType);

    /// <param name="terminal">The session's terminal type: WEB is a desktop browser; WAP (and an app's web view) a phone.</param>
    /// <param name="value">The amount in minor units, as Antom sends it.</param>
    public BankSelection Offer(string? bankName, string? category, string? region, Kit.Contracts.Antom.TerminalType terminal, string currency, string value)
    {
        var desktop = terminal == Kit.Contracts.Antom.TerminalType.Web;
        IEnumerable<BankOffer> candidates;
        if (bankName is not null)
        {
            var bank = Find(bankName);
            if (bank is null) return new([], EmptyReason.UnknownBank);
            candidates = bank.Methods.Select(m => new BankOffer(bank, m));
        }
        else if (category is not null)
        {
            if (!PaymentMethodCategoryWire.TryParse(category, out var wanted)) return new([], EmptyReason.NoBankForCurrency);
            if (wanted == PaymentMethodCategory.MobileBankingApp && desktop) return new([], EmptyReason.MobileAppNotOnDesktop);
            candidates = Banks.SelectMany(b => b.Methods.Where(m => m.Category == wanted).Select(m => new BankOffer(b, m)));
        }
        else
        {
            var country = region ?? (currency == "IDR" ? "ID" : "TH");
            candidates = Banks.Where(b => b.Country.ToWireValue() == country).SelectMany(b => b.Methods.Select(m => new BankOffer(b, m)));
        }

        // On desktop web the mobile banking app type is never displayed (seed guide).
        var shown = candidates.Where(o => !desktop || o.Method.Category != PaymentMethodCategory.MobileBankingApp).ToList();
        var inCurrency = shown.Where(o => o.Bank.Currency.ToWireValue() == currency).ToList();
        if (inCurrency.Count == 0) return new([], EmptyReason.NoBankForCurrency);
        var amount = BigInteger.Parse(value);
        var offered = inCurrency.Where(o => amount >= BigInteger.Parse(o.Bank.MinAmount)
            && amount <= BigInteger.Min(BigInteger.Parse(o.Bank.MaxAmount), o.Method.MaxAmount is { } max ? BigInteger.Parse(max) : BigInteger.Parse(o.Bank.MaxAmount))).ToList();
        return new(offered, offered.Count == 0 ? EmptyReason.AmountOutsideLimits : EmptyReason.None);
    }

    public static string Name(Bank bank, string? locale) => locale switch
    {
        "th_TH" => bank.Names.ThTh,
        "in_ID" => bank.Names.InId,
        _ => bank.Names.EnUs, // any other locale falls back to English, as the SDK does
    };
}
