using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Kit.Contracts.Antom;

namespace Kit.Benchmarks;

/// <summary>Parse + validate a realistic createPaymentSession request from UTF-8 bytes: Kit vs NJsonSchema vs JsonSchema.Net.</summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private byte[] _valid = [];
    private byte[] _invalid = [];
    private global::NJsonSchema.JsonSchema _nj = null!;
    private Json.Schema.JsonSchema _jsn = null!;

    [Params("valid", "invalid")]
    public string Document { get; set; } = "valid";

    private byte[] Bytes => Document == "valid" ? _valid : _invalid;

    // JsonSchema.Net's global registry refuses a second registration, and setup runs once per parameter value.
    private static readonly Lazy<Json.Schema.JsonSchema> JsonSchemaNetRoot = new(() =>
    {
        Json.Schema.JsonSchema root = null!;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "schemas", "antom"), "*.schema.json"))
        {
            var schema = Json.Schema.JsonSchema.FromText(File.ReadAllText(file));
            if (file.EndsWith("createPaymentSession.request.schema.json")) root = schema;
            else Json.Schema.SchemaRegistry.Global.Register(schema);
        }
        return root;
    });

    [GlobalSetup]
    public void Setup()
    {
        _valid = Encoding.UTF8.GetBytes(Requests.Valid);
        _invalid = Encoding.UTF8.GetBytes(Requests.Invalid);
        var dir = Path.Combine(AppContext.BaseDirectory, "schemas", "antom");
        _nj = global::NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(dir, "createPaymentSession.request.schema.json")).GetAwaiter().GetResult();
        _jsn = JsonSchemaNetRoot.Value;
        // Each must agree with the others before anything is timed.
        var expected = Document == "valid";
        if (!Kit() || NJsonSchema() != expected || JsonSchemaNet() != expected)
            throw new InvalidOperationException($"the validators disagree on the {Document} document: Kit {Kit()}, NJsonSchema {NJsonSchema()}, JsonSchema.Net {JsonSchemaNet()}");
    }

    [Benchmark(Baseline = true)]
    public bool Kit() => CreatePaymentSessionRequestValidator.Validate(Bytes).IsValid == (Document == "valid");

    /// <summary>
    /// Kit, then every violation's message read: Kit composes a message when it is first read (NJsonSchema keeps a
    /// kind and formats on ToString), so this is the cost when a caller shows every message.
    /// </summary>
    [Benchmark]
    public int KitReadingMessages()
    {
        var length = 0;
        foreach (var violation in CreatePaymentSessionRequestValidator.Validate(Bytes).Violations) length += violation.Message.Length;
        return length;
    }

    /// <summary>The floor: parsing alone, which every Kit validation includes.</summary>
    [Benchmark]
    public int ParseOnly()
    {
        using var doc = JsonDocument.Parse(Bytes);
        return doc.RootElement.GetPropertyCount();
    }

    /// <summary>
    /// The floor of a streaming validator (validation during parsing, the way to 20× NJsonSchema): one
    /// Utf8JsonReader pass over every token, without building a document.
    /// </summary>
    [Benchmark]
    public int ReaderOnly()
    {
        var reader = new Utf8JsonReader(Bytes);
        var tokens = 0;
        while (reader.Read()) tokens++;
        return tokens;
    }

    [Benchmark]
    public bool NJsonSchema() => _nj.Validate(Encoding.UTF8.GetString(Bytes)).Count == 0;

    [Benchmark]
    public bool JsonSchemaNet()
    {
        using var doc = JsonDocument.Parse(Bytes);
        return _jsn.Evaluate(doc.RootElement, new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List }).IsValid;
    }
}

public static class Requests
{
    public const string Valid = """
        {
          "productCode": "CASHIER_PAYMENT",
          "productScene": "CHECKOUT_PAYMENT",
          "paymentRequestId": "REQ-20261126-8F3A91C2D4",
          "paymentNotifyUrl": "https://shop.example/antom/notify",
          "paymentRedirectUrl": "https://shop.example/orders/88123/done",
          "paymentAmount": { "currency": "THB", "value": "125000" },
          "order": {
            "orderAmount": { "currency": "THB", "value": "125000" },
            "orderDescription": "ชุดกาแฟดริป 2 ชิ้น",
            "referenceOrderId": "ORD-88123",
            "goods": [
              { "referenceGoodsId": "SKU-1", "goodsName": "ชุดกาแฟดริป", "goodsUnitAmount": { "currency": "THB", "value": "62500" }, "goodsQuantity": "2", "deliveryMethodType": "PHYSICAL" }
            ],
            "buyer": { "referenceBuyerId": "u-4412", "buyerName": { "firstName": "สมชาย", "lastName": "ใจดี" }, "buyerPhoneNo": "+66812345678", "buyerEmail": "somchai@example.co.th" }
          },
          "paymentMethod": { "paymentMethodType": "BANK", "paymentMethodMetaData": { "paymentMethodCategory": "ONLINE_BANKING" } },
          "env": { "terminalType": "WEB", "userAgent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0" },
          "paymentSessionExpiryTime": "2026-11-26T13:08:56+07:00",
          "locale": "th_TH"
        }
        """;

    public static readonly string Invalid = Valid
        .Replace("\"paymentMethodCategory\"", "\"paymentMethodCaregory\"")
        .Replace("\"125000\" },\n  \"order\"", "\"1250.00\" },\n  \"order\"")
        .Replace("\"REQ-20261126-8F3A91C2D4\"", "\"" + new string('R', 70) + "\"");
}
