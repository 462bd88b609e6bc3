using System.Globalization;
using Bogus;
using Kit.Contracts.Antom;
using Kit.Simulator.Engine;

namespace Kit.Testing.Data;

/// <summary>
/// Realistic, deterministic test data for Antom's bank methods: Thai and Indonesian buyers, carts and amounts, and
/// whole createPaymentSession requests that validate against Antom's schemas. Indonesian buyers come from Bogus's
/// <c>id_ID</c> locale; Thai ones from Kit's Thai name list (Bogus has no Thai locale), both drawn through one seeded
/// Bogus Randomizer: the same seed gives the same data, a failing test prints its <see cref="Seed"/>.
/// Amounts end in the simulator's "success" trigger digits unless an outcome is asked for by name.
/// </summary>
public sealed class AntomTestData
{
    private static readonly OutcomeTable Outcomes = OutcomeTable.LoadEmbedded();
    private static readonly BankCatalog Banks = BankCatalog.LoadEmbedded();

    private readonly Randomizer _random;
    private readonly Faker _indonesian;

    /// <param name="seed">The seed; null draws one (see <see cref="Seed"/>).</param>
    public AntomTestData(int? seed = null)
    {
        Seed = seed ?? Random.Shared.Next();
        _random = new Randomizer(Seed);
        _indonesian = new Faker("id_ID") { Random = _random };
    }

    public int Seed { get; }

    /// <summary>A unique-looking request id, as a merchant makes one per payment (deterministic by seed).</summary>
    public string PaymentRequestId(string prefix = "KIT") => $"{prefix}-{_random.Hexadecimal(12, prefix: "").ToUpperInvariant()}";

    public TestBuyer Buyer(BuyerMarket market)
    {
        var id = "BUYER-" + _random.Number(100000, 999999).ToString(CultureInfo.InvariantCulture);
        if (market == BuyerMarket.Thailand)
        {
            var given = _random.ArrayElement(MarketWords.ThaiGivenNames);
            var surname = _random.ArrayElement(MarketWords.ThaiSurnames);
            var email = $"{given.Latin}.{surname.Latin[..Math.Min(surname.Latin.Length, 4)]}{_random.Number(1, 99)}@{_random.ArrayElement(MarketWords.ThaiEmailDomains)}";
            // Thai mobile numbers: 06, 08 or 09 and eight digits, written in international form.
            var phone = "+66" + _random.ArrayElement(["6", "8", "9"]) + _random.ReplaceNumbers("########");
            return new TestBuyer(market, id, given.Thai, surname.Thai, email, phone);
        }
        var first = _indonesian.Name.FirstName();
        var last = _indonesian.Name.LastName();
        var indonesianEmail = _indonesian.Internet.Email(first, last).ToLowerInvariant();
        // Indonesian mobile numbers: 08 (+62 8), an operator's two digits, then seven or eight digits.
        var indonesianPhone = "+628" + _random.ArrayElement(["11", "12", "13", "21", "52", "57", "77", "95", "96"]) + _random.ReplaceNumbers(_random.Bool() ? "#######" : "########");
        return new TestBuyer(market, id, first, last, indonesianEmail, indonesianPhone);
    }

    /// <summary>
    /// A cart of one to three goods in the market's language and currency (THB in satang, IDR with Antom's two minor
    /// digits), whose total is the order amount; an <paramref name="outcome"/> name (outcomes.json: balance-not-enough,
    /// risk-reject, delayed-success, ... or a merchant-API fault such as http-503) sets the total's trigger digits.
    /// </summary>
    public Order Order(BuyerMarket market, TestBuyer? buyer = null, string? outcome = null)
    {
        var goods = Enumerable.Range(0, _random.Number(1, 3)).Select(_ => Goods(market, _random.WeightedRandom([1, 2, 3], [0.7f, 0.2f, 0.1f]))).ToList();
        var total = goods.Sum(g => long.Parse(g.GoodsUnitAmount!.Value, CultureInfo.InvariantCulture) * long.Parse(g.GoodsQuantity!, CultureInfo.InvariantCulture));
        var amount = WithTrigger(market, total, outcome);
        // The trigger digits (or rounding) changed the total: the first line absorbs the difference, so the goods still add up.
        var difference = long.Parse(amount.Value, CultureInfo.InvariantCulture) - total;
        if (difference != 0)
        {
            var first = goods[0] with { GoodsQuantity = "1" };
            var firstTotal = long.Parse(goods[0].GoodsUnitAmount!.Value, CultureInfo.InvariantCulture) * long.Parse(goods[0].GoodsQuantity!, CultureInfo.InvariantCulture);
            goods[0] = first with { GoodsUnitAmount = first.GoodsUnitAmount! with { Value = (firstTotal + difference).ToString(CultureInfo.InvariantCulture) } };
        }
        return MakeOrder(goods, amount, buyer ?? Buyer(market));
    }

    /// <summary>
    /// A cart for a total decided elsewhere (a scenario's trigger amount): goods of the market whose prices add up to
    /// it exactly, the last line taking what the others leave.
    /// </summary>
    public Order Order(BuyerMarket market, Amount total, TestBuyer? buyer = null)
    {
        var value = long.Parse(total.Value, CultureInfo.InvariantCulture);
        var goods = new List<Goods>();
        var left = value;
        for (var lines = _random.Number(1, 3); lines > 1; lines--)
        {
            var item = Goods(market, 1);
            var price = long.Parse(item.GoodsUnitAmount!.Value, CultureInfo.InvariantCulture);
            if (price >= left) break;
            goods.Add(item);
            left -= price;
        }
        var last = Goods(market, 1);
        goods.Add(last with { GoodsUnitAmount = new Amount { Currency = total.Currency, Value = left.ToString(CultureInfo.InvariantCulture) } });
        return MakeOrder(goods, total, buyer ?? Buyer(market));
    }

    /// <summary>The market of a currency: IDR is Indonesia, THB (and anything else) Thailand.</summary>
    public static BuyerMarket MarketOf(string currency) => currency == "IDR" ? BuyerMarket.Indonesia : BuyerMarket.Thailand;

    private Goods Goods(BuyerMarket market, int quantity)
    {
        string name, category;
        long unit;
        if (market == BuyerMarket.Thailand)
        {
            var item = _random.ArrayElement(MarketWords.ThaiGoods);
            (name, category, unit) = (item.Name, item.Category, item.Baht * 100L);
        }
        else
        {
            var item = _random.ArrayElement(MarketWords.IndonesianGoods);
            (name, category, unit) = (item.Name, item.Category, item.Rupiah * 100L);
        }
        return new Goods
        {
            ReferenceGoodsId = "SKU-" + _random.Number(10000, 99999).ToString(CultureInfo.InvariantCulture),
            GoodsName = name,
            GoodsCategory = category,
            GoodsUnitAmount = new Amount { Currency = Currency(market), Value = unit.ToString(CultureInfo.InvariantCulture) },
            GoodsQuantity = quantity.ToString(CultureInfo.InvariantCulture),
            DeliveryMethodType = category is "travel" ? DeliveryMethodType.Digital : DeliveryMethodType.Physical,
        };
    }

    private Order MakeOrder(IReadOnlyList<Goods> goods, Amount amount, TestBuyer buyer) => new()
    {
        ReferenceOrderId = "ORDER-" + _random.Number(1000000, 9999999).ToString(CultureInfo.InvariantCulture),
        OrderDescription = string.Join(", ", goods.Select(g => g.GoodsQuantity == "1" ? g.GoodsName : $"{g.GoodsName} ×{g.GoodsQuantity}")),
        OrderAmount = amount,
        Goods = goods,
        Buyer = buyer.ToAntom(),
    };

    /// <summary>
    /// A createPaymentSession request for a cart, in one of the guide's display modes: the market's region (default),
    /// one bank by its code (<paramref name="bankName"/>) or one category of methods (<paramref name="category"/>). The
    /// redirect page and the notify endpoint (<paramref name="notifyPath"/>) are under <paramref name="merchantSite"/>.
    /// </summary>
    public CreatePaymentSessionRequest CreatePaymentSession(BuyerMarket market, Uri merchantSite, string? outcome = null, string? bankName = null,
        PaymentMethodCategory? category = null, TerminalType terminal = TerminalType.Web, string notifyPath = "/antom/notify")
    {
        if (bankName is not null && category is not null) throw new ArgumentException("choose one display mode: a bankName or a category, not both", nameof(bankName));
        if (bankName is not null && Banks.Find(bankName) is { } bank && bank.Country != Region(market))
            throw new ArgumentException($"{bankName} is a bank of {Kit.Simulator.Catalog.CountryWire.ToWireValue(bank.Country)}, not of {market}", nameof(bankName));
        var requestId = PaymentRequestId();
        var order = Order(market, outcome: outcome);
        return new CreatePaymentSessionRequest
        {
            ProductCode = ProductCode.CashierPayment,
            PaymentRequestId = requestId,
            Order = order,
            PaymentAmount = order.OrderAmount,
            PaymentMethod = new PaymentMethod
            {
                PaymentMethodType = "BANK",
                PaymentMethodMetaData = bankName is not null ? new PaymentMethodMetaData { BankName = bankName }
                    : category is not null ? new PaymentMethodMetaData { PaymentMethodCategory = category }
                    : new PaymentMethodMetaData { PaymentMethodRegion = market == BuyerMarket.Thailand ? PaymentMethodRegion.Th : PaymentMethodRegion.Id },
            },
            PaymentRedirectUrl = new Uri(merchantSite, $"/return?order={requestId}").ToString(),
            PaymentNotifyUrl = new Uri(merchantSite, notifyPath).ToString(),
            Env = new Env { TerminalType = terminal },
            Locale = market == BuyerMarket.Thailand ? "th_TH" : "in_ID",
        };
    }

    /// <summary>A random bank of the market that offers the given category (any category when null), by its catalog code.</summary>
    public string BankName(BuyerMarket market, PaymentMethodCategory? category = null)
    {
        var offered = Banks.Banks.Where(b => b.Country == Region(market)
            && (category is null || b.Methods.Any(m => Kit.Simulator.Catalog.PaymentMethodCategoryWire.ToWireValue(m.Category) == category.Value.ToWireValue()))).Select(b => b.Code).ToList();
        if (offered.Count == 0) throw new ArgumentException($"no bank of {market} offers {category?.ToWireValue()}", nameof(category));
        return _random.ListItem(offered);
    }

    private static string Currency(BuyerMarket market) => market == BuyerMarket.Thailand ? "THB" : "IDR";

    private static Kit.Simulator.Catalog.Country Region(BuyerMarket market) => market == BuyerMarket.Thailand ? Kit.Simulator.Catalog.Country.Th : Kit.Simulator.Catalog.Country.Id;

    /// <summary>The total with its trigger digits set: THB's satang, or IDR's two digits before its two minor digits.</summary>
    private static Amount WithTrigger(BuyerMarket market, long total, string? outcome)
    {
        var code = outcome is null ? Outcomes.Get("success").Code
            : Outcomes.Find(outcome)?.Code ?? Outcomes.FindApiFault(outcome)?.Code
              ?? throw new ArgumentException($"unknown outcome '{outcome}'; use one of {string.Join(", ", Outcomes.Catalog.Outcomes.Select(o => o.Name).Concat(Outcomes.ApiFaults.Select(f => f.Name)))}", nameof(outcome));
        var digits = int.Parse(code, CultureInfo.InvariantCulture);
        var value = market == BuyerMarket.Thailand
            ? total / 100 * 100 + digits
            : total / 10000 * 10000 + digits * 100;
        return new Amount { Currency = Currency(market), Value = value.ToString(CultureInfo.InvariantCulture) };
    }
}
