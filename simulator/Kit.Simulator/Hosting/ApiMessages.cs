namespace Kit.Simulator.Hosting;

/// <summary>An HTTP request as the simulator's faces see it, whatever server carried it.</summary>
/// <remarks><see cref="Path"/> is percent-decoded (a + stays a +); <see cref="Segments"/> are its segments, each decoded on its own, so an escaped / stays inside its segment.</remarks>
public sealed record ApiRequest(string Method, string Path, Func<string, string?> Header, byte[] Body)
{
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Segments { get; init; } = Path.Trim('/').Split('/');
}

/// <summary>An HTTP answer from one of the simulator's faces.</summary>
public sealed record ApiResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>A merchant-API fault that breaks this answer on the way out (a 5xx, a delay, no answer, a reset); the server acts it out.</summary>
    public Kit.Simulator.Engine.ApiFault? Fault { get; init; }
}

/// <summary>Small constructors for answers.</summary>
public static class ApiResponses
{
    /// <summary>JSON as people read it in logs: text as itself, only what JSON requires escaped.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { Encoder = Kit.Schema.MinimalJsonEncoder.Instance };

    public static ApiResponse Json(System.Text.Json.Nodes.JsonNode node, int status = 200, IDictionary<string, string>? headers = null)
    {
        var all = new Dictionary<string, string>(headers ?? new Dictionary<string, string>()) { ["Content-Type"] = "application/json; charset=UTF-8" };
        return new(status, all, System.Text.Encoding.UTF8.GetBytes(node.ToJsonString(JsonOptions)));
    }

    public static ApiResponse Text(string contentType, string body, int status = 200, IDictionary<string, string>? headers = null)
    {
        var all = new Dictionary<string, string>(headers ?? new Dictionary<string, string>()) { ["Content-Type"] = contentType };
        return new(status, all, System.Text.Encoding.UTF8.GetBytes(body));
    }
}
