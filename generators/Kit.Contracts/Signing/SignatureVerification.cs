namespace Kit.Contracts.Signing;

/// <summary>Why a signature did not verify.</summary>
public enum SignatureFailure
{
    None,
    /// <summary>No Signature header (or no signature header on a response).</summary>
    MissingHeader,
    /// <summary>The header is not algorithm=...,keyVersion=...,signature=....</summary>
    MalformedHeader,
    /// <summary>The algorithm is not RSA256.</summary>
    UnsupportedAlgorithm,
    /// <summary>The signature value is not URL-encoded Base64.</summary>
    MalformedSignature,
    /// <summary>The client-id header (or the client id in the content) is not the expected one.</summary>
    ClientIdMismatch,
    /// <summary>The request-time / response-time header is missing.</summary>
    MissingTime,
    /// <summary>The signature is for another path (for example /ams/api where /ams/sandbox/api was used).</summary>
    PathMismatch,
    /// <summary>The signature does not match: a different key, or content that changed (even by one byte).</summary>
    Mismatch,
}

/// <summary>The outcome of verifying a signature: valid, or a reason and a message saying what to check.</summary>
public sealed record SignatureVerification(SignatureFailure Failure, string Message)
{
    public static readonly SignatureVerification Valid = new(SignatureFailure.None, "signature verified");

    public bool IsValid => Failure == SignatureFailure.None;

    public static SignatureVerification Fail(SignatureFailure failure, string message) => new(failure, message);

    public override string ToString() => IsValid ? Message : $"{Failure}: {Message}";
}
