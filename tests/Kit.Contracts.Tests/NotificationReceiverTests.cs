using System.Security.Cryptography;
using System.Text;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Xunit;

namespace Kit.Contracts.Tests;

public sealed class NotificationReceiverTests
{
    private static readonly RSA AntomKey = RSA.Create(2048);
    private const string ClientId = "SANDBOX_5X00000000000000";
    private const string Body = """{"notifyType":"PAYMENT_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"paymentRequestId":"REQ-1","paymentId":"202611260001","paymentAmount":{"currency":"THB","value":"125000"},"paymentTime":"2026-11-26T12:08:56+07:00"}""";

    private static Dictionary<string, string> SignedHeaders(string path = "/antom/notify", string body = Body) => new()
    {
        ["Client-Id"] = ClientId,
        ["Request-Time"] = "2026-11-26T05:08:56Z",
        ["SIGNATURE"] = new AntomSigner(AntomKey).SignatureHeaderValue("POST", path, ClientId, "2026-11-26T05:08:56Z", Encoding.UTF8.GetBytes(body)),
    };

    [Fact]
    public void Verifies_parses_and_acknowledges()
    {
        var result = new AntomNotificationReceiver(AntomKey, ClientId).ReceivePayment(SignedHeaders(), "/antom/notify", Encoding.UTF8.GetBytes(Body));
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(NotifyType.PaymentResult, result.Notification!.NotifyType);
        Assert.Equal(ResultStatus.S, result.Notification.Result.ResultStatus);
        Assert.Equal("""{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}""", Encoding.UTF8.GetString(AntomNotificationReceiver.AcknowledgementBody));
        Assert.True(NotifyPaymentAcknowledgementValidator.Validate(AntomNotificationReceiver.AcknowledgementJson).IsValid);
    }

    [Fact]
    public void Rejects_with_a_reason()
    {
        var receiver = new AntomNotificationReceiver(AntomKey, ClientId);
        var tampered = Body.Replace("125000", "125001");
        Assert.Equal(NotificationFailure.Signature, receiver.ReceivePayment(SignedHeaders(), "/antom/notify", Encoding.UTF8.GetBytes(tampered)).Failure);
        Assert.Equal(SignatureFailure.Mismatch, receiver.ReceivePayment(SignedHeaders(), "/other", Encoding.UTF8.GetBytes(Body)).Signature.Failure);
        Assert.Equal(NotificationFailure.ClientIdMismatch, new AntomNotificationReceiver(AntomKey, "SANDBOX_OTHER").ReceivePayment(SignedHeaders(), "/antom/notify", Encoding.UTF8.GetBytes(Body)).Failure);
        var noSignature = SignedHeaders();
        noSignature.Remove("SIGNATURE");
        Assert.Equal(SignatureFailure.MissingHeader, receiver.ReceivePayment(noSignature, "/antom/notify", Encoding.UTF8.GetBytes(Body)).Signature.Failure);

        const string notNotify = """{"hello":"world"}""";
        var invalid = receiver.ReceivePayment(SignedHeaders(body: notNotify), "/antom/notify", Encoding.UTF8.GetBytes(notNotify));
        Assert.Equal(NotificationFailure.InvalidBody, invalid.Failure);
        Assert.Contains(invalid.Violations, v => v.InstancePointer == "/notifyType");
    }

    [Fact]
    public void A_refund_notification_is_verified_against_its_own_schema()
    {
        const string refund = """{"notifyType":"REFUND_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"refundStatus":"SUCCESS","refundRequestId":"RF-1","refundId":"202612020001","refundAmount":{"currency":"IDR","value":"5000000"},"refundTime":"2026-12-02T12:00:00+07:00"}""";
        var receiver = new AntomNotificationReceiver(AntomKey, ClientId);
        var result = receiver.ReceiveRefund(SignedHeaders("/antom/refund", refund), "/antom/refund", Encoding.UTF8.GetBytes(refund));
        Assert.True(result.IsValid, result.Message);
        Assert.Equal((RefundNotifyType.RefundResult, RefundStatus.Success, "5000000"), (result.Notification!.NotifyType, result.Notification.RefundStatus, result.Notification.RefundAmount.Value));

        // A payment notification sent to the refund endpoint is signed, but it is not a notifyRefund.
        var misrouted = receiver.ReceiveRefund(SignedHeaders("/antom/refund"), "/antom/refund", Encoding.UTF8.GetBytes(Body));
        Assert.Equal(NotificationFailure.InvalidBody, misrouted.Failure);
        Assert.Contains("notifyRefund schema", misrouted.Message);
        Assert.Contains(misrouted.Violations, v => v.InstancePointer == "/refundId");
    }
}
