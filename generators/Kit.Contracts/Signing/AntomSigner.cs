using System.Buffers;
using System.Net;
using System.Security.Cryptography;

namespace Kit.Contracts.Signing;

/// <summary>
/// Signs Antom messages with RSASSA-PKCS1-v1_5 over SHA-256: merchants sign requests, the simulator signs responses
/// and notifications. The same content and encoding rules serve all three.
/// </summary>
public sealed class AntomSigner(RSA privateKey, int keyVersion = 1)
{
    public int KeyVersion { get; } = keyVersion;

    /// <summary>The URL-encoded Base64 signature of the content built from these parts.</summary>
    public string Sign(string method, string path, string clientId, string time, ReadOnlySpan<byte> body)
    {
        var buffer = SignatureContent.Rent(method, path, clientId, time, body, out var length);
        try
        {
            var signature = privateKey.SignData(buffer.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return WebUtility.UrlEncode(Convert.ToBase64String(signature));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The whole Signature header value: <c>algorithm=RSA256,keyVersion=N,signature=...</c>.</summary>
    public string SignatureHeaderValue(string method, string path, string clientId, string time, ReadOnlySpan<byte> body) =>
        SignatureHeader.Format(KeyVersion, Sign(method, path, clientId, time, body));
}

/// <summary>Verifies Antom signatures with the other side's public key, saying why when one does not verify.</summary>
public sealed class AntomSignatureVerifier(RSA publicKey)
{
    public SignatureVerification Verify(string? signatureHeader, string method, string path, string clientId, string? time, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(signatureHeader))
            return SignatureVerification.Fail(SignatureFailure.MissingHeader, "no Signature header was sent");
        if (!SignatureHeader.TryParse(signatureHeader, out var header, out var problem))
            return SignatureVerification.Fail(SignatureFailure.MalformedHeader, problem!);
        if (!header!.Algorithm.Equals(SignatureHeader.Rsa256, StringComparison.OrdinalIgnoreCase))
            return SignatureVerification.Fail(SignatureFailure.UnsupportedAlgorithm, $"algorithm '{header.Algorithm}' is not supported; Antom signs with RSA256");
        if (!header.TryDecodeSignature(out var signature))
            return SignatureVerification.Fail(SignatureFailure.MalformedSignature, "the signature is not URL-encoded Base64");
        if (string.IsNullOrEmpty(time))
            return SignatureVerification.Fail(SignatureFailure.MissingTime, "the request-time (or response-time) header is missing; it is part of the signed content");
        if (Check(signature, method, path, clientId, time, body)) return SignatureVerification.Valid;

        // Explain the most common INVALID_SIGNATURE cause we can detect: the other sandbox/live path.
        var other = path.StartsWith("/ams/sandbox/api", StringComparison.Ordinal) ? "/ams/api" + path["/ams/sandbox/api".Length..]
            : path.StartsWith("/ams/api", StringComparison.Ordinal) ? "/ams/sandbox/api" + path["/ams/api".Length..] : null;
        if (other is not null && Check(signature, method, other, clientId, time, body))
            return SignatureVerification.Fail(SignatureFailure.PathMismatch, $"the signature is for path {other}, but the message was sent to {path} (client ids starting with SANDBOX_ use /ams/sandbox/api)");
        return SignatureVerification.Fail(SignatureFailure.Mismatch,
            $"the signature does not match '{method} {path}\\n{clientId}.{time}.<{body.Length} body bytes>': check the key pair, and that the exact bytes sent were signed (LF, not CRLF; no re-serialised JSON)");
    }

    private bool Check(byte[] signature, string method, string path, string clientId, string time, ReadOnlySpan<byte> body)
    {
        var buffer = SignatureContent.Rent(method, path, clientId, time, body, out var length);
        try
        {
            return publicKey.VerifyData(buffer.AsSpan(0, length), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
