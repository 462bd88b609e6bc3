using System.Text;
using System.Text.Json;
using Kit.Contracts.Antom;
using Kit.Contracts.Sdk;
using Xunit;

namespace Kit.Contracts.Tests;

public sealed class AntomSchemaTests
{
    [Theory]
    [InlineData("""{ "bankName": "BANGKOKBANK" }""")]
    [InlineData("""{ "paymentMethodCategory": "BANK_TRANSFER" }""")]
    [InlineData("""{ "paymentMethodCategory": "MOBILE_BANKING_APP" }""")]
    [InlineData("""{ "paymentMethodCategory": "ONLINE_BANKING" }""")]
    [InlineData("""{ "paymentMethodRegion": "TH" }""")]
    [InlineData("""{ "paymentMethodRegion": "ID" }""")]
    public void Seed_request_validates_in_each_display_mode(string metaData)
    {
        var result = CreatePaymentSessionRequestValidator.Validate(SeedRequests.Seed(metaData));
        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Antom_cashier_form_with_per_bank_method_validates_and_round_trips()
    {
        var result = CreatePaymentSessionRequestValidator.Validate(SeedRequests.AntomCashier);
        Assert.True(result.IsValid, result.ToString());

        var request = JsonSerializer.Deserialize(SeedRequests.AntomCashier, ContractsJsonContext.Default.CreatePaymentSessionRequest)!;
        Assert.Equal(ProductCode.CashierPayment, request.ProductCode);
        Assert.Equal(TerminalType.Wap, request.Env!.TerminalType);
        Assert.Equal("Siti", request.Order.Buyer!.BuyerName!.FirstName);

        var again = JsonSerializer.Serialize(request, ContractsJsonContext.Default.CreatePaymentSessionRequest);
        using var a = JsonDocument.Parse(SeedRequests.AntomCashier);
        using var b = JsonDocument.Parse(again);
        Assert.True(JsonElement.DeepEquals(a.RootElement, b.RootElement), again);
    }

    [Fact]
    public void Seed_misspelling_paymentMethodCaregory_is_rejected_naming_the_right_field()
    {
        var result = CreatePaymentSessionRequestValidator.Validate(SeedRequests.Seed("""{ "paymentMethodCaregory": "ONLINE_BANKING" }"""));
        var v = Assert.Single(result.Violations, v => v.Keyword == "additionalProperties");
        Assert.Equal("/paymentMethod/paymentMethodMetaData/paymentMethodCaregory", v.InstancePointer);
        Assert.Contains("did you mean 'paymentMethodCategory'", v.Message);
        Assert.Equal("paymentMethodMetaData.schema.json#/additionalProperties", v.SchemaLocation);
    }

    [Fact]
    public void Every_violation_is_reported_with_pointer_keyword_and_message()
    {
        const string bad = """
            {
              "productCode": "CARD_PAYMENT",
              "paymentRequestId": "",
              "paymentAmount": { "currency": "IDR", "value": "1550" },
              "order": { "orderDescription": "x" },
              "paymentRedirectUrl": "not a uri",
              "paymentMethod": { "paymentMethodType": "BANK", "paymentMethodMetaData": { "bankName": "SCB", "paymentMethodRegion": "TH" } }
            }
            """;
        var result = CreatePaymentSessionRequestValidator.Validate(Encoding.UTF8.GetBytes(bad));
        var found = result.Violations.Select(v => (v.InstancePointer, v.Keyword)).ToHashSet();
        Assert.Contains(("/productCode", "enum"), found);
        Assert.Contains(("/paymentRequestId", "minLength"), found);
        Assert.Contains(("/paymentAmount/value", "pattern"), found);         // IDR must be whole rupiah
        Assert.Contains(("/order/orderAmount", "required"), found);
        Assert.Contains(("/paymentRedirectUrl", "format"), found);
        Assert.Contains(("/paymentMethod/paymentMethodMetaData", "oneOf"), found); // two display modes at once
        Assert.False(CreatePaymentSessionRequestValidator.IsValid(Encoding.UTF8.GetBytes(bad)));
    }

    [Fact]
    public void A_pattern_anchor_does_not_match_before_a_final_newline()
    {
        // ECMA-262: $ is the end of the input. .NET's $ also matches before a final "\n", so without the
        // translation "125000\n" passed ^[1-9][0-9]*$.
        Assert.True(AmountValidator.Validate("""{ "currency": "THB", "value": "125000" }""").IsValid);
        var v = Assert.Single(AmountValidator.Validate("""{ "currency": "THB", "value": "125000\n" }""").Violations);
        Assert.Equal(("/value", "pattern"), (v.InstancePointer, v.Keyword));
        Assert.Contains("^[1-9][0-9]*$", v.Message);
    }

    [Fact]
    public void Thai_names_are_measured_in_code_points()
    {
        var name = new string('ก', 32);
        Assert.True(UserNameValidator.Validate($$"""{ "firstName": "{{name}}" }""").IsValid);
        var tooLong = UserNameValidator.Validate($$"""{ "firstName": "{{name}}ข" }""");
        Assert.Equal("maxLength", Assert.Single(tooLong.Violations).Keyword);
    }

    [Fact]
    public void Unpaired_surrogate_escapes_are_validated_not_thrown()
    {
        // JSON allows "\ud800"; .NET's GetString() throws on it. Validators and converters must not.
        Assert.True(UserNameValidator.Validate("""{ "firstName": "a\ud800b" }""").IsValid);
        var v = Assert.Single(UserNameValidator.Validate("""{ "first\ud800": "x" }""").Violations);
        Assert.Equal("additionalProperties", v.Keyword);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{ "firstName": "\ud800" }""", ContractsJsonContext.Default.UserName));
    }

    [Fact]
    public void Not_json_gives_one_clear_violation()
    {
        var result = InquiryPaymentRequestValidator.Validate("{\"paymentId\": ");
        var v = Assert.Single(result.Violations);
        Assert.Equal("json", v.Keyword);
        Assert.Contains("not valid JSON", v.Message);
    }

    [Fact]
    public void Inquiry_and_cancel_need_one_of_the_two_ids()
    {
        Assert.True(InquiryPaymentRequestValidator.Validate("""{ "paymentId": "2026112619" }""").IsValid);
        Assert.True(CancelRequestValidator.Validate("""{ "paymentRequestId": "REQ-1" }""").IsValid);
        Assert.False(CancelRequestValidator.Validate("""{ "merchantAccountId": "M1" }""").IsValid);
    }

    [Fact]
    public void Success_responses_must_carry_their_payload()
    {
        var ok = """{ "result": { "resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success" } }""";
        var missing = CreatePaymentSessionResponseValidator.Validate(ok);
        Assert.Contains(missing.Violations, v => v.InstancePointer == "/paymentSessionData" && v.Keyword == "required");
        var failed = """{ "result": { "resultCode": "PARAM_ILLEGAL", "resultStatus": "F" } }""";
        Assert.True(CreatePaymentSessionResponseValidator.Validate(failed).IsValid);
    }

    [Fact]
    public void Acknowledgement_is_exactly_the_success_body()
    {
        Assert.True(NotifyPaymentAcknowledgementValidator.Validate("""{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}""").IsValid);
        Assert.False(NotifyPaymentAcknowledgementValidator.Validate("""{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"ok"}}""").IsValid);
    }

    [Fact]
    public void Enums_round_trip_exact_wire_values()
    {
        foreach (var category in Enum.GetValues<PaymentMethodCategory>())
        {
            var json = JsonSerializer.Serialize(category, ContractsJsonContext.Default.PaymentMethodCategory);
            Assert.Equal(category, JsonSerializer.Deserialize(json, ContractsJsonContext.Default.PaymentMethodCategory));
        }
        Assert.Equal("\"MOBILE_BANKING_APP\"", JsonSerializer.Serialize(PaymentMethodCategory.MobileBankingApp, ContractsJsonContext.Default.PaymentMethodCategory));
        // The SDK accepts both spellings of environment; the enum keeps them apart.
        Assert.Equal("SANDBOX", Kit.Contracts.Sdk.Environment.SANDBOX.ToWireValue());
        Assert.Equal("sandbox", Kit.Contracts.Sdk.Environment.sandbox.ToWireValue());
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("\"BANK\"", ContractsJsonContext.Default.PaymentMethodCategory));
        Assert.Contains("BANK_TRANSFER", ex.Message);
    }

    [Fact]
    public void Catalogs_load_through_generated_types()
    {
        var sdk = ContractCatalogs.SdkEventCodes;
        Assert.Equal(18, sdk.Codes.Count);
        Assert.Equal(Enum.GetValues<SdkEventCode>().Length, sdk.Codes.Select(c => c.Code).Distinct().Count());
        Assert.Equal(7, sdk.Codes.Count(c => c.DocumentedBySeed));
        Assert.Empty(sdk.Codes.Single(c => c.Code == SdkEventCode.SdkCallUrlError).Channels);

        var signature = ContractCatalogs.FindResultCode("INVALID_SIGNATURE")!;
        Assert.Equal(ResultStatus.F, signature.Status);
        Assert.Equal(ResultStatus.U, ContractCatalogs.FindResultCode("PAYMENT_IN_PROCESS")!.Status);
        Assert.Null(ContractCatalogs.FindResultCode("NOT_A_CODE"));
    }

    [Fact]
    public void Sdk_options_reject_async_callbacks_and_accept_the_seed_spelling()
    {
        Assert.True(AmsCashierPaymentOptionsValidator.Validate("""{ "environment": "SANDBOX", "locale": "th_TH", "onEventCallback": "[object Function]" }""").IsValid);
        var async = AmsCashierPaymentOptionsValidator.Validate("""{ "environment": "sandbox", "onEventCallback": "[object AsyncFunction]" }""");
        Assert.Equal("/onEventCallback", Assert.Single(async.Violations).InstancePointer);
        Assert.False(CreateComponentParametersValidator.Validate("""{ "sessionData": "" }""").IsValid);
    }
}
