using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Kit.Harness.Browser;

/// <summary>
/// The way Antom's hosts reach the simulator from a browser whose route handlers cannot see request bodies. Firefox
/// driven over WebDriver BiDi gives Playwright's route handler no post data (measured with firefox-esr 153.8 and
/// Playwright 1.64: PostData and PostDataBuffer are null for the SDK's fetch and XHR POSTs), so the router's
/// route.Fetch would forward the gateway's POSTs empty; and a continue to another host aborts the page's fetch. So
/// Firefox is launched with this HTTP proxy: a CONNECT to one of Antom's hosts (see
/// <see cref="AntomHostRouter.IsAntomHost"/>) is answered, its TLS ended here with a certificate for Antom's names
/// (the context ignores HTTPS errors), and the plain bytes piped to the simulator, bodies and all. Anything else is
/// refused: the router has already blocked the page's requests to unknown hosts, and Firefox's own background
/// connections (its settings service) get no further either.
/// </summary>
public sealed class AntomHostProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Uri _simulator;
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private AntomHostProxy(Uri simulator, X509Certificate2 certificate)
    {
        _simulator = simulator;
        _certificate = certificate;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy's port on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static AntomHostProxy Start(Uri simulator, X509Certificate2 certificate) => new(simulator, certificate);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            var target = head is null ? null : ConnectTarget(head);
            if (target is null || !AntomHostRouter.IsAntomHost(target))
            {
                await stream.WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                return;
            }
            await stream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), _stop.Token);
            await using var browserSide = new SslStream(stream);
            await browserSide.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificate,
                ApplicationProtocols = [SslApplicationProtocol.Http11], // the bytes are piped: no HTTP/2 to translate
            }, _stop.Token);
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(_simulator.Host, _simulator.Port, _stop.Token);
            Stream simulatorSide = upstream.GetStream();
            if (_simulator.Scheme == Uri.UriSchemeHttps)
            {
                // The harness's own simulator (an external one is the user's, on their machine): its certificate is self-signed.
                var tls = new SslStream(simulatorSide, false, (_, _, _, _) => true);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = _simulator.Host }, _stop.Token);
                simulatorSide = tls;
            }
            await using (simulatorSide)
            {
                var up = browserSide.CopyToAsync(simulatorSide, _stop.Token);
                var down = simulatorSide.CopyToAsync(browserSide, _stop.Token);
                await Task.WhenAny(up, down);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            // The browser closed the tunnel, or the run is ending: nothing to answer.
        }
    }

    /// <summary>The request head, up to the blank line (at most 16 KiB); null when the client sent less.</summary>
    private async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            // One byte at a time: nothing after the head may be consumed, the TLS handshake follows it.
            var read = await stream.ReadAsync(buffer.AsMemory(length, 1), _stop.Token);
            if (read == 0) return null;
            length++;
            if (length >= 4 && buffer[length - 4] == '\r' && buffer[length - 3] == '\n' && buffer[length - 2] == '\r' && buffer[length - 1] == '\n')
                return Encoding.ASCII.GetString(buffer, 0, length);
        }
        return null;
    }

    /// <summary>The host of "CONNECT host:443 HTTP/1.1"; null for any other request.</summary>
    public static string? ConnectTarget(string head)
    {
        var line = head[..Math.Max(0, head.IndexOf('\r'))].Split(' ');
        if (line.Length != 3 || line[0] != "CONNECT") return null;
        var colon = line[1].LastIndexOf(':');
        return colon > 0 && line[1][(colon + 1)..] == "443" ? line[1][..colon].ToLowerInvariant() : null;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _accepting; } catch (Exception) { } // stopping
        _stop.Dispose();
    }
}
