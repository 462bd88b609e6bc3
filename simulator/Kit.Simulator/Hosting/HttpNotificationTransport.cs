using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kit.Simulator.Engine;

namespace Kit.Simulator.Hosting;

/// <summary>Bounds on one delivery attempt.</summary>
/// <param name="Timeout">The whole attempt: connecting, sending, and reading the answer.</param>
/// <param name="ResponseBytes">How much of the answer is read; the rest is left unread (an acknowledgement is 80 bytes).</param>
public sealed record DeliveryLimits(TimeSpan Timeout, int ResponseBytes)
{
    public static readonly DeliveryLimits Default = new(TimeSpan.FromSeconds(10), 64 * 1024);
}

/// <summary>
/// Delivers notifications over HTTP. Whatever an attempt meets (a refused connection, DNS failure, an unsupported
/// scheme, a timeout, a redirect, a huge or endless answer, any exception), it comes back as a result with the
/// reason, never as an exception, so one merchant's endpoint cannot stop another's notification.
/// </summary>
public sealed class HttpNotificationTransport : INotificationTransport, IDisposable
{
    private readonly HttpClient _http;
    private readonly DeliveryLimits _limits;

    public HttpNotificationTransport(DeliveryLimits limits, NotifyUrlPolicy urls)
    {
        _limits = limits;
        _http = new HttpClient(new SocketsHttpHandler
        {
            // Only the headers Antom sends: no W3C traceparent, which .NET adds from an ambient activity.
            ActivityHeadersPropagator = null,
            // The signed body goes only where the merchant said; a 3xx is a failed attempt.
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = (context, token) => ConnectAsync(context, urls, token),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // the attempt's own deadline covers reading the answer too
        };
    }

    public async Task<TransportResult> PostAsync(string url, IReadOnlyDictionary<string, string> headers, byte[] body, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_limits.Timeout);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            foreach (var (name, value) in headers)
                if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content.Headers.TryAddWithoutValidation(name, value);
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var (text, truncated) = await ReadCappedAsync(response.Content, deadline.Token);
            var status = (int)response.StatusCode;
            var error = status is >= 300 and < 400
                ? $"redirect {status} to {response.Headers.Location?.ToString() ?? "(no Location)"} not followed: Antom posts only to the notify URL"
                : truncated ? $"the answer is longer than {_limits.ResponseBytes} bytes; only those were read" : null;
            return new TransportResult(status, text, error, watch.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TransportResult(null, null, $"no complete answer within {_limits.Timeout.TotalSeconds:0.###} s", watch.Elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new TransportResult(null, null, Describe(e), watch.Elapsed);
        }
    }

    /// <summary>Reads at most the limit, as text; true when more was there.</summary>
    private async Task<(string Text, bool Truncated)> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[_limits.ResponseBytes + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0) break;
            read += n;
        }
        var truncated = read > _limits.ResponseBytes;
        return (System.Text.Encoding.UTF8.GetString(buffer, 0, Math.Min(read, _limits.ResponseBytes)), truncated);
    }

    /// <summary>Connects only to addresses the notify-URL policy allows, whatever the host name resolves to.</summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, NotifyUrlPolicy urls, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(urls.MayConnect).ToArray();
        if (allowed.Length == 0)
            throw new HttpRequestException($"{host} resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}: link-local addresses are not called (start the simulator with --allow-link-local to allow them)");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The innermost cause, which is what a person can act on ("Connection refused (127.0.0.1:1)").</summary>
    private static string Describe(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return ReferenceEquals(inner, e) ? $"{e.GetType().Name}: {e.Message}" : $"{e.GetType().Name}: {e.Message} ({inner.GetType().Name}: {inner.Message})";
    }

    public void Dispose() => _http.Dispose();
}
