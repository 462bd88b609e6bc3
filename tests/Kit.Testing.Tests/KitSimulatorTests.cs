using System.Security.Cryptography;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Kit.Testing;
using Kit.Testing.Control;
using Kit.Testing.Data;
using Xunit;

namespace Kit.Testing.Tests;

public sealed class KitSimulatorTests
{
    private static readonly Uri Shop = new("http://127.0.0.1:9/"); // nothing listens: notifications fail, and are recorded

    [Fact]
    public async Task Starts_in_memory_on_loopback_with_a_virtual_clock_and_keys_in_every_form()
    {
        await using var antom = await KitSimulator.StartAsync(new KitSimulatorOptions { VirtualClockStart = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero) });

        Assert.True(antom.BaseAddress.IsLoopback);
        Assert.StartsWith("SANDBOX_", antom.ClientId);
        var clock = await antom.Control.GetClockAsync();
        Assert.Equal((new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero), true), (clock.Now, clock.IsVirtual));
        Assert.Equal(clock.Now.AddMinutes(15), (await antom.Control.AdvanceClockAsync(TimeSpan.FromMinutes(15))).Now);

        // Every form is the same key pair: what the merchant signs with one form verifies with the public key.
        var content = "POST /ams/api/v1/payments/inquiryPayment\nclient.1.{}"u8.ToArray();
        using var pkcs8 = RSA.Create();
        pkcs8.ImportPkcs8PrivateKey(Convert.FromBase64String(antom.Keys.MerchantPrivateKeyBase64), out _);
        using var pkcs1 = RSA.Create();
        pkcs1.ImportFromPem(antom.Keys.MerchantPrivateKeyPkcs1Pem);
        using var pub = RSA.Create();
        pub.ImportFromPem(antom.Keys.MerchantPublicKeyPem);
        foreach (var (form, key) in new[] { ("PKCS#8 Base64", pkcs8), ("PKCS#1 PEM", pkcs1) })
            Assert.True(pub.VerifyData(content, key.SignData(content, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), form);
        Assert.Equal(antom.Keys.AntomPublicKeyBase64, AntomKeys.ExportPublicKeyBase64(AntomKeys.ImportPublicKey(antom.Keys.AntomPublicKeyPem)));
        Assert.Equal(antom.Keys.AntomPublicKeyPem.Trim(), (await new HttpClient().GetStringAsync(new Uri(antom.BaseAddress, "/kit/keys/antom-public.pem"))).Trim());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(antom.Keys.MerchantPrivateKeyBase64File));

        var directory = antom.Keys.Directory;
        await antom.DisposeAsync();
        Assert.False(Directory.Exists(directory), "the key files go with the simulator");
    }

    [Fact]
    public async Task Generated_requests_pay_through_the_typed_client_with_the_outcome_they_ask_for()
    {
        await using var antom = await KitSimulator.StartAsync();
        var client = antom.CreateAntomClient();
        var data = new AntomTestData(seed: 5);

        var thai = data.CreatePaymentSession(BuyerMarket.Thailand, Shop, category: PaymentMethodCategory.OnlineBanking);
        var session = await client.CreatePaymentSessionAsync(thai);
        Assert.Equal((ResultStatus.S, "SUCCESS"), (session.Body!.Result.ResultStatus, session.Body.Result.ResultCode));
        Assert.Equal("SUCCESS", (await antom.Control.ApproveAsync(thai.PaymentRequestId)).Status);

        var declined = data.CreatePaymentSession(BuyerMarket.Indonesia, Shop, outcome: "balance-not-enough");
        await client.CreatePaymentSessionAsync(declined);
        var paid = await antom.Control.ApproveAsync(declined.PaymentRequestId);
        Assert.Equal(("FAIL", "USER_BALANCE_NOT_ENOUGH"), (paid.Status, paid.ResultCode));

        // The notification was attempted (nothing listens at the shop), and retries follow the virtual clock.
        var notification = await antom.WaitForNotificationAsync(declined.PaymentRequestId);
        Assert.Equal((1, false), (notification.Attempts.Count, notification.Acknowledged));
        Assert.NotNull(notification.Attempts[0].Error);
        await antom.AdvanceClockAsync(TimeSpan.FromMinutes(3));
        Assert.True((await antom.Control.GetNotificationsAsync(declined.PaymentRequestId, waitFor: TimeSpan.FromSeconds(5)))[0].Attempts.Count >= 2);

        var inquiry = await client.InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = declined.PaymentRequestId });
        Assert.Equal(PaymentStatus.Fail, inquiry.Body!.PaymentStatus);
    }

    [Fact]
    public async Task Control_mistakes_come_back_as_the_simulators_message()
    {
        await using var antom = await KitSimulator.StartAsync(new KitSimulatorOptions { AdminToken = "a-long-secret" });

        var unknown = await Assert.ThrowsAsync<KitControlException>(() => antom.Control.ApproveAsync("NO-SUCH-PAYMENT"));
        Assert.Equal(404, unknown.Status);
        Assert.Contains("no payment NO-SUCH-PAYMENT", unknown.Message);
        var fault = await Assert.ThrowsAsync<KitControlException>(() => antom.Control.ArmMerchantFaultAsync("meltdown"));
        Assert.Equal(400, fault.Status);
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => antom.WaitForNotificationAsync("NEVER-CREATED", timeout: TimeSpan.FromMilliseconds(300)));
        Assert.Contains("the simulator holds: none", timeout.Message);

        // The admin token guards the control API for everyone else.
        using var stranger = new HttpClient { BaseAddress = antom.BaseAddress };
        Assert.Equal(401, (await Assert.ThrowsAsync<KitControlException>(() => new KitControlClient(stranger).GetClockAsync())).Status);
    }

    [Fact]
    public async Task With_a_data_directory_a_second_simulator_resumes_the_payments()
    {
        var data = Directory.CreateTempSubdirectory("kit-testing-data-").FullName;
        try
        {
            var request = new AntomTestData(seed: 9).CreatePaymentSession(BuyerMarket.Thailand, Shop);
            await using (var first = await KitSimulator.StartAsync(new KitSimulatorOptions { DataDirectory = data }))
            {
                await first.CreateAntomClient().CreatePaymentSessionAsync(request);
                await first.Control.ApproveAsync(request.PaymentRequestId);
            }
            await using var second = await KitSimulator.StartAsync(new KitSimulatorOptions { DataDirectory = data });
            var inquiry = await second.CreateAntomClient().InquiryPaymentAsync(new InquiryPaymentRequest { PaymentRequestId = request.PaymentRequestId });
            Assert.Equal(PaymentStatus.Success, inquiry.Body!.PaymentStatus);
            Assert.True(File.Exists(second.Keys.MerchantPrivateKeyBase64File), "a kept simulator's keys are its data directory's");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Over_https_the_clients_it_makes_trust_exactly_its_certificate()
    {
        await using var antom = await KitSimulator.StartAsync(new KitSimulatorOptions { Https = true });
        Assert.Equal("https", antom.BaseAddress.Scheme);
        var request = new AntomTestData(seed: 3).CreatePaymentSession(BuyerMarket.Indonesia, Shop);
        var session = await antom.CreateAntomClient().CreatePaymentSessionAsync(request);
        Assert.Equal("SUCCESS", session.Body!.Result.ResultCode);
        using var untrusting = new HttpClient { BaseAddress = antom.BaseAddress };
        await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("/kit"));
    }
}

/// <summary>One simulator for a collection of test classes, the xUnit way.</summary>
[CollectionDefinition(Name)]
public sealed class SharedSimulatorCollection : ICollectionFixture<KitSimulatorFixture>
{
    public const string Name = "shared Kit simulator";
}

[Collection(SharedSimulatorCollection.Name)]
public sealed class SharedFixtureTests(KitSimulatorFixture antom)
{
    [Fact]
    public async Task Tests_sharing_a_fixture_keep_apart_by_their_own_request_ids()
    {
        var data = new AntomTestData();
        var client = antom.Simulator.CreateAntomClient();
        var mark = await antom.Control.MarkMerchantCallsAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var request = data.CreatePaymentSession(BuyerMarket.Thailand, new Uri("http://127.0.0.1:9/"));
            Assert.Equal("SUCCESS", (await client.CreatePaymentSessionAsync(request)).Body!.Result.ResultCode);
            ids.Add(request.PaymentRequestId);
        }
        var calls = await antom.Control.GetMerchantCallsAsync(mark);
        Assert.Equal(ids, calls.Where(c => c.Operation == "createPaymentSession").Select(c => c.PaymentRequestId));
        Assert.All(calls, c => Assert.True(c.Valid, c.ToString()));
    }
}
