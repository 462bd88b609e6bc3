using Kit.Harness.Matrix;
using Kit.Simulator.Catalog;
using BankCatalog = Kit.Simulator.Engine.BankCatalog;
using Kit.Simulator.Engine;

namespace Kit.Harness.Runner;

/// <summary>
/// What a cell needs from the bank catalog, checked when the matrix loads: a cell that asks for the impossible (a
/// bank the catalog does not know, a payment through a display mode that offers no bank on the cell's device) is a
/// mistake in the matrix file, reported with the cell and what exists, not a cell that fails after a browser ran it.
/// </summary>
public static class CellFeasibility
{
    /// <summary>What the shop charges in a cell: rupiah when the display mode's banks are Indonesian, baht otherwise.</summary>
    public static (string Currency, string Value) Amount(MatrixCell cell, BankCatalog banks)
    {
        var (mode, value) = cell.DisplayModeParts;
        var indonesian = mode == "paymentMethodRegion" ? value == "ID"
            : mode == "bankName" && banks.Find(value)?.Currency.ToWireValue() == "IDR";
        return indonesian ? ("IDR", "15000000") : ("THB", "125000");
    }

    /// <summary>The banks the cashier offers in a cell: its display mode, on its device, for its amount.</summary>
    public static BankSelection Offer(MatrixCell cell, BankCatalog banks)
    {
        var (field, value) = cell.DisplayModeParts;
        var (currency, amount) = Amount(cell, banks);
        return banks.Offer(field == "bankName" ? value : null, field == "paymentMethodCategory" ? value : null,
            field == "paymentMethodRegion" ? value : null, DeviceProfiles.TerminalType(cell.Device), currency, amount);
    }

    /// <summary>Throws <see cref="MatrixFileException"/> naming every cell of <paramref name="cells"/> that cannot run as asked.</summary>
    /// <param name="site">The merchant's own checkout, if the matrix names one: its placeholders are checked, and only its scenarios can run.</param>
    public static void Check(IReadOnlyList<MatrixCell> cells, BankCatalog banks, string source, Kit.Harness.Matrix.Site? site = null)
    {
        if (site is not null) Kit.Harness.Site.SiteTemplate.Check(site, source);
        var problems = new List<string>();
        if (site is not null)
            foreach (var scenario in cells.Select(c => c.Scenario).Distinct().Where(s => !Kit.Harness.Site.SiteScenarios.Supported.Contains(s)))
                problems.Add($"  scenario {scenario.ToWireValue()} drives options of Kit's own demo page, which a merchant's checkout does not have; with a site, use " +
                    string.Join(", ", Kit.Harness.Site.SiteScenarios.Supported.Select(s => s.ToWireValue())));
        else
            foreach (var scenario in cells.Select(c => c.Scenario).Distinct().Where(Kit.Harness.Site.SiteScenarios.SiteOnly.Contains))
                problems.Add($"  scenario {scenario.ToWireValue()} tests a merchant's own backend, so it runs only with a site section (see the README's \"Test your own checkout\"); remove it from this matrix or add a site");
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            if (cell.Loading == Loading.EsmPolyfilled && cell.Device == Device.Android5)
            {
                // Seen: core-js reads the engine's version from the user agent, takes the profile's Chrome 37 at its word
                // and swaps in its own Map and friends over today's Chromium's, which breaks Playwright's scripts in the
                // page ("this._engines.keys is not a function"), not the SDK. A real Android 5 has no native ones to clash with.
                problems.Add($"  cell {i + 1} ({cell.Id}): loading=esm-polyfilled cannot run on the android-5 profile here: core-js takes its Chrome 37 user agent at its word and replaces built-ins such as Map over today's Chromium's, which breaks the browser automation's own scripts on the page. " +
                    $"The static check covers Android 5 for the polyfilled build; run it on iphone-ios11 or another device, or exclude it: {{ \"loading\": \"esm-polyfilled\", \"device\": \"android-5\" }}");
                continue;
            }
            var (field, value) = cell.DisplayModeParts;
            if (field == "bankName" && banks.Find(value) is null)
            {
                problems.Add($"  cell {i + 1} ({cell.Id}): bankName={value} is not in the bank catalog; it has {string.Join(", ", banks.Banks.Select(b => b.Code))}");
                continue;
            }
            if (!Scenarios.NeedsBank(cell.Scenario)) continue;
            var offer = Offer(cell, banks);
            if (offer.Offers.Count > 0) continue;
            var why = offer.Reason switch
            {
                EmptyReason.MobileAppNotOnDesktop => "the mobile banking app type is not offered on a desktop browser",
                EmptyReason.AmountOutsideLimits => "its amount is outside every bank's limits",
                _ => "no bank of it takes the cell's currency",
            };
            var anywhere = Enum.GetValues<Device>().SelectMany(d => Offer(cell with { Device = d }, banks).Offers.Select(o => (Device: d, o.Method.PaymentMethodType)))
                .GroupBy(x => x.PaymentMethodType, x => x.Device.ToWireValue())
                .Select(g => $"{g.Key} ({string.Join(", ", g)})").ToList();
            problems.Add($"  cell {i + 1} ({cell.Id}): {cell.Scenario.ToWireValue()} pays through a bank, but {cell.DisplayMode} offers none on {cell.Device.ToWireValue()}: {why}. " +
                (anywhere.Count > 0 ? $"It offers {string.Join("; ", anywhere)}." : "It offers no bank on any device.") +
                $" Pick another device or display mode for this cell, or exclude it: {{ \"scenario\": \"{cell.Scenario.ToWireValue()}\", \"displayMode\": \"{cell.DisplayMode}\", \"device\": \"{cell.Device.ToWireValue()}\" }}");
        }
        if (problems.Count > 0)
            throw new MatrixFileException($"{source} asks for cells that cannot run; fix these and run again:\n{string.Join("\n", problems)}");
    }
}
