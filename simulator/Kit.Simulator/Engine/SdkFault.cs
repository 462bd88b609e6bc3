namespace Kit.Simulator.Engine;

/// <summary>
/// A fault QA arms for one payment so the real web SDK raises a chosen error code on the merchant's page
/// (seed guide's error table; docs/web-sdk.md §7 says what triggers each inside SDK 1.47.2).
/// </summary>
public enum SdkFault
{
    None,
    /// <summary>The cashier app posts a non-JSON message: SDK_INTERNAL_ERROR through onError; rendering goes on.</summary>
    AppNonJsonMessage,
    /// <summary>createPaymentSession issues paymentSessionData whose JSON part is not base64: SDK_CREATEPAYMENT_PARAMETER_ERROR. Arm before creating the session.</summary>
    MalformedSessionData,
    /// <summary>
    /// The gateway answers a business failure at its own level (Result-Status 3000, Tips): SDK_CREATECOMPONENT_ERROR,
    /// promise rejected, DOM removed. (SDK 1.47.2's bank path passes a success:false under Result-Status 1000 to the
    /// app silently, so that form would provoke nothing.)
    /// </summary>
    GatewayBusinessFailure,
    /// <summary>The gateway answers 502 without CORS headers, which the browser reports as a network error: SDK_CREATECOMPONENT_ERROR.</summary>
    GatewayNetworkFailure,
    /// <summary>The session points the SDK at an app version that never posts onLaunch: SDK_CREATECOMPONENT_ERROR after the SDK's 15 s load timeout. Arm before creating the session.</summary>
    AppNeverLaunches,
    /// <summary>
    /// After the bank page the app asks the SDK to open an empty URL: SDK_LAUNCH_PAYMENT_APP_ERROR, which is what SDK
    /// 1.47.2 emits where the seed guide documents SDK_CALL_URL_ERROR (deprecated, never emitted).
    /// </summary>
    RedirectFails,
}

public static class SdkFaults
{
    /// <summary>The wire name QA uses (camelCase, as in the control API).</summary>
    public static string Name(SdkFault fault) => char.ToLowerInvariant(fault.ToString()[0]) + fault.ToString()[1..];

    public static bool TryParse(string? name, out SdkFault fault)
    {
        fault = SdkFault.None;
        return name is { Length: > 0 } && Enum.TryParse(name, ignoreCase: true, out fault) && Enum.IsDefined(fault);
    }

    /// <summary>The SDK code each fault provokes, as the control API lists it.</summary>
    public static string ProvokedCode(SdkFault fault) => fault switch
    {
        SdkFault.AppNonJsonMessage => "SDK_INTERNAL_ERROR",
        SdkFault.MalformedSessionData => "SDK_CREATEPAYMENT_PARAMETER_ERROR",
        SdkFault.GatewayBusinessFailure or SdkFault.GatewayNetworkFailure or SdkFault.AppNeverLaunches => "SDK_CREATECOMPONENT_ERROR",
        SdkFault.RedirectFails => "SDK_LAUNCH_PAYMENT_APP_ERROR",
        _ => "",
    };

    /// <summary>Faults that change paymentSessionData, so they must be armed before createPaymentSession.</summary>
    public static bool ShapesSession(SdkFault fault) => fault is SdkFault.MalformedSessionData or SdkFault.AppNeverLaunches;
}
