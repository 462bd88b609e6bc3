using System.Security.Cryptography;
using System.Text.Json;
using Kit.Contracts.Signing;

namespace Kit.Simulator.Hosting;

/// <summary>
/// A merchant the simulator knows: its client id, the public key its requests are verified with, and whether
/// notifications retry on Antom's schedule (false reproduces the real sandbox, which does not retry).
/// </summary>
public sealed record MerchantClient(string ClientId, RSA? PublicKey, bool NotificationRetries = true);

/// <summary>
/// The simulator's keys and merchants. With a data directory, the first start creates a SANDBOX_ client, a merchant
/// key pair for it (so a newcomer can call at once) and the simulator's own "Antom" key pair, and later starts reuse
/// them. A config file registers more clients with their public keys.
/// </summary>
public sealed class ClientRegistry
{
    private readonly Dictionary<string, MerchantClient> _clients = new(StringComparer.Ordinal);

    private ClientRegistry(RSA antomKey, RSA merchantKey, string sandboxClientId, string? keyDirectory)
    {
        AntomPrivateKey = antomKey;
        SandboxMerchantKey = merchantKey;
        SandboxClientId = sandboxClientId;
        KeyDirectory = keyDirectory;
        _clients[sandboxClientId] = new MerchantClient(sandboxClientId, merchantKey);
    }

    /// <summary>The key the simulator signs responses and notifications with (Antom's side).</summary>
    public RSA AntomPrivateKey { get; }

    /// <summary>The merchant key pair of the sandbox client created on first start.</summary>
    public RSA SandboxMerchantKey { get; }

    public string SandboxClientId { get; }

    /// <summary>Where the key files are (<see cref="KeyFiles"/>), or null in memory.</summary>
    public string? KeyDirectory { get; }

    public string AntomPublicKeyPem => AntomPrivateKey.ExportSubjectPublicKeyInfoPem();

    public MerchantClient? Find(string clientId) => _clients.GetValueOrDefault(clientId);

    public bool RetriesNotifications(string clientId) => Find(clientId)?.NotificationRetries ?? true;

    public void Register(MerchantClient client) => _clients[client.ClientId] = client;

    public static ClientRegistry InMemory() =>
        new(RSA.Create(2048), RSA.Create(2048), NewSandboxClientId(), null);

    /// <summary>Loads the keys from <paramref name="dataDirectory"/>/keys, creating them on first start (see <see cref="KeyFiles"/>).</summary>
    public static ClientRegistry OpenDirectory(string dataDirectory)
    {
        var keys = Path.Combine(dataDirectory, "keys");
        KeyFiles.CreateOwnerOnlyDirectory(keys);
        var antom = KeyFiles.LoadOrCreate(keys, KeyFiles.AntomPrivatePem, KeyFiles.AntomPublicPem);
        var merchant = KeyFiles.LoadOrCreate(keys, KeyFiles.MerchantPrivatePem, KeyFiles.MerchantPublicPem);
        KeyFiles.WriteSdkForms(keys, merchant, antom);
        var idFile = Path.Combine(keys, KeyFiles.SandboxClientId);
        if (!File.Exists(idFile)) File.WriteAllText(idFile, NewSandboxClientId());
        return new ClientRegistry(antom, merchant, File.ReadAllText(idFile).Trim(), keys);
    }

    /// <summary>
    /// Registers clients from a JSON config: <c>{ "clients": [ { "clientId": "...", "publicKey": "PEM or Base64" } ] }</c>.
    /// Errors name the file and the entry.
    /// </summary>
    public void LoadConfig(string path)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new SimulatorConfigException($"{path}: cannot read the config: {e.Message}");
        }
        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("clients", out var clients) || clients.ValueKind != JsonValueKind.Array)
                throw new SimulatorConfigException($"{path}: expected {{ \"clients\": [ {{ \"clientId\": \"...\", \"publicKey\": \"...\" }} ] }}");
            var i = 0;
            foreach (var entry in clients.EnumerateArray())
            {
                var where = $"{path}#/clients/{i++}";
                var id = entry.TryGetProperty("clientId", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : throw new SimulatorConfigException($"{where}/clientId: required string");
                var key = entry.TryGetProperty("publicKey", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : null;
                var retries = !entry.TryGetProperty("notificationRetries", out var r) || r.ValueKind != JsonValueKind.False;
                try { Register(new MerchantClient(id, key is null ? null : AntomKeys.ImportPublicKey(key), retries)); }
                catch (AntomKeyException e) { throw new SimulatorConfigException($"{where}/publicKey: {e.Message}"); }
            }
        }
    }

    private static string NewSandboxClientId() => "SANDBOX_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
}

/// <summary>A config the simulator cannot use; the message names the file and the entry.</summary>
public sealed class SimulatorConfigException(string message) : Exception(message);
