using Kit.Schema;

namespace Kit.Contracts.Client;

/// <summary>A request that breaks its schema; nothing was sent. <see cref="Violations"/> lists every problem with its path.</summary>
public sealed class AntomRequestValidationException(string api, IReadOnlyList<SchemaViolation> violations)
    : Exception($"The {api} request is invalid and was not sent:{System.Environment.NewLine}{string.Join(System.Environment.NewLine, violations.Select(v => "  " + v))}")
{
    public string Api { get; } = api;
    public IReadOnlyList<SchemaViolation> Violations { get; } = violations;
}

/// <summary>What went wrong between the client and Antom.</summary>
public enum AntomTransportFailure
{
    /// <summary>No response within the HttpClient's timeout.</summary>
    Timeout,
    /// <summary>The connection failed (DNS, refused, reset, TLS).</summary>
    Network,
    /// <summary>An HTTP status other than 200; Antom sends business failures as 200 with result F.</summary>
    HttpStatus,
    /// <summary>The body is not JSON.</summary>
    NotJson,
    /// <summary>The body is JSON but does not match the response schema.</summary>
    InvalidResponse,
    /// <summary>The response has no signature headers and the policy requires them.</summary>
    ResponseSignatureMissing,
    /// <summary>The response signature does not verify.</summary>
    ResponseSignatureInvalid,
}

/// <summary>A transport or response fault, typed, with what happened and the HTTP details when there were any.</summary>
public sealed class AntomTransportException(AntomTransportFailure failure, string api, string message, int? statusCode = null, string? body = null, Exception? inner = null)
    : Exception($"{api}: {failure}: {message}", inner)
{
    public AntomTransportFailure Failure { get; } = failure;
    public string Api { get; } = api;
    public int? StatusCode { get; } = statusCode;
    public string? ResponseBody { get; } = body;
}
