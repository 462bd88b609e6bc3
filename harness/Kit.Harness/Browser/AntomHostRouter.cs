using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Kit.Harness.Browser;

/// <summary>One request the page made to a host that is not the local merchant site.</summary>
public sealed record RoutedRequest(DateTimeOffset At, string Method, string Url, string Host, string Answer)
{
    /// <summary>The gateway's Operation-Type header, when the request had one.</summary>
    public string? OperationType { get; init; }
}

/// <summary>
/// Sends every request for one of Antom's hosts (docs/web-sdk.md §5) to the simulator, fail-closed: a request to any
/// other external host is refused and recorded as unexpected. Installed on a browser context, so it covers the SDK's
/// iframes too.
/// </summary>
public sealed class AntomHostRouter
{
    private readonly Uri _simulator;
    private readonly string? _cdnBundle;
    private readonly IReadOnlySet<string> _allowed;
    private readonly bool _throughProxy;
    private readonly ConcurrentQueue<RoutedRequest> _requests = new();

    private AntomHostRouter(Uri simulator, string? cdnBundle, IReadOnlySet<string>? allowedHosts, bool throughProxy)
    {
        _simulator = simulator;
        _throughProxy = throughProxy;
        _cdnBundle = cdnBundle;
        _allowed = allowedHosts ?? new HashSet<string>();
    }

    public IReadOnlyCollection<RoutedRequest> Requests => _requests;

    /// <summary>Requests to hosts that are neither local nor Antom's: each is a finding (a dependency Kit does not know).</summary>
    public IReadOnlyList<RoutedRequest> Unexpected => _requests.Where(r => r.Answer == "blocked").ToList();

    /// <param name="cdnBundle">The pinned SDK bundle, answered for the guide's CDN address (sdk.marmot-cloud.com).</param>
    /// <param name="allowedHosts">Hosts besides loopback that go out as they are: a merchant checkout's own, and those its matrix file names.</param>
    /// <param name="throughProxy">
    /// The browser's route handlers see no request bodies (Firefox over WebDriver BiDi): Antom's hosts are let through
    /// to the browser's proxy, <see cref="AntomHostProxy"/>, which pipes them to the simulator whole.
    /// </param>
    public static async Task<AntomHostRouter> InstallAsync(IBrowserContext context, Uri simulator, string? cdnBundle = null, IReadOnlySet<string>? allowedHosts = null, bool throughProxy = false)
    {
        var router = new AntomHostRouter(simulator, cdnBundle, allowedHosts, throughProxy);
        await context.RouteAsync("**/*", router.HandleAsync);
        return router;
    }

    /// <summary>Antom's hosts as the SDK 1.47.2 calls them, all of which the simulator answers.</summary>
    public static bool IsAntomHost(string host) =>
        host is "ac.alipay.com" or "gw.alipayobjects.com" or "cdn.marmot-cloud.com" or "imdap-sea.alipay.com"
        || (host.StartsWith("imgs-", StringComparison.Ordinal) && host.EndsWith(".alipay.com", StringComparison.Ordinal))
        || (host.StartsWith("open-", StringComparison.Ordinal) && host.EndsWith("-global.alipay.com", StringComparison.Ordinal))
        || (host.StartsWith("config", StringComparison.Ordinal) && host.EndsWith(".marmot-cloud.com", StringComparison.Ordinal));

    private async Task HandleAsync(IRoute route)
    {
        var request = route.Request;
        var url = new Uri(request.Url);
        if (url.IsLoopback || url.Scheme is "data" or "blob" || _allowed.Contains(url.Host))
        {
            await route.ContinueAsync();
            return;
        }
        if (url.Host == "sdk.marmot-cloud.com" && _cdnBundle is not null && url.AbsolutePath.EndsWith("/ams-checkout.min.js", StringComparison.Ordinal))
        {
            _requests.Enqueue(new(DateTimeOffset.UtcNow, request.Method, request.Url, url.Host, "pinned SDK bundle"));
            await route.FulfillAsync(new RouteFulfillOptions { Path = _cdnBundle, ContentType = "application/javascript" });
            return;
        }
        if (!IsAntomHost(url.Host))
        {
            _requests.Enqueue(new(DateTimeOffset.UtcNow, request.Method, request.Url, url.Host, "blocked"));
            await route.AbortAsync("blockedbyclient");
            return;
        }
        if (url.Host == "imdap-sea.alipay.com")
        {
            // The real iTracker's log sink; the simulator's tracker never calls it, but a cached real one might.
            _requests.Enqueue(new(DateTimeOffset.UtcNow, request.Method, request.Url, url.Host, "204"));
            await route.FulfillAsync(new RouteFulfillOptions { Status = 204 });
            return;
        }
        var operationType = request.Headers.TryGetValue("operation-type", out var operation) ? operation : null;
        if (_throughProxy)
        {
            var at = DateTimeOffset.UtcNow;
            await route.ContinueAsync();
            string answer;
            try { answer = await request.ResponseAsync() is { } proxied ? $"simulator {proxied.Status}" : "failed: no response"; }
            catch (PlaywrightException e) { answer = $"failed: {e.Message.Split('\n')[0]}"; }
            _requests.Enqueue(new(at, request.Method, request.Url, url.Host, answer) { OperationType = operationType });
            return;
        }
        try
        {
            var response = await route.FetchAsync(new RouteFetchOptions { Url = new Uri(_simulator, url.PathAndQuery).ToString(), MaxRedirects = 0 });
            _requests.Enqueue(new(DateTimeOffset.UtcNow, request.Method, request.Url, url.Host, $"simulator {response.Status}") { OperationType = operationType });
            await route.FulfillAsync(new RouteFulfillOptions { Response = response });
        }
        catch (PlaywrightException e)
        {
            _requests.Enqueue(new(DateTimeOffset.UtcNow, request.Method, request.Url, url.Host, $"failed: {e.Message.Split('\n')[0]}"));
            await route.AbortAsync("failed");
        }
    }
}
