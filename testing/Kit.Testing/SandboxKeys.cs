using System.Security.Cryptography;
using Kit.Contracts.Signing;
using Kit.Simulator.Hosting;

namespace Kit.Testing;

/// <summary>
/// The sandbox merchant's key pair and the simulator's ("Antom's") public key, as text and as files in every form
/// an official Antom SDK loads (docs/official-sdks.md): a merchant app or SDK under test is pointed at a file or
/// given a string, whichever its configuration takes.
/// </summary>
public sealed class SandboxKeys
{
    internal SandboxKeys(string directory, string clientId)
    {
        Directory = directory;
        ClientId = clientId;
    }

    /// <summary>The folder holding the key files (readable by their owner only), removed when the simulator stops.</summary>
    public string Directory { get; }

    public string ClientId { get; }

    /// <summary>The merchant private key as bare Base64 of PKCS#8 DER, one line: the .NET, Java, Go and PHP SDKs.</summary>
    public string MerchantPrivateKeyBase64 => Read(KeyFiles.MerchantPrivateBase64);

    /// <summary>The merchant private key as PKCS#8 PEM (BEGIN PRIVATE KEY): Kit's client, openssl.</summary>
    public string MerchantPrivateKeyPem => Read(KeyFiles.MerchantPrivatePem);

    /// <summary>The merchant private key as PKCS#1 PEM (BEGIN RSA PRIVATE KEY): the Python SDK.</summary>
    public string MerchantPrivateKeyPkcs1Pem => Read(KeyFiles.MerchantPrivatePkcs1Pem);

    public string MerchantPublicKeyPem => Read(KeyFiles.MerchantPublicPem);

    /// <summary>The simulator's public key as bare Base64 of SubjectPublicKeyInfo DER: the .NET, Java, Go and PHP SDKs.</summary>
    public string AntomPublicKeyBase64 => Read(KeyFiles.AntomPublicBase64);

    /// <summary>The simulator's public key as SubjectPublicKeyInfo PEM: the Python SDK, Kit's client.</summary>
    public string AntomPublicKeyPem => Read(KeyFiles.AntomPublicPem);

    public string MerchantPrivateKeyBase64File => PathOf(KeyFiles.MerchantPrivateBase64);
    public string MerchantPrivateKeyPemFile => PathOf(KeyFiles.MerchantPrivatePem);
    public string MerchantPrivateKeyPkcs1PemFile => PathOf(KeyFiles.MerchantPrivatePkcs1Pem);
    public string AntomPublicKeyBase64File => PathOf(KeyFiles.AntomPublicBase64);
    public string AntomPublicKeyPemFile => PathOf(KeyFiles.AntomPublicPem);

    /// <summary>A new RSA object with the merchant's private key (the caller disposes it).</summary>
    public RSA CreateMerchantPrivateKey() => AntomKeys.ImportPrivateKey(MerchantPrivateKeyPem);

    /// <summary>A new RSA object with the simulator's public key (the caller disposes it).</summary>
    public RSA CreateAntomPublicKey() => AntomKeys.ImportPublicKey(AntomPublicKeyPem);

    private string PathOf(string file) => Path.Combine(Directory, file);

    private string Read(string file) => File.ReadAllText(PathOf(file)).Trim();
}
