using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoffeeShop;

/// <summary>Where the shop's Antom account is: the gateway, the client id, and the key files (Antom:* configuration).</summary>
public sealed record AntomSettings(string GatewayUrl, string ClientId, string MerchantPrivateKeyFile, string AntomPublicKeyFile)
{
    public static AntomSettings From(IConfiguration configuration) => new(
        configuration["Antom:GatewayUrl"] ?? throw new InvalidOperationException("set Antom:GatewayUrl (environment Antom__GatewayUrl)"),
        configuration["Antom:ClientId"] ?? throw new InvalidOperationException("set Antom:ClientId"),
        configuration["Antom:MerchantPrivateKeyFile"] ?? throw new InvalidOperationException("set Antom:MerchantPrivateKeyFile (Base64 of PKCS#8)"),
        configuration["Antom:AntomPublicKeyFile"] ?? throw new InvalidOperationException("set Antom:AntomPublicKeyFile (Base64 of SubjectPublicKeyInfo)"));
}

/// <summary>
/// The shop's own Antom client, following Antom's API docs: each request is signed over
/// "POST {path}\n{clientId}.{requestTime}.{body}" with the merchant's RSA key (SHA-256, Base64, URL-encoded), each
/// response is verified with Antom's public key the same way, and a SANDBOX_ client calls the /ams/sandbox/api paths.
/// </summary>
public sealed class AntomApi
{
    private readonly HttpClient _http;
    private readonly AntomSettings _settings;
    private readonly RSA _merchantKey = RSA.Create();
    private readonly RSA _antomKey = RSA.Create();

    public AntomApi(HttpClient http, AntomSettings settings)
    {
        _http = http;
        _settings = settings;
        _merchantKey.ImportPkcs8PrivateKey(Convert.FromBase64String(File.ReadAllText(settings.MerchantPrivateKeyFile).Trim()), out _);
        _antomKey.ImportSubjectPublicKeyInfo(Convert.FromBase64String(File.ReadAllText(settings.AntomPublicKeyFile).Trim()), out _);
    }

    public string ClientId => _settings.ClientId;

    /// <summary>Calls an Antom API (for example "v1/payments/createPaymentSession") and returns its verified JSON answer.</summary>
    public async Task<JsonObject> CallAsync(string api, JsonObject request)
    {
        var path = (_settings.ClientId.StartsWith("SANDBOX_", StringComparison.Ordinal) ? "/ams/sandbox/api/" : "/ams/api/") + api;
        var body = request.ToJsonString();
        var time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString();
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(_settings.GatewayUrl), path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("client-id", _settings.ClientId);
        message.Headers.Add("request-time", time);
        message.Headers.Add("signature", $"algorithm=RSA256,keyVersion=1,signature={Sign(path, time, body)}");
        using var response = await _http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new AntomException($"Antom answered HTTP {(int)response.StatusCode}: {text}");
        var responseTime = response.Headers.TryGetValues("response-time", out var t) ? t.First() : throw new AntomException("no response-time header");
        var signature = response.Headers.TryGetValues("signature", out var s) ? s.First() : throw new AntomException("no signature header");
        if (!Verify(path, responseTime, text, signature)) throw new AntomException("the answer's signature does not verify");
        return JsonNode.Parse(text) as JsonObject ?? throw new AntomException($"the answer is not a JSON object: {text}");
    }

    /// <summary>Whether a notification Antom sent is genuine: its signature over the notify path, client id, request time and body.</summary>
    public bool VerifyNotification(string path, string? clientId, string? requestTime, string body, string? signature) =>
        clientId == _settings.ClientId && requestTime is not null && signature is not null && Verify(path, requestTime, body, signature);

    private string Sign(string path, string time, string body)
    {
        var signed = _merchantKey.SignData(Encoding.UTF8.GetBytes($"POST {path}\n{_settings.ClientId}.{time}.{body}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return Uri.EscapeDataString(Convert.ToBase64String(signed));
    }

    private bool Verify(string path, string time, string body, string header)
    {
        var value = header.Split(',').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("signature=", StringComparison.Ordinal))?["signature=".Length..];
        if (value is null) return false;
        byte[] bytes;
        try { bytes = Convert.FromBase64String(Uri.UnescapeDataString(value)); }
        catch (FormatException) { return false; }
        return _antomKey.VerifyData(Encoding.UTF8.GetBytes($"POST {path}\n{_settings.ClientId}.{time}.{body}"), bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}

public sealed class AntomException(string message) : Exception(message);
