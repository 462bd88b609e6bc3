using System.Reflection;
using System.Text.Json;
using Kit.Contracts.Antom;
using Kit.Contracts.Sdk;
using Kit.Schema;

namespace Kit.Contracts;

/// <summary>
/// The data files that ship with the contracts: Antom's result codes and the web SDK's event codes. Both are
/// validated against their schemas and read through the generated types when first used.
/// </summary>
public static class ContractCatalogs
{
    private static readonly Lazy<ResultCodeCatalog> Results = new(() =>
        Load("Kit.Contracts.resultCodes.json", ResultCodeCatalogValidator.Validate, ContractsJsonContext.Default.ResultCodeCatalog));

    private static readonly Lazy<SdkEventCatalog> SdkEvents = new(() =>
        Load("Kit.Contracts.sdkEventCodes.json", SdkEventCatalogValidator.Validate, ContractsJsonContext.Default.SdkEventCatalog));

    /// <summary>Antom result codes with status and meaning (resultCodes.json).</summary>
    public static ResultCodeCatalog ResultCodes => Results.Value;

    /// <summary>The 18 event and error codes of the web SDK, seven of them documented by the seed guide.</summary>
    public static SdkEventCatalog SdkEventCodes => SdkEvents.Value;

    /// <summary>Looks up a result code; null when Kit does not know it.</summary>
    public static ResultCodeInfo? FindResultCode(string code) => ResultCodes.Codes.FirstOrDefault(c => c.Code == code);

    private static T Load<T>(string resource, Func<ReadOnlyMemory<byte>, ValidationResult> validate, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded catalog {resource} is missing from Kit.Contracts.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var result = validate(bytes);
        if (!result.IsValid) throw new InvalidDataException($"{resource} does not match its schema:{System.Environment.NewLine}{result}");
        return JsonSerializer.Deserialize(bytes, type)!;
    }
}
