using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kit.Contracts.Tests;

/// <summary>A real HTTP server on 127.0.0.1 (HttpListener) whose answers each test scripts.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    public sealed record Received(string Path, System.Collections.Specialized.NameValueCollection Headers, byte[] Body);

    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly Func<HttpListenerContext, byte[], Task> _handler;

    public LoopbackServer(Func<HttpListenerContext, byte[], Task> handler)
    {
        _handler = handler;
        // A port found free can be taken by a parallel test before we bind it; retry on another.
        for (var attempt = 1; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            BaseAddress = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(BaseAddress.ToString());
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5) { }
        }
        _loop = Task.Run(Serve);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public List<Received> Requests { get; } = [];

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            lock (Requests) Requests.Add(new Received(context.Request.Url!.AbsolutePath, context.Request.Headers, body));
            try { await _handler(context, body); }
            catch (Exception) { /* the client side of the test reports what it saw */ }
            finally { try { context.Response.Close(); } catch (Exception) { } }
        }
    }

    public static async Task Write(HttpListenerContext context, int status, string body, IDictionary<string, string>? headers = null)
    {
        context.Response.StatusCode = status;
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) context.Response.Headers[k] = v;
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.OutputStream.WriteAsync(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: on Unix, Stop() releases the port and a later Close() looks the endpoint up again, binding
        // the port anew, which fails with "Address already in use" when a parallel test has taken it meanwhile.
        _listener.Close();
        await _loop;
    }
}
