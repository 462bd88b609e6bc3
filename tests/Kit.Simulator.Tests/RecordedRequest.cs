using System.Text;

namespace Kit.Simulator.Tests;

/// <summary>
/// A request exactly as an official Antom SDK put it on the wire (OfficialSdks/*.http: the request line, the headers
/// in their order and casing, a blank line, the body bytes; the file's last line break is not part of the body).
/// </summary>
/// <remarks><c>Separator</c> is what follows a header's colon: the PHP SDK writes no space.</remarks>
public sealed record RecordedRequest(string File, string Method, string Target, string Version, IReadOnlyList<(string Name, string Separator, string Value)> Headers, byte[] Body)
{
    public static string Directory => System.IO.Path.Combine(AppContext.BaseDirectory, "OfficialSdks");

    public static RecordedRequest Load(string fileName)
    {
        var bytes = System.IO.File.ReadAllBytes(System.IO.Path.Combine(Directory, fileName));
        var split = bytes.AsSpan().IndexOf("\n\n"u8);
        var head = Encoding.ASCII.GetString(bytes, 0, split).Split('\n');
        var body = bytes[(split + 2)..];
        if (body.Length > 0 && body[^1] == '\n') body = body[..^1];
        var line = head[0].Split(' ');
        var headers = head.Skip(1).Select(h =>
        {
            var colon = h.IndexOf(':');
            var value = h[(colon + 1)..];
            return (h[..colon], value.StartsWith(' ') ? ": " : ":", value.TrimStart(' '));
        }).ToList();
        return new RecordedRequest(fileName, line[0], line[1], line[2], headers, body);
    }

    /// <summary>The path the SDK signed: the target's path, whether the request line is in origin or absolute form.</summary>
    public string Path => Target.StartsWith('/') ? Target : new Uri(Target).PathAndQuery;

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public string Sdk => File[..File.IndexOf('-')];

    /// <summary>
    /// The same request for another server and merchant: the same request line form, header names, casing and order,
    /// request-time value and body bytes; only the client id, the signature (made with <paramref name="sign"/>) and
    /// the address change. The .NET SDK's recording has no Host or Content-Length, which HttpClient adds when it
    /// sends; they are added here the same way.
    /// </summary>
    /// <param name="sign">The Signature header value for (path, client id, request time, body).</param>
    public byte[] ToWire(string authority, string clientId, Func<string, string, string, byte[], string> sign)
    {
        var target = Target.StartsWith('/') ? Target : new UriBuilder(Target) { Host = authority.Split(':')[0], Port = int.Parse(authority.Split(':')[1]) }.Uri.AbsoluteUri;
        var time = Header("request-time") ?? throw new InvalidOperationException($"{File} has no request-time");
        var signature = sign(Path, clientId, time, Body);
        var text = new StringBuilder($"{Method} {target} {Version}\r\n");
        var headers = Headers.ToList();
        if (Header("host") is null) headers.Insert(0, ("Host", ": ", authority));
        if (Header("content-length") is null) headers.Add(("Content-Length", ": ", Body.Length.ToString()));
        foreach (var (name, separator, value) in headers)
        {
            var v = name.ToLowerInvariant() switch
            {
                "host" => authority,
                "client-id" => clientId,
                "signature" => signature,
                _ => value,
            };
            text.Append(name).Append(separator).Append(v).Append("\r\n");
        }
        text.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(text.ToString()), .. Body];
    }
}
