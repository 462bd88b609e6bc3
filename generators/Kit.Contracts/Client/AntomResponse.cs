using Kit.Contracts.Antom;
using Kit.Contracts.Signing;

namespace Kit.Contracts.Client;

/// <summary>S, F or U made explicit. Unknown means the call may have succeeded: retry or inquire, never treat it as failure.</summary>
public enum AntomOutcome
{
    Success,
    Failure,
    Unknown,
}

/// <summary>A typed Antom response with its outcome, raw body and how its signature checked out.</summary>
public sealed record AntomResponse<T>(T Body, Result Result, string RawBody, SignatureVerification ResponseSignature)
{
    public AntomOutcome Outcome => Result.ResultStatus switch
    {
        ResultStatus.S => AntomOutcome.Success,
        ResultStatus.F => AntomOutcome.Failure,
        _ => AntomOutcome.Unknown,
    };

    public bool IsSuccess => Outcome == AntomOutcome.Success;

    /// <summary>The result code's catalog entry (meaning, status), when Kit knows the code.</summary>
    public ResultCodeInfo? Code => ContractCatalogs.FindResultCode(Result.ResultCode);

    /// <summary>Handles the three outcomes; a caller has to say what Unknown means for them.</summary>
    public TResult Match<TResult>(Func<T, TResult> success, Func<Result, TResult> failure, Func<Result, TResult> unknown) => Outcome switch
    {
        AntomOutcome.Success => success(Body),
        AntomOutcome.Failure => failure(Result),
        _ => unknown(Result),
    };
}
