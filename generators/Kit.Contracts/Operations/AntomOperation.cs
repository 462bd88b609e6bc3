using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Kit.Contracts.Antom;
using Kit.Schema;

namespace Kit.Contracts.Operations;

/// <summary>
/// One Antom merchant API, described once: its name and path, the generated types and validators of its request and
/// response, and the field Antom keys its idempotency on. The client, the simulator's merchant API and the control
/// API's listing all read these (<see cref="AntomOperations"/>), so an operation is added in one place.
/// </summary>
public abstract class AntomOperation
{
    private protected AntomOperation(string name, string? idempotencyKey, string description)
    {
        Name = name;
        Path = "/ams/api/v1/payments/" + name;
        IdempotencyKey = idempotencyKey;
        Description = description;
    }

    /// <summary>The name in the path and in Antom's docs, e.g. <c>createPaymentSession</c>.</summary>
    public string Name { get; }

    /// <summary>The production path; <see cref="Client.AntomEndpoints.PathFor"/> gives the sandbox form for SANDBOX_ client ids.</summary>
    public string Path { get; }

    /// <summary>The request member a repeated call is recognised by (null: the call is a read and may simply be repeated).</summary>
    public string? IdempotencyKey { get; }

    public string Description { get; }

    public abstract ValidationResult ValidateRequest(ReadOnlyMemory<byte> body);

    public abstract ValidationResult ValidateResponse(ReadOnlyMemory<byte> body);

    /// <summary>A response that carries only a result (a failure before the operation ran), as this operation's bytes.</summary>
    public abstract byte[] ResultOnly(Result result);

    public override string ToString() => Name;
}

/// <summary>An operation with its typed request and response.</summary>
public sealed class AntomOperation<TRequest, TResponse> : AntomOperation
{
    private readonly Func<ReadOnlyMemory<byte>, ValidationResult> _validateRequest;
    private readonly Func<ReadOnlyMemory<byte>, ValidationResult> _validateResponse;
    private readonly Func<Result, TResponse> _resultOnly;

    internal AntomOperation(string name, string? idempotencyKey, string description,
        JsonTypeInfo<TRequest> requestType, Func<ReadOnlyMemory<byte>, ValidationResult> validateRequest,
        JsonTypeInfo<TResponse> responseType, Func<ReadOnlyMemory<byte>, ValidationResult> validateResponse,
        Func<TResponse, Result> resultOf, Func<Result, TResponse> resultOnly)
        : base(name, idempotencyKey, description)
    {
        RequestType = requestType;
        ResponseType = responseType;
        ResultOf = resultOf;
        _validateRequest = validateRequest;
        _validateResponse = validateResponse;
        _resultOnly = resultOnly;
    }

    public JsonTypeInfo<TRequest> RequestType { get; }

    public JsonTypeInfo<TResponse> ResponseType { get; }

    public Func<TResponse, Result> ResultOf { get; }

    public override ValidationResult ValidateRequest(ReadOnlyMemory<byte> body) => _validateRequest(body);

    public override ValidationResult ValidateResponse(ReadOnlyMemory<byte> body) => _validateResponse(body);

    public override byte[] ResultOnly(Result result) => JsonSerializer.SerializeToUtf8Bytes(_resultOnly(result), ResponseType);

    public byte[] SerializeRequest(TRequest request) => JsonSerializer.SerializeToUtf8Bytes(request, RequestType);

    public byte[] SerializeResponse(TResponse response) => JsonSerializer.SerializeToUtf8Bytes(response, ResponseType);
}
