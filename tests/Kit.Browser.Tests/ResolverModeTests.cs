using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kit.Harness.Browser;
using Kit.Harness.Merchant;
using Kit.Simulator.Hosting;
using Microsoft.Playwright;
using Xunit;

namespace Kit.Browser.Tests;

/// <summary>
/// The simulator stands in for Antom without any help from Playwright: Chromium resolves every host name to the
/// simulator's TLS port (--host-resolver-rules), no request is intercepted, so the gateway's CORS (preflight, the
/// echoed origin, credentials, exposed Result-Status and Mgw-TraceId) is the simulator's own, as resolver-mode.js did.
/// </summary>
public sealed class ResolverModeTests
{
    [Fact]
    public async Task The_real_SDK_renders_and_pays_against_the_simulator_over_TLS_with_the_servers_own_CORS()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"kit-sim-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(pfx, SelfSignedCertificate().Export(X509ContentType.Pfx, "kit"));
        try
        {
            using var simulator = SimulatorHost.StartOnFreePort(
                new SimulatorOptions { InMemory = true, VirtualClockStart = BrowserWorld.Start, TlsCertificateFile = pfx, TlsCertificatePassword = "kit" }, "https");
            var trustSelfSigned = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
            await using var shop = await MerchantSite.StartAsync(BrowserWorld.Credentials(simulator), HarnessWeb.Find(), trustSelfSigned);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumLocator.Find(),
                Headless = true,
                Args = ChromiumArguments.ResolveEveryHostTo(simulator.BaseAddress.Port),
            });
            var page = await MerchantPage.AttachAsync(await browser.NewPageAsync());
            await page.OpenAsync(shop.BaseAddress);

            await page.CheckoutAsync(new { locale = "th_TH", displayMode = new { paymentMethodCategory = "BANK_TRANSFER" } });
            var app = await page.WaitForCashierAsync();
            Assert.StartsWith("https://ac.alipay.com/page/antom-web-checkout/", app.Url);
            await page.ClickAsync(app.Locator("button.kit-bank").First);
            await page.ClickAsync(app.Locator("#kit-approve"));
            await page.WaitForEventAsync("onEventCallback", "SDK_PAYMENT_SUCCESSFUL");

            var origin = shop.BaseAddress.GetLeftPart(UriPartial.Authority);
            var gateway = simulator.RequestLog.Where(e => e.RequestMessage!.Path == "/mgw.htm").ToList();
            var preflight = Assert.Single(gateway, e => e.RequestMessage!.Method == "OPTIONS");
            Assert.Equal(204, preflight.ResponseMessage!.StatusCode);
            Assert.Equal(origin, Header(preflight, "Access-Control-Allow-Origin"));
            Assert.Equal("true", Header(preflight, "Access-Control-Allow-Credentials"));
            Assert.Contains("operation-type", Header(preflight, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
            var query = Assert.Single(gateway, e => e.RequestMessage!.Method == "POST");
            Assert.Equal("imgs-sea-global.alipay.com", query.RequestMessage!.Host);
            Assert.Equal(origin, Header(query, "Access-Control-Allow-Origin"));
            Assert.Equal("true", Header(query, "Access-Control-Allow-Credentials"));
            Assert.Contains("Result-Status", Header(query, "Access-Control-Expose-Headers"));
            Assert.Contains("Mgw-TraceId", Header(query, "Access-Control-Expose-Headers"));
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    private static string Header(WireMock.Logging.ILogEntry entry, string name) =>
        entry.ResponseMessage!.Headers!.First(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value.First();

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Kit simulator", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in new[] { "*.alipay.com", "gw.alipayobjects.com", "*.marmot-cloud.com", "localhost" }) names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
    }
}
