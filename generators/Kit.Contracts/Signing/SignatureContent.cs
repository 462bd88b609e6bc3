using System.Buffers;
using System.Text;

namespace Kit.Contracts.Signing;

/// <summary>
/// The exact bytes Antom signs: <c>&lt;METHOD&gt; &lt;path&gt;\n&lt;clientId&gt;.&lt;requestTime&gt;.&lt;raw body&gt;</c>, UTF-8, one LF.
/// The body is used as sent: re-serialising JSON changes it and breaks the signature.
/// </summary>
public static class SignatureContent
{
    /// <summary>Writes the content into a pooled buffer; return it with <see cref="ArrayPool{T}.Return"/>.</summary>
    public static byte[] Rent(string method, string path, string clientId, string requestTime, ReadOnlySpan<byte> body, out int length)
    {
        var prefix = Encoding.UTF8.GetMaxByteCount(method.Length + path.Length + clientId.Length + requestTime.Length + 4);
        var buffer = ArrayPool<byte>.Shared.Rent(prefix + body.Length);
        var n = Encoding.UTF8.GetBytes(method, buffer);
        buffer[n++] = (byte)' ';
        n += Encoding.UTF8.GetBytes(path, buffer.AsSpan(n));
        buffer[n++] = (byte)'\n';
        n += Encoding.UTF8.GetBytes(clientId, buffer.AsSpan(n));
        buffer[n++] = (byte)'.';
        n += Encoding.UTF8.GetBytes(requestTime, buffer.AsSpan(n));
        buffer[n++] = (byte)'.';
        body.CopyTo(buffer.AsSpan(n));
        length = n + body.Length;
        return buffer;
    }

    /// <summary>The content as a new array (for tests and tools; the signer uses <see cref="Rent"/>).</summary>
    public static byte[] Build(string method, string path, string clientId, string requestTime, ReadOnlySpan<byte> body)
    {
        var buffer = Rent(method, path, clientId, requestTime, body, out var length);
        try { return buffer.AsSpan(0, length).ToArray(); }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }
}
