namespace Kit.Contracts.Client;

/// <summary>Antom's regional gateways (docs/antom-api.md §1). Sandbox uses the same hosts with /ams/sandbox/api paths.</summary>
public enum AntomRegion
{
    NorthAmerica,
    Asia,
    Europe,
}

/// <summary>Where Antom is; each operation's path is in <see cref="Operations.AntomOperations"/>.</summary>
public static class AntomEndpoints
{
    public static Uri BaseAddress(AntomRegion region) => region switch
    {
        AntomRegion.NorthAmerica => new Uri("https://open-na-global.alipay.com"),
        AntomRegion.Asia => new Uri("https://open-sea-global.alipay.com"),
        AntomRegion.Europe => new Uri("https://open-de-global.alipay.com"),
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "unknown Antom region"),
    };

    /// <summary>Antom's SDKs send SANDBOX_ client ids to /ams/sandbox/api (the first /ams/api is replaced) and sign that path.</summary>
    public static string PathFor(string path, string clientId) =>
        clientId.StartsWith("SANDBOX_", StringComparison.Ordinal) && path.StartsWith("/ams/api", StringComparison.Ordinal)
            ? "/ams/sandbox/api" + path["/ams/api".Length..]
            : path;
}
