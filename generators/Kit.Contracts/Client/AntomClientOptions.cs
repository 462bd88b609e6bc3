using System.Security.Cryptography;

namespace Kit.Contracts.Client;

/// <summary>What the client does when a response arrives without a signature.</summary>
public enum ResponseSignaturePolicy
{
    /// <summary>A response must be signed and verify (Python SDK behaviour).</summary>
    Required,
    /// <summary>A signed response must verify; an unsigned one is accepted (Java SDK behaviour).</summary>
    Optional,
}

public sealed class AntomClientOptions
{
    /// <summary>The merchant's client id; ids starting with SANDBOX_ go to /ams/sandbox/api.</summary>
    public required string ClientId { get; init; }

    /// <summary>The merchant's private key (see <see cref="Signing.AntomKeys"/>).</summary>
    public required RSA MerchantPrivateKey { get; init; }

    /// <summary>Antom's public key, to verify responses. Null only with <see cref="ResponseSignaturePolicy.Optional"/>.</summary>
    public RSA? AntomPublicKey { get; init; }

    public int KeyVersion { get; init; } = 1;

    public ResponseSignaturePolicy ResponseSignature { get; init; } = ResponseSignaturePolicy.Required;

    /// <summary>Where requests go when the HttpClient has no BaseAddress: a region's gateway or any URL (the simulator).</summary>
    public Uri? BaseAddress { get; init; }

    /// <summary>Clock for Request-Time (epoch milliseconds, as the Java and Go SDKs send it).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
