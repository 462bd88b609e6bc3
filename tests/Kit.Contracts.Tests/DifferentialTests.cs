using System.Text.Json;
using System.Text.Json.Nodes;
using Bogus;
using Kit.Contracts.Antom;
using Kit.Schema;
using Xunit;

namespace Kit.Contracts.Tests;

/// <summary>
/// Generated Antom requests (THB and IDR amounts, Thai and Indonesian banks and buyers) must be accepted by both
/// Kit's generated validators and NJsonSchema; the same mutations must be rejected by both at the same path.
/// </summary>
public sealed class DifferentialTests
{
    private const int PerMessageType = 1000;

    private static readonly string[] ThaiBanks = ["BANGKOKBANK", "KRUNGTHAIBANK", "SIAMCOMMERCIALBANK", "BANKOFAYUDHYA", "KASIKORNBANK"];
    private static readonly string[] IndonesianTypes = ["BANKTRANSFER_MAYBANK", "BANKTRANSFER_BNI", "BANKTRANSFER_PERMATA", "BANKTRANSFER_BSI", "CIMBNIAGA", "ATMTRANSFER_ID"];
    private static readonly string[] ThaiFirst = ["สมชาย", "สุดารัตน์", "ณัฐพล", "พิมพ์ชนก", "กิตติศักดิ์", "วราภรณ์"];
    private static readonly string[] ThaiLast = ["ใจดี", "ศรีสุข", "วงศ์ใหญ่", "แก้วมณี", "ทองคำ"];
    private static readonly string[] ThaiGoods = ["ชุดกาแฟ", "เสื้อยืด", "หูฟังไร้สาย", "ข้าวหอมมะลิ 5 กก."];

    public static TheoryData<string> MessageTypes => new() { "createPaymentSession", "inquiryPayment", "cancel", "notifyPayment" };

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public async Task Valid_requests_are_accepted_by_both_and_mutations_rejected_at_the_same_path(string message)
    {
        var (kit, file) = Validator(message);
        var nj = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "schemas", "antom", file));
        var faker = new Faker("id_ID") { Random = new Randomizer(20261126 + message.Length) };

        for (var i = 0; i < PerMessageType; i++)
        {
            var doc = Generate(message, faker);
            var json = doc.ToJsonString();
            var kitResult = kit(json);
            Assert.True(kitResult.IsValid, $"Kit rejected a valid {message}: {kitResult}\n{json}");
            var njErrors = nj.Validate(json);
            Assert.True(njErrors.Count == 0, $"NJsonSchema rejected a valid {message}: {string.Join("; ", njErrors)}\n{json}");

            foreach (var (kind, mutated, pointer) in Mutations(message, doc, faker))
            {
                var mutatedJson = mutated.ToJsonString();
                var k = kit(mutatedJson);
                Assert.False(k.IsValid, $"Kit accepted {kind} at {pointer}: {mutatedJson}");
                Assert.Contains(k.Violations, v => v.InstancePointer == pointer);
                var n = nj.Validate(mutatedJson);
                Assert.True(n.Count > 0, $"NJsonSchema accepted {kind} at {pointer}: {mutatedJson}");
                Assert.Contains(n, e => NJsonSchemaPointer(e) == pointer);
            }
        }
    }

    private static (Func<string, Kit.Schema.ValidationResult>, string) Validator(string message) => message switch
    {
        "createPaymentSession" => (CreatePaymentSessionRequestValidator.Validate, "createPaymentSession.request.schema.json"),
        "inquiryPayment" => (InquiryPaymentRequestValidator.Validate, "inquiryPayment.request.schema.json"),
        "cancel" => (CancelRequestValidator.Validate, "cancel.request.schema.json"),
        _ => (NotifyPaymentRequestValidator.Validate, "notifyPayment.request.schema.json"),
    };

    /// <summary>NJsonSchema's error path (#/order.buyer.buyerName, with [i] for items) as a JSON pointer.</summary>
    private static string NJsonSchemaPointer(NJsonSchema.Validation.ValidationError e)
    {
        var path = (e.Path ?? "#").TrimStart('#');
        path = System.Text.RegularExpressions.Regex.Replace(path, @"\[(\d+)\]", ".$1");
        return path.Length == 0 ? "" : "/" + path.TrimStart('/', '.').Replace('.', '/');
    }

    private static JsonObject Amount(Faker f, string currency) => new()
    {
        ["currency"] = currency,
        // THB: 1 to 2,000,000 baht in satang; IDR: 10,000 to 100,000,000 rupiah, whole rupiah (ends in 00).
        ["value"] = currency == "THB" ? f.Random.Long(100, 200_000_000).ToString() : (f.Random.Long(10_000, 100_000_000) * 100).ToString(),
    };

    private static JsonObject Generate(string message, Faker f)
    {
        var thai = f.Random.Bool();
        var currency = thai ? "THB" : "IDR";
        var requestId = "REQ-" + f.Random.AlphaNumeric(f.Random.Int(8, 40)).ToUpperInvariant();
        switch (message)
        {
            case "createPaymentSession":
                var amount = Amount(f, currency);
                var buyer = new JsonObject
                {
                    ["referenceBuyerId"] = f.Random.AlphaNumeric(12),
                    ["buyerName"] = thai
                        ? new JsonObject { ["firstName"] = f.PickRandom(ThaiFirst), ["lastName"] = f.PickRandom(ThaiLast) }
                        : new JsonObject { ["firstName"] = f.Name.FirstName(), ["lastName"] = f.Name.LastName() },
                    ["buyerPhoneNo"] = thai ? "+66" + f.Random.ReplaceNumbers("8########") : "+62" + f.Random.ReplaceNumbers("81########"),
                };
                var metaData = f.Random.Int(0, 2) switch
                {
                    0 => new JsonObject { ["bankName"] = thai ? f.PickRandom(ThaiBanks) : "PERMATA" },
                    1 => new JsonObject { ["paymentMethodCategory"] = f.PickRandom("BANK_TRANSFER", "MOBILE_BANKING_APP", "ONLINE_BANKING") },
                    _ => new JsonObject { ["paymentMethodRegion"] = thai ? "TH" : "ID" },
                };
                var seedForm = f.Random.Bool();
                return new JsonObject
                {
                    ["productCode"] = seedForm ? "AGREEMENT_PAYMENT" : "CASHIER_PAYMENT",
                    ["paymentRequestId"] = requestId,
                    ["paymentNotifyUrl"] = "https://shop.example/antom/notify",
                    ["paymentRedirectUrl"] = "https://shop.example/orders/" + f.Random.Int(1, 99999),
                    ["paymentAmount"] = amount,
                    ["order"] = new JsonObject
                    {
                        ["orderAmount"] = amount.DeepClone(),
                        ["orderDescription"] = thai ? f.PickRandom(ThaiGoods) : f.Commerce.ProductName(),
                        ["referenceOrderId"] = "ORD-" + f.Random.Int(1, 9_999_999),
                        ["buyer"] = buyer,
                    },
                    ["paymentMethod"] = seedForm
                        ? new JsonObject { ["paymentMethodType"] = "BANK", ["paymentMethodMetaData"] = metaData }
                        : new JsonObject { ["paymentMethodType"] = thai ? "ONLINEBANKING_" + f.PickRandom(ThaiBanks) : f.PickRandom(IndonesianTypes) },
                    ["env"] = new JsonObject { ["terminalType"] = f.PickRandom("WEB", "WAP") },
                };
            case "inquiryPayment":
            case "cancel":
                return f.Random.Bool()
                    ? new JsonObject { ["paymentRequestId"] = requestId }
                    : new JsonObject { ["paymentId"] = "2026" + f.Random.ReplaceNumbers("################") };
            default:
                var success = f.Random.Bool();
                return new JsonObject
                {
                    ["notifyType"] = "PAYMENT_RESULT",
                    ["result"] = success
                        ? new JsonObject { ["resultCode"] = "SUCCESS", ["resultStatus"] = "S", ["resultMessage"] = "success" }
                        : new JsonObject { ["resultCode"] = f.PickRandom("USER_BALANCE_NOT_ENOUGH", "RISK_REJECT", "PAYMENT_AMOUNT_EXCEED_LIMIT"), ["resultStatus"] = "F" },
                    ["paymentRequestId"] = requestId,
                    ["paymentId"] = "2026" + f.Random.ReplaceNumbers("################"),
                    ["paymentAmount"] = Amount(f, currency),
                    ["paymentCreateTime"] = "2026-11-26T12:08:56+07:00",
                    ["paymentMethodType"] = thai ? "ONLINEBANKING_" + f.PickRandom(ThaiBanks) : f.PickRandom(IndonesianTypes),
                };
        }
    }

    /// <summary>Each mutation: what it is, the mutated document, and the pointer both validators must name.</summary>
    private static IEnumerable<(string Kind, JsonObject Doc, string Pointer)> Mutations(string message, JsonObject doc, Faker f)
    {
        JsonObject Copy() => (JsonObject)doc.DeepClone();

        var idField = doc.ContainsKey("paymentRequestId") ? "paymentRequestId" : "paymentId";
        var longId = Copy();
        longId[idField] = new string('X', 65);
        yield return ("over-long string", longId, "/" + idField);

        var wrongType = Copy();
        wrongType[idField] = f.Random.Int(1, 1000);
        yield return ("wrong type", wrongType, "/" + idField);

        if (message == "createPaymentSession")
        {
            var missing = Copy();
            missing.Remove("paymentAmount");
            yield return ("missing required field", missing, "/paymentAmount");
            var badEnum = Copy();
            badEnum["productCode"] = "CARD_PAYMENT";
            yield return ("bad enum", badEnum, "/productCode");
            var badAmount = Copy();
            badAmount["paymentAmount"]!["value"] = f.PickRandom("12.50", "-100", "0", "1e5");
            yield return ("bad amount", badAmount, "/paymentAmount/value");
            var badCurrency = Copy();
            badCurrency["order"]!["orderAmount"]!["currency"] = "baht";
            yield return ("bad currency", badCurrency, "/order/orderAmount/currency");
        }
        if (message == "notifyPayment")
        {
            var missing = Copy();
            missing.Remove("paymentId");
            yield return ("missing required field", missing, "/paymentId");
            var badEnum = Copy();
            badEnum["notifyType"] = "PAYMENT_DONE";
            yield return ("bad enum", badEnum, "/notifyType");
            var badStatus = Copy();
            badStatus["result"]!["resultStatus"] = "X";
            yield return ("bad enum", badStatus, "/result/resultStatus");
            var badAmount = Copy();
            badAmount["paymentAmount"]!["value"] = "12.50";
            yield return ("bad amount", badAmount, "/paymentAmount/value");
        }
    }
}
