using System.Text.Json;
using Kit.Contracts;
using Kit.Contracts.Antom;
using Kit.Simulator.Engine;
using Kit.Testing.Data;
using Xunit;

namespace Kit.Testing.Tests;

public sealed class AntomTestDataTests
{
    private static readonly Uri Shop = new("https://shop.example.co.th/");

    [Fact]
    public void A_thousand_generated_requests_all_validate_against_Antoms_schemas()
    {
        var data = new AntomTestData(seed: 20261202);
        var outcomes = OutcomeTable.LoadEmbedded().Catalog.Outcomes.Select(o => o.Name).Append(null).ToArray();
        var categories = new PaymentMethodCategory?[] { null, PaymentMethodCategory.OnlineBanking, PaymentMethodCategory.BankTransfer, PaymentMethodCategory.MobileBankingApp };
        var failures = new List<string>();
        for (var i = 0; i < 1000; i++)
        {
            var market = i % 2 == 0 ? BuyerMarket.Thailand : BuyerMarket.Indonesia;
            // every display mode: region, one bank of the market, or a category the market offers
            var category = market == BuyerMarket.Indonesia ? (i % 4 == 1 ? PaymentMethodCategory.BankTransfer : null) : categories[i / 2 % categories.Length];
            var bank = i % 3 == 0 && category is null ? data.BankName(market) : null;
            var request = data.CreatePaymentSession(market, Shop, outcome: outcomes[i % outcomes.Length], bankName: bank, category: category,
                terminal: i % 5 == 0 ? TerminalType.Wap : TerminalType.Web);
            var json = JsonSerializer.SerializeToUtf8Bytes(request, ContractsJsonContext.Default.CreatePaymentSessionRequest);
            var result = CreatePaymentSessionRequestValidator.Validate(json);
            if (!result.IsValid) failures.Add($"#{i}: {result}\n{System.Text.Encoding.UTF8.GetString(json)}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of 1000 requests do not validate; the first:\n{failures.FirstOrDefault()}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_data_and_another_seed_other_data()
    {
        string Make(int seed)
        {
            var data = new AntomTestData(seed);
            return string.Join("\n", Enumerable.Range(0, 20).Select(i => JsonSerializer.Serialize(
                data.CreatePaymentSession(i % 2 == 0 ? BuyerMarket.Thailand : BuyerMarket.Indonesia, Shop), ContractsJsonContext.Default.CreatePaymentSessionRequest)));
        }
        Assert.Equal(Make(7), Make(7));
        Assert.NotEqual(Make(7), Make(8));
    }

    [Fact]
    public void Buyers_and_carts_look_like_the_market()
    {
        var data = new AntomTestData(seed: 42);
        var banks = BankCatalog.LoadEmbedded();
        for (var i = 0; i < 50; i++)
        {
            var thai = data.Buyer(BuyerMarket.Thailand);
            Assert.All(thai.FirstName + thai.LastName, c => Assert.InRange(c, '\u0E00', '\u0E7F')); // Thai script
            Assert.Matches(@"^\+66[689][0-9]{8}$", thai.PhoneNumber);
            var indonesian = data.Buyer(BuyerMarket.Indonesia);
            Assert.Matches(@"^\+628[0-9]{9,10}$", indonesian.PhoneNumber);
            Assert.Matches(@"^[\p{L} .'-]+$", indonesian.FullName);

            foreach (var market in new[] { BuyerMarket.Thailand, BuyerMarket.Indonesia })
            {
                var order = data.Order(market);
                var currency = market == BuyerMarket.Thailand ? "THB" : "IDR";
                Assert.Equal(currency, order.OrderAmount.Currency);
                // the goods add up to the order amount, which every bank of the market takes, and triggers "success"
                Assert.Equal(long.Parse(order.OrderAmount.Value), order.Goods!.Sum(g => long.Parse(g.GoodsUnitAmount!.Value) * long.Parse(g.GoodsQuantity!)));
                Assert.Equal("00", OutcomeTable.TriggerDigits(currency, order.OrderAmount.Value));
                foreach (var bank in banks.Banks.Where(b => Kit.Simulator.Catalog.CurrencyWire.ToWireValue(b.Currency) == currency))
                    Assert.InRange(long.Parse(order.OrderAmount.Value), long.Parse(bank.MinAmount), long.Parse(bank.MaxAmount));
            }
        }
    }

    [Fact]
    public void An_outcome_by_name_sets_the_trigger_digits_and_an_unknown_one_is_named()
    {
        var data = new AntomTestData(seed: 1);
        var table = OutcomeTable.LoadEmbedded();
        var thai = data.Order(BuyerMarket.Thailand, outcome: "balance-not-enough");
        Assert.Equal("balance-not-enough", table.ForAmount("THB", thai.OrderAmount.Value).Name);
        var indonesian = data.Order(BuyerMarket.Indonesia, outcome: "delayed-success");
        Assert.Equal("delayed-success", table.ForAmount("IDR", indonesian.OrderAmount.Value).Name);
        Assert.Equal("http-503", table.ApiFaultForAmount("IDR", data.Order(BuyerMarket.Indonesia, outcome: "http-503").OrderAmount.Value)!.Name);

        var error = Assert.Throws<ArgumentException>(() => data.Order(BuyerMarket.Thailand, outcome: "bankrupt"));
        Assert.Contains("unknown outcome 'bankrupt'", error.Message);
        Assert.Contains("balance-not-enough", error.Message);
        Assert.Contains("is a bank of TH", Assert.Throws<ArgumentException>(() => data.CreatePaymentSession(BuyerMarket.Indonesia, Shop, bankName: "BANGKOKBANK")).Message);
    }
}
