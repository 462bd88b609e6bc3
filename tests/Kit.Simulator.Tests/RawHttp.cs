using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Kit.Simulator.Tests;

/// <summary>An HTTP/1.1 message (a response, or a request a test server received) as it came off the socket: header names in their wire casing, in order.</summary>
public sealed record RawMessage(string StartLine, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
{
    /// <summary>The status code of a response.</summary>
    public int Status => int.Parse(StartLine.Split(' ')[1]);

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// Sends bytes exactly as given over a TCP connection (optionally TLS) and reads one response, so a test can put on
/// the wire what a client really sends, header casing and malformed framing included.
/// </summary>
public static class RawHttp
{
    /// <param name="tls">Wraps the connection in TLS; the callback validates the server's certificate.</param>
    public static async Task<RawMessage> SendAsync(Uri server, byte[] request, RemoteCertificateValidationCallback? tls = null, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancel.Token);
        Stream stream = client.GetStream();
        if (tls is not null)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false, tls);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = server.Host }, cancel.Token);
            stream = ssl;
        }
        await using (stream)
        {
            await stream.WriteAsync(request, cancel.Token);
            await stream.FlushAsync(cancel.Token);
            return await ReadAsync(stream, cancel.Token);
        }
    }

    /// <summary>A merchant-API request signed as Antom's merchants sign, with lower-case header names.</summary>
    public static byte[] SignedPost(Uri server, string path, string clientId, System.Security.Cryptography.RSA merchantKey, byte[] body, string requestTime)
    {
        var signature = new Kit.Contracts.Signing.AntomSigner(merchantKey).SignatureHeaderValue("POST", path, clientId, requestTime, body);
        var head = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/json; charset=UTF-8\r\nclient-id: {clientId}\r\n" +
                   $"request-time: {requestTime}\r\nsignature: {signature}\r\nContent-Length: {body.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    /// <summary>Reads one message: the start line, the headers, and a body framed by Content-Length or chunked encoding.</summary>
    public static async Task<RawMessage> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int headEnd;
        while ((headEnd = buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            var n = await stream.ReadAsync(chunk, cancellationToken);
            if (n == 0) throw new IOException($"the connection closed before the response headers ended: {Encoding.ASCII.GetString(buffer.ToArray())}");
            buffer.Write(chunk, 0, n);
        }
        var all = buffer.ToArray();
        var lines = Encoding.ASCII.GetString(all, 0, headEnd).Split("\r\n");
        var headers = lines.Skip(1).Select(l => (l[..l.IndexOf(':')], l[(l.IndexOf(':') + 1)..].Trim())).ToList();
        var rest = new MemoryStream();
        rest.Write(all, headEnd + 4, all.Length - headEnd - 4);
        var response = new RawMessage(lines[0], headers, []);
        if (response.Header("content-length") is { } length)
        {
            var want = int.Parse(length);
            while (rest.Length < want)
            {
                var n = await stream.ReadAsync(chunk, cancellationToken);
                if (n == 0) break;
                rest.Write(chunk, 0, n);
            }
            return response with { Body = rest.ToArray()[..Math.Min(want, (int)rest.Length)] };
        }
        if (response.Header("transfer-encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            while (!rest.GetBuffer().AsSpan(0, (int)rest.Length).EndsWith("0\r\n\r\n"u8))
            {
                var n = await stream.ReadAsync(chunk, cancellationToken);
                if (n == 0) break;
                rest.Write(chunk, 0, n);
            }
            return response with { Body = Dechunk(rest.ToArray()) };
        }
        return response;
    }

    private static byte[] Dechunk(byte[] data)
    {
        var output = new MemoryStream();
        var at = 0;
        while (true)
        {
            var lineEnd = data.AsSpan(at).IndexOf("\r\n"u8) + at;
            var size = Convert.ToInt32(Encoding.ASCII.GetString(data, at, lineEnd - at).Split(';')[0], 16);
            if (size == 0) return output.ToArray();
            output.Write(data, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
