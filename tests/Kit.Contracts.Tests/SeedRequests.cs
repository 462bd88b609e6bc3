namespace Kit.Contracts.Tests;

/// <summary>Requests as the seed guide and Antom's own docs write them.</summary>
public static class SeedRequests
{
    public static string Seed(string metaData) => $$"""
        {
          "productCode": "AGREEMENT_PAYMENT",
          "paymentRequestId": "REQ-20261126-0001",
          "paymentNotifyUrl": "https://merchant.example/antom/notify",
          "paymentRedirectUrl": "https://merchant.example/checkout/done",
          "paymentAmount": { "currency": "THB", "value": "125000" },
          "order": {
            "orderAmount": { "currency": "THB", "value": "125000" },
            "orderDescription": "ชุดกาแฟ 2 ชิ้น",
            "referenceOrderId": "ORD-7781"
          },
          "paymentMethod": { "paymentMethodType": "BANK", "paymentMethodMetaData": {{metaData}} }
        }
        """;

    public const string AntomCashier = """
        {
          "productCode": "CASHIER_PAYMENT",
          "productScene": "CHECKOUT_PAYMENT",
          "paymentRequestId": "pay_3f1c9a",
          "paymentRedirectUrl": "https://merchant.example/return",
          "paymentAmount": { "currency": "IDR", "value": "15000000" },
          "settlementStrategy": { "settlementCurrency": "USD" },
          "order": {
            "orderAmount": { "currency": "IDR", "value": "15000000" },
            "referenceOrderId": "INV-0099",
            "orderDescription": "Sepatu lari",
            "buyer": { "referenceBuyerId": "u-42", "buyerName": { "firstName": "Siti", "lastName": "Rahayu" } },
            "env": { "terminalType": "WAP", "osType": "ANDROID" }
          },
          "paymentMethod": { "paymentMethodType": "BANKTRANSFER_PERMATA" },
          "env": { "terminalType": "WAP", "osType": "ANDROID" }
        }
        """;
}
