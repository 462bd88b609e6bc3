namespace Kit.Simulator.Hosting;

/// <summary>
/// The other Antom hosts the SDK touches (docs/web-sdk.md §5), answered so that a browser whose every Antom host resolves
/// to the simulator runs the SDK with no external request: the intl-tracker script (an iTracker that sends nothing and
/// keeps what the SDK logs in the page's window.kitTrackerLog, at most 500 entries, for the harness to show), the
/// marmot config, the close icon, and the APDID risk endpoints.
/// </summary>
public static class AntomAssetsApi
{
    public const string TrackerPrefix = "/render/p/yuyan_npm/@alipay_intl-tracker/";
    public const string ConfigPrefix = "/config/data/antom-sdk-config/";
    public const string RiskPrefix = "/api/open/risk_client/";
    public const string RiskImagePrefix = "/mdn/rms_00c526/";

    private const string Tracker = """
        (function () {
          var log = window.kitTrackerLog = [];
          function keep(fn) {
            return function (record, extra) {
              if (log.length >= 500) return;
              var entry = { fn: fn, title: null, alias: null };
              try {
                entry.title = record && record.title || null;
                var more = (record && record.extra) || extra || {};
                entry.alias = more.eventAlias || null;
              } catch (e) { }
              log.push(entry);
            };
          }
          window.iTracker = { initiTracker: function () { }, set: function () { }, logInfo: keep('logInfo'), logError: keep('logError'), reportRPC: keep('reportRPC') };
        })();
        """;
    private const string CloseIcon = """<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24"><path d="M6 6l12 12M18 6L6 18" stroke="#5b6b80" stroke-width="2" stroke-linecap="round"/></svg>""";
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static bool Serves(string path) =>
        path.StartsWith(TrackerPrefix, StringComparison.Ordinal) || path.StartsWith(ConfigPrefix, StringComparison.Ordinal)
        || path.StartsWith(RiskPrefix, StringComparison.Ordinal) || path.StartsWith(RiskImagePrefix, StringComparison.Ordinal)
        || path.StartsWith("/storage/", StringComparison.Ordinal);

    public static ApiResponse Handle(ApiRequest request)
    {
        if (Cors.IsPreflight(request)) return Cors.Preflight(request, "GET, POST, OPTIONS");
        var path = request.Path;
        if (path.StartsWith(TrackerPrefix, StringComparison.Ordinal)) return ApiResponses.Text("application/javascript", Tracker);
        if (path.StartsWith(ConfigPrefix, StringComparison.Ordinal))
            return ApiResponses.Text("application/json", """{"pl_sec":[]}""", headers: new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = "*" });
        if (path.StartsWith(RiskImagePrefix, StringComparison.Ordinal))
            return new ApiResponse(200, new Dictionary<string, string>(Cors.For(request)) { ["Content-Type"] = "image/gif" }, Pixel);
        if (path.StartsWith(RiskPrefix, StringComparison.Ordinal))
            return ApiResponses.Text("application/json", """{"success":true}""", headers: Cors.For(request));
        if (path.EndsWith(".svg", StringComparison.Ordinal)) return ApiResponses.Text("image/svg+xml", CloseIcon);
        return ApiResponses.Text("text/plain", $"Kit serves no asset at {path}", 404);
    }
}
