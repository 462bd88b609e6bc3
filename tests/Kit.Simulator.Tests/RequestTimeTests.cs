using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Simulator.Hosting;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>request-time in every form the official SDKs send is accepted; what is not a time is PARAM_ILLEGAL saying so; a window is the operator's choice.</summary>
public sealed class RequestTimeTests
{
    [Theory]
    [InlineData("2026-12-01T21:23:03.0398972Z", "2026-12-01T21:23:03.0398972+00:00")] // .NET 2.2.5
    [InlineData("2026-12-01T21:28:38+00:00", "2026-12-01T21:28:38+00:00")]          // Python 1.5.5
    [InlineData("2026-12-01T21:29:26+0000", "2026-12-01T21:29:26+00:00")]           // PHP 1.5.5
    [InlineData("1796160183000", "2026-12-01T21:23:03+00:00")]                      // Java, Go: ms since the epoch
    [InlineData("2019-01-01T01:01:01Z", "2019-01-01T01:01:01+00:00")]               // Antom's docs
    [InlineData("2026-12-01T21:23:03.123456789+07:00", "2026-12-01T21:23:03.1234567+07:00")]
    public void Every_sdks_form_is_a_time(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), RequestTime.Parse(text));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-12-01 21:23:03")]
    [InlineData("99999999999999999")]
    [InlineData("")]
    public void What_is_not_a_time_is_said_so(string text)
    {
        Assert.Null(RequestTime.Parse(text));
        Assert.Contains("is not a time", RequestTime.Problem(text, null));
    }

    [Fact]
    public async Task The_merchant_api_refuses_a_request_time_that_is_not_a_time_and_optionally_an_old_one()
    {
        using var sim = new RunningSimulator(o => o with { MaxRequestAge = TimeSpan.FromMinutes(5) });
        var body = JsonSerializer.SerializeToUtf8Bytes(RunningSimulator.Request("REQ-TIME"), ContractsJsonContext.Default.CreatePaymentSessionRequest);
        async Task<string> Send(string time)
        {
            var wire = RawHttp.SignedPost(sim.Host.BaseAddress, "/ams/sandbox/api/v1/payments/createPaymentSession", sim.Host.Clients.SandboxClientId, sim.Host.Clients.SandboxMerchantKey, body, time);
            var result = JsonNode.Parse((await RawHttp.SendAsync(sim.Host.BaseAddress, wire)).Body)!["result"]!;
            return $"{result["resultCode"]}: {result["resultMessage"]}";
        }
        Assert.StartsWith("PARAM_ILLEGAL: request-time 'soon' is not a time", await Send("soon"));
        Assert.StartsWith("PARAM_ILLEGAL: request-time 2026-01-01T00:00:00Z is", await Send("2026-01-01T00:00:00Z"));
        Assert.Contains("--max-request-age", await Send("2026-01-01T00:00:00Z"));
        Assert.StartsWith("SUCCESS", await Send(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString()));
    }
}
