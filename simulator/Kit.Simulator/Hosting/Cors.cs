namespace Kit.Simulator.Hosting;

/// <summary>
/// CORS as Antom's hosts answer the SDK, done by the server itself: the SDK calls with credentials from the merchant's
/// origin, so the origin is echoed (never "*") and the gateway's result headers are exposed.
/// </summary>
public static class Cors
{
    public static Dictionary<string, string> For(ApiRequest request)
    {
        var headers = new Dictionary<string, string>();
        if (request.Header("origin") is { Length: > 0 } origin)
        {
            headers["Access-Control-Allow-Origin"] = origin;
            headers["Access-Control-Allow-Credentials"] = "true";
            headers["Access-Control-Expose-Headers"] = "Result-Status, Mgw-TraceId, Tips, Memo";
            headers["Vary"] = "Origin";
        }
        return headers;
    }

    public static bool IsPreflight(ApiRequest request) => request.Method.Equals("OPTIONS", StringComparison.OrdinalIgnoreCase);

    /// <summary>A 204 preflight answer allowing what the browser asked for.</summary>
    public static ApiResponse Preflight(ApiRequest request, string methods)
    {
        var headers = For(request);
        headers["Access-Control-Allow-Methods"] = methods;
        headers["Access-Control-Allow-Headers"] = request.Header("access-control-request-headers") ?? "content-type";
        headers["Access-Control-Max-Age"] = "600";
        return new ApiResponse(204, headers, []);
    }
}
