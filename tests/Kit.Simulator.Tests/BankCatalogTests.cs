using Kit.Contracts.Antom;
using Kit.Simulator.Engine;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>The bank catalog (schemas/catalog/banks.json) and the seed guide's three display modes.</summary>
public sealed class BankCatalogTests
{
    private static readonly BankCatalog Catalog = BankCatalog.LoadEmbedded();

    private static List<string> Types(BankSelection s) => s.Offers.Select(o => o.Method.PaymentMethodType).ToList();

    [Fact]
    public void Catalog_loads_against_its_schema_with_every_bank_of_the_contract()
    {
        Assert.Equal(6, Catalog.Banks.Count(b => b.Country == Kit.Simulator.Catalog.Country.Th));
        Assert.Equal(5, Catalog.Banks.Count(b => b.Country == Kit.Simulator.Catalog.Country.Id));
        Assert.Equal("ธนาคารกสิกรไทย", BankCatalog.Name(Catalog.Find("KASIKORNBANK")!, "th_TH"));
        Assert.Equal("Bank Kasikorn (KBank)", BankCatalog.Name(Catalog.Find("KASIKORNBANK")!, "in_ID"));
        Assert.Equal("Kasikornbank (KBank)", BankCatalog.Name(Catalog.Find("KASIKORNBANK")!, "de_DE")); // English fallback
    }

    [Fact]
    public void Bank_country_mode_on_desktop_leaves_out_mobile_banking_apps()
    {
        var desktop = Catalog.Offer(null, null, "TH", TerminalType.Web, "THB", "125000");
        Assert.DoesNotContain(Types(desktop), t => t.StartsWith("BANKAPP_"));
        Assert.Contains("ONLINEBANKING_KASIKORNBANK", Types(desktop));
        var phone = Catalog.Offer(null, null, "TH", TerminalType.Wap, "THB", "125000");
        Assert.Contains("BANKAPP_SIAMCOMMERCIALBANK", Types(phone));
        Assert.Equal(["BANKTRANSFER_MAYBANK", "BANKTRANSFER_BNI", "BANKTRANSFER_PERMATA", "BANKTRANSFER_BSI", "CIMBNIAGA"],
            Types(Catalog.Offer(null, null, "ID", TerminalType.Web, "IDR", "15000000")));
    }

    [Fact]
    public void Bank_type_mode_says_why_mobile_apps_are_missing_on_desktop()
    {
        var desktop = Catalog.Offer(null, "MOBILE_BANKING_APP", null, TerminalType.Web, "THB", "125000");
        Assert.Empty(desktop.Offers);
        Assert.Equal(EmptyReason.MobileAppNotOnDesktop, desktop.Reason);
        Assert.Equal(4, Catalog.Offer(null, "MOBILE_BANKING_APP", null, TerminalType.Wap, "THB", "125000").Offers.Count);
        Assert.Equal(5, Catalog.Offer(null, "ONLINE_BANKING", null, TerminalType.Web, "THB", "125000").Offers.Count);
    }

    [Fact]
    public void Single_bank_mode_and_amount_limits()
    {
        Assert.Equal(["ONLINEBANKING_KASIKORNBANK", "BANKTRANSFER_KASIKORNBANK"], Types(Catalog.Offer("KASIKORNBANK", null, null, TerminalType.Web, "THB", "300000000"))); // 3 M THB: KBank allows 5 M
        Assert.Equal(EmptyReason.AmountOutsideLimits, Catalog.Offer("BANGKOKBANK", null, null, TerminalType.Web, "THB", "300000000").Reason);        // others stop at 2 M
        Assert.DoesNotContain("BANKTRANSFER_BANKOFAYUDHYA", Types(Catalog.Offer("BANKOFAYUDHYA", null, null, TerminalType.Web, "THB", "60000000"))); // ATM transfer max 0.5 M
        Assert.Equal(EmptyReason.AmountOutsideLimits, Catalog.Offer("PERMATA", null, null, TerminalType.Web, "IDR", "500000").Reason);             // 5,000 IDR < 10,000
        Assert.Equal(EmptyReason.UnknownBank, Catalog.Offer("NOBANK", null, null, TerminalType.Web, "THB", "125000").Reason);
        Assert.Equal(EmptyReason.NoBankForCurrency, Catalog.Offer("PERMATA", null, null, TerminalType.Web, "THB", "125000").Reason);
    }
}
