using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Kit.Simulator.Hosting;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>State and keys live in the data directory: a restarted simulator knows its client, keys and payments.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("kit-sim-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_restart_loses_no_payment_and_keeps_the_keys()
    {
        string clientId, paymentId;
        var options = new SimulatorOptions { DataDirectory = _data };
        using (var first = SimulatorHost.StartOnFreePort(options))
        {
            clientId = first.Clients.SandboxClientId;
            Assert.True(File.Exists(Path.Combine(_data, "keys", "merchant-private.pem")));
            var session = await Client(first).CreatePaymentSessionAsync(RunningSimulator.Request("REQ-DURABLE"));
            Assert.True(session.IsSuccess);
            paymentId = (await Client(first).InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "REQ-DURABLE" })).Body.PaymentId!;
        }

        using var second = SimulatorHost.StartOnFreePort(options);
        Assert.Equal(clientId, second.Clients.SandboxClientId);
        // A merchant that kept the key files from the first start still signs correctly.
        var merchantKey = AntomKeys.ImportPrivateKey(File.ReadAllText(Path.Combine(_data, "keys", "merchant-private.pem")));
        var client = new AntomClient(new HttpClient { BaseAddress = second.BaseAddress }, new AntomClientOptions
        {
            ClientId = clientId, MerchantPrivateKey = merchantKey,
            AntomPublicKey = AntomKeys.ImportPublicKey(File.ReadAllText(Path.Combine(_data, "keys", "antom-public.pem"))),
        });
        var inquiry = await client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentId = paymentId });
        Assert.Equal(PaymentStatus.Processing, inquiry.Body.PaymentStatus);
        Assert.Equal("REQ-DURABLE", inquiry.Body.PaymentRequestId);
    }

    [Fact]
    public async Task A_restart_keeps_refunds_in_process_their_forced_outcomes_and_armed_merchant_faults()
    {
        var options = new SimulatorOptions { DataDirectory = _data, VirtualClockStart = RunningSimulator.Start };
        string refundId;
        using (var first = SimulatorHost.StartOnFreePort(options))
        {
            Assert.True((await Client(first).CreatePaymentSessionAsync(RunningSimulator.Request("REQ-DURABLE-REFUND"))).IsSuccess);
            first.Engine.Complete(first.Clients.SandboxClientId, "REQ-DURABLE-REFUND", success: true);
            var paymentId = (await Client(first).InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = "REQ-DURABLE-REFUND" })).Body.PaymentId!;
            first.Engine.ForceRefund(first.Clients.SandboxClientId, "RF-DURABLE", "refund-in-process-fail");
            var refund = await Client(first).RefundAsync(new RefundRequest { RefundRequestId = "RF-DURABLE", PaymentId = paymentId, RefundAmount = new Amount { Currency = "THB", Value = "1000" } });
            Assert.Equal("REFUND_IN_PROCESS", refund.Result.ResultCode);
            refundId = refund.Body.RefundId!;
            first.Engine.ArmApiFault(first.Clients.SandboxClientId, "inquiryRefund", first.Engine.ApiFaultNamed("unknown", null), 1);
        }

        using var second = SimulatorHost.StartOnFreePort(options);
        var client = Client(second);
        Assert.Equal("UNKNOWN_EXCEPTION", (await client.InquiryRefundAsync(new InquiryRefundRequest { RefundId = refundId })).Result.ResultCode);
        Assert.Equal(RefundStatus.Processing, (await client.InquiryRefundAsync(new InquiryRefundRequest { RefundId = refundId })).Body.RefundStatus);
        second.AdvanceClock(TimeSpan.FromMinutes(5));
        var settled = await client.InquiryRefundAsync(new InquiryRefundRequest { RefundRequestId = "RF-DURABLE" });
        Assert.Equal((RefundStatus.Fail, refundId), (settled.Body.RefundStatus!.Value, settled.Body.RefundId));
    }

    [Fact]
    public void A_database_from_before_terminal_types_were_kept_opens_with_its_payments()
    {
        // The payments table as the previous release wrote it, with one open payment in it.
        var file = Path.Combine(_data, "old.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE payments (
                  client_id TEXT NOT NULL, payment_request_id TEXT NOT NULL, payment_id TEXT NOT NULL UNIQUE,
                  payment_session_id TEXT NOT NULL, status TEXT NOT NULL, result_code TEXT, result_message TEXT,
                  currency TEXT NOT NULL, value TEXT NOT NULL, payment_method_type TEXT, notify_url TEXT, redirect_url TEXT,
                  created_at TEXT NOT NULL, expires_at TEXT NOT NULL, completed_at TEXT, key_fields TEXT NOT NULL, session_response TEXT NOT NULL,
                  outcome TEXT NOT NULL, completes_at TEXT,
                  PRIMARY KEY (client_id, payment_request_id));
                INSERT INTO payments VALUES ('C', 'REQ-OLD', 'P1', 'S1', 'PROCESSING', NULL, NULL, 'THB', '1000', 'BANK', NULL, NULL,
                  '2026-11-26T05:00:00.0000000+00:00', '2026-11-26T06:00:00.0000000+00:00', NULL, 'k', '{}', 'success', NULL);
                """;
            command.ExecuteNonQuery();
        }
        using var store = Kit.Simulator.Engine.SimulatorStore.OpenFile(file);
        var payment = store.FindByRequestId("C", "REQ-OLD")!;
        Assert.Null(payment.TerminalType);
        store.Update(payment with { TerminalType = TerminalType.Wap });
        Assert.Equal(TerminalType.Wap, store.FindByRequestId("C", "REQ-OLD")!.TerminalType);
    }

    private static AntomClient Client(SimulatorHost host) => new(new HttpClient { BaseAddress = host.BaseAddress }, new AntomClientOptions
    {
        ClientId = host.Clients.SandboxClientId,
        MerchantPrivateKey = host.Clients.SandboxMerchantKey,
        AntomPublicKey = AntomKeys.ImportPublicKey(host.Clients.AntomPublicKeyPem),
    });
}
