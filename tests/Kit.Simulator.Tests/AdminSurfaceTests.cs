using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Kit.Simulator.Hosting;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>
/// A simulator shared on a team server: with an admin token, WireMock's admin API and the control API answer 401
/// without it (so nobody replaces the simulator's answers or approves someone else's payment), while the faces
/// merchants and browsers use stay open. Without one, binding beyond loopback prints a warning naming the risk.
/// </summary>
public sealed class AdminSurfaceTests : IDisposable
{
    private const string Token = "kit-test-token-7f3a";
    private readonly RunningSimulator _sim = new(o => o with { AdminToken = Token });

    public void Dispose() => _sim.Dispose();

    [Fact]
    public async Task The_admin_and_control_apis_need_the_token_and_the_merchant_faces_do_not()
    {
        using var anonymous = new HttpClient { BaseAddress = _sim.Host.BaseAddress };
        foreach (var (method, path) in new[] { ("GET", "/__admin/mappings"), ("DELETE", "/__admin/mappings"), ("GET", "/kit"), ("POST", "/kit/payments/REQ-A/approve"), ("POST", "/kit/clock/advance") })
        {
            var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("admin token", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        }
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/kit");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrong)).StatusCode);

        // The mappings survived the anonymous DELETE; with the token (Bearer, or Basic as WireMock's own check takes it) they answer.
        Assert.Equal(HttpStatusCode.OK, (await _sim.Control.GetAsync("/kit")).StatusCode);
        var basic = new HttpRequestMessage(HttpMethod.Get, "/__admin/mappings");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("kit:" + Token)));
        var mappings = await anonymous.SendAsync(basic);
        Assert.Equal(HttpStatusCode.OK, mappings.StatusCode);
        Assert.True(JsonNode.Parse(await mappings.Content.ReadAsStringAsync())!.AsArray().Count >= 5);

        // A merchant and a browser need no token.
        Assert.True((await _sim.Client().CreatePaymentSessionAsync(RunningSimulator.Request("REQ-A"))).IsSuccess);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/page/antom-web-checkout/src/component-app/CASHIER_PAYMENT_BANK/1.0/index.1.47.2.html")).StatusCode);
        Assert.Equal("OK", (await _sim.Post("/kit/payments/REQ-A/approve"))["status"] is { } s && s.GetValue<string>() == "SUCCESS" ? "OK" : "not paid");
    }

    [Fact]
    public void Listening_beyond_loopback_without_a_token_prints_a_warning_that_names_the_risk()
    {
        var open = SimulatorCommandLine.Parse(["--urls", "http://0.0.0.0:8080"], _ => null);
        var warning = Assert.Single(SimulatorCommandLine.Warnings(open));
        Assert.Contains("/__admin", warning);
        Assert.Contains("approve", warning);
        Assert.Contains("--admin-token", warning);
        Assert.Empty(SimulatorCommandLine.Warnings(SimulatorCommandLine.Parse(["--urls", "http://0.0.0.0:8080", "--admin-token", Token], _ => null)));
        Assert.Empty(SimulatorCommandLine.Warnings(SimulatorCommandLine.Parse(["--urls", "http://127.0.0.1:8080;https://localhost:8443"], _ => null)));
        Assert.Equal(Token, SimulatorCommandLine.Parse([], name => name == "KIT_ADMIN_TOKEN" ? Token : null).AdminToken);
        Assert.Throws<SimulatorConfigException>(() => SimulatorCommandLine.Parse(["--admin-token", "short"], _ => null));
        Assert.Throws<SimulatorConfigException>(() => SimulatorCommandLine.Parse(["--notify-timeout", "forever"], _ => null));
        var tuned = SimulatorCommandLine.Parse(["--notify-timeout", "2.5", "--notify-answer-limit", "4096", "--notify-concurrency", "8", "--max-request-age", "5", "--allow-link-local"], _ => null);
        Assert.Equal((TimeSpan.FromSeconds(2.5), 4096, 8, TimeSpan.FromMinutes(5), true),
            (tuned.Delivery.Timeout, tuned.Delivery.ResponseBytes, tuned.DeliveryConcurrency, tuned.MaxRequestAge, tuned.AllowLinkLocalNotifyUrls));
        Assert.Equal(TimeSpan.FromDays(30), SimulatorCommandLine.Parse(["--refund-window-days", "30"], _ => null).RefundWindow);
        Assert.Contains("--refund-window-days", Assert.Throws<SimulatorConfigException>(() => SimulatorCommandLine.Parse(["--refund-window-days", "0"], _ => null)).Message);
    }
}
