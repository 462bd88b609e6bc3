using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kit.Simulator.Catalog;
using Kit.Simulator.Engine;
using Microsoft.AspNetCore.Http;

namespace Kit.Simulator.Hosting;

/// <summary>
/// What every request meets before WireMock.Net sees it, so that a hostile or broken client gets a 4xx that says
/// what was wrong, and the process keeps its memory:
/// <list type="bullet">
/// <item>with an admin token, <c>/__admin</c> and <c>/kit</c> answer 401 without it;</item>
/// <item>a body over the limit is refused as soon as its size is known (from Content-Length, or while reading a
/// chunked one), never buffered whole; the merchant API answers that as Antom does (a signed PARAM_ILLEGAL);</item>
/// <item>the body is read here in full, so bad chunked framing, a body that ends early or stalls (Kestrel's minimum
/// data rate) is the client's 400 or 408, where WireMock would answer 500 with a serialized stack trace;</item>
/// <item>any other exception becomes a JSON error without a stack trace.</item>
/// </list>
/// </summary>
public sealed class RequestGuard(MerchantApi merchantApi, string? adminToken)
{
    /// <summary>The largest body any face but the admin API takes: the merchant API's own limit.</summary>
    public const int MaxBodyBytes = MerchantApi.MaxBodyBytes;

    /// <summary>WireMock's admin API takes mappings with canned bodies: more room, and it keeps nothing of the request in its log.</summary>
    public const int MaxAdminBodyBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        var admin = path.StartsWith("/__admin", StringComparison.Ordinal);
        try
        {
            if (adminToken is not null && (admin || IsControl(path)) && !Authorized(context.Request))
            {
                context.Response.Headers.WWWAuthenticate = admin ? "Basic realm=\"Kit simulator admin\"" : "Bearer realm=\"Kit simulator control API\"";
                await WriteAsync(context, 401, $"{(admin ? "/__admin" : "/kit")} needs the simulator's admin token: send Authorization: Bearer <token> (or Basic with user kit and the token as password)");
                return;
            }
            var limit = admin ? MaxAdminBodyBytes : MaxBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                await RefuseTooLargeAsync(context, path, $"{context.Request.ContentLength} bytes", limit);
                return;
            }
            var body = await ReadBodyAsync(context.Request, limit, context.RequestAborted);
            if (body is null)
            {
                await RefuseTooLargeAsync(context, path, $"over {limit} bytes", limit);
                return;
            }
            context.Request.Body = new MemoryStream(body, writable: false);
            if (context.Request.ContentLength is null && body.Length > 0) context.Request.Headers.Remove("Transfer-Encoding");
            context.Request.ContentLength = body.Length;
            if (admin) await AdminAsync(context, next);
            else if (path.StartsWith("/ams/", StringComparison.Ordinal))
            {
                if (_throughWireMock) await MerchantThroughWireMockAsync(context, next);
                else await MerchantDirectAsync(context, body);
            }
            else await next(context);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's verdict on the framing: bad chunks, a body shorter than announced, data arriving too slowly.
            await WriteIfPossibleAsync(context, e.StatusCode is >= 400 and < 500 ? e.StatusCode : 400, $"the request could not be read: {e.Message}");
        }
        catch (IOException e) when (!context.RequestAborted.IsCancellationRequested)
        {
            await WriteIfPossibleAsync(context, 400, $"the request body could not be read: {e.Message}");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Kit simulator: {context.Request.Method} {path} failed: {e}");
            await WriteIfPossibleAsync(context, 500, $"the simulator could not handle {context.Request.Method} {path}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// WireMock's admin API answers a request it cannot parse (a mapping that is not JSON, a wrong type) with 500 and
    /// the exception's message; it is the request that is wrong, so the client gets a 400 with that message.
    /// </summary>
    private async Task AdminAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try { await next(context); }
        finally
        {
            context.Response.Body = original;
            // A mapping may have been added or removed: from now on the merchant API goes through WireMock, or no longer.
            if (!HttpMethods.IsGet(context.Request.Method)) _throughWireMock = HasOwnMappings();
        }
        if (context.Response.StatusCode >= 500)
        {
            context.Response.Clear();
            await WriteAsync(context, 400, $"WireMock's admin API could not use this request: {FirstLine(buffer.ToArray())}");
            return;
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>The internal header by which the merchant API asks for a fault to be acted out; never sent to a client.</summary>
    public const string FaultHeader = "x-kit-merchant-fault";

    public static string FaultHeaderValue(ApiFault fault) => fault.Kind == ApiFaultKind.Delay ? $"delay:{fault.DelaySeconds ?? 5}" : fault.Name;

    /// <summary>
    /// Whether merchant-API requests go through WireMock's mappings: only once someone has added a mapping of their own
    /// through /__admin (which may override the merchant API). Until then they are answered here, which spares each call
    /// WireMock's matching against its hundred admin mappings, its body parsing and its request log (the merchant API has
    /// its own log, /kit/merchant-calls).
    /// </summary>
    private volatile bool _throughWireMock;

    /// <summary>Tells whether WireMock holds mappings other than the simulator's own (set once the server is up).</summary>
    public Func<bool> HasOwnMappings { get; set; } = () => false;

    private async Task MerchantDirectAsync(HttpContext context, byte[] body)
    {
        var headers = context.Request.Headers;
        var request = new ApiRequest(context.Request.Method, context.Request.Path.Value ?? "", name => headers.TryGetValue(name, out var v) ? v.ToString() : null, body);
        var answer = merchantApi.Handle(request);
        await ActOutAsync(context, answer.Fault is { } fault ? FaultHeaderValue(fault) : "", async () =>
        {
            context.Response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers) context.Response.Headers[name] = value;
            await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted);
        });
    }

    /// <summary>
    /// The merchant API's answer through WireMock (someone's own mappings may answer instead), held until WireMock has
    /// written it, so that a fault the merchant API chose can still break it.
    /// </summary>
    private static async Task MerchantThroughWireMockAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try { await next(context); }
        finally { context.Response.Body = original; }
        var fault = context.Response.Headers[FaultHeader].ToString();
        context.Response.Headers.Remove(FaultHeader);
        await ActOutAsync(context, fault, async () =>
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        });
    }

    /// <summary>
    /// Sends the answer, or acts out the fault the merchant API chose (the operation has taken effect by now): another
    /// status without Antom's body, the answer late, no answer at all (held, then closed), or a reset connection.
    /// </summary>
    private static async Task ActOutAsync(HttpContext context, string fault, Func<Task> answer)
    {
        switch (fault)
        {
            case "":
                break;
            case "http-500" or "http-502" or "http-503":
                var status = int.Parse(fault.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Clear();
                context.Response.StatusCode = status;
                context.Response.ContentType = "text/html";
                // What a proxy or load balancer in front of Antom would answer: no Antom body, no signature.
                await context.Response.WriteAsync($"<html><head><title>{status}</title></head><body><h1>{status} {ReasonPhrase(status)}</h1></body></html>", context.RequestAborted);
                return;
            case "reset":
                context.Abort();
                return;
            case "no-answer":
                try { await Task.Delay(ApiFault.NoAnswerHold, context.RequestAborted); }
                catch (OperationCanceledException) { } // the client gave up, as it should
                context.Abort();
                return;
            default:
                if (fault.StartsWith("delay:", StringComparison.Ordinal) && int.TryParse(fault.AsSpan(6), out var seconds))
                    await Task.Delay(TimeSpan.FromSeconds(seconds), context.RequestAborted);
                break;
        }
        await answer();
    }

    private static string ReasonPhrase(int status) => status switch { 500 => "Internal Server Error", 502 => "Bad Gateway", _ => "Service Unavailable" };

    /// <summary>What WireMock said, without the stack trace it appends: its {"Status": …} text up to the first line break.</summary>
    private static string FirstLine(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body);
        try { if (JsonNode.Parse(text)?["Status"] is JsonValue status && status.TryGetValue<string>(out var s)) text = s; }
        catch (System.Text.Json.JsonException) { }
        var end = text.IndexOfAny(['\r', '\n']);
        if (end >= 0) text = text[..end];
        return text.Length <= 300 ? text : text[..297] + "...";
    }

    private static bool IsControl(string path) => path == "/kit" || path.StartsWith("/kit/", StringComparison.Ordinal);

    /// <summary>Bearer &lt;token&gt;, or Basic with user <c>kit</c> (WireMock's own admin check takes that form); compared in constant time.</summary>
    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        string? presented = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) presented = header[7..].Trim();
        else if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                if (pair.StartsWith("kit:", StringComparison.Ordinal)) presented = pair[4..];
            }
            catch (FormatException) { }
        }
        return presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(adminToken!));
    }

    /// <summary>The whole body, or null as soon as it is longer than <paramref name="limit"/> (the rest is never read).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0) return [];
        if (request.ContentLength is { } announced)
        {
            // Known and within the limit (checked before): read it into its own array; a body shorter than announced is Kestrel's error.
            var exact = new byte[announced];
            var read = 0;
            while (read < exact.Length)
            {
                var n = await request.Body.ReadAsync(exact.AsMemory(read), cancellationToken);
                if (n == 0) break;
                read += n;
            }
            return read == exact.Length ? exact : exact[..read];
        }
        var buffer = new MemoryStream();
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                var n = await request.Body.ReadAsync(chunk.AsMemory(0, 16 * 1024), cancellationToken);
                if (n == 0) return buffer.ToArray();
                if (buffer.Length + n > limit) return null;
                buffer.Write(chunk, 0, n);
            }
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(chunk); }
    }

    private async Task RefuseTooLargeAsync(HttpContext context, string path, string size, int limit)
    {
        // The client may still be sending; answering and closing the connection is all that is owed.
        context.Response.Headers.Connection = "close";
        if (path.StartsWith("/ams/", StringComparison.Ordinal))
        {
            var answer = merchantApi.BodyTooLarge(path, context.Request.Headers["client-id"].ToString(), size);
            context.Response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers) context.Response.Headers[name] = value;
            await context.Response.Body.WriteAsync(answer.Body);
            return;
        }
        await WriteAsync(context, 413, $"the request body is {size}; at most {limit} bytes are accepted here");
    }

    private static async Task WriteIfPossibleAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted) return;
        context.Response.Clear();
        context.Response.Headers.Connection = "close";
        await WriteAsync(context, status, message);
    }

    private static async Task WriteAsync(HttpContext context, int status, string message)
    {
        var answer = ApiResponses.Json(new JsonObject { ["error"] = message }, status);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.Headers["Content-Type"];
        context.Response.ContentLength = answer.Body.Length;
        await context.Response.Body.WriteAsync(answer.Body);
    }
}
