using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kit.Simulator.Hosting;

/// <summary>
/// The certificate the simulator serves https:// with when no --tls-cert is given: self-signed, for 127.0.0.1, ::1
/// and localhost (what the official SDKs dial) and for the Antom host names the web SDK calls (resolver mode). It is
/// made once and kept in the data directory's tls/ folder, so a client told to trust it keeps trusting it after a
/// restart. Clients trust <see cref="CertificateFile"/>, the certificate alone as PEM.
/// </summary>
public sealed class SimulatorCertificate
{
    public const string CertificateFileName = "simulator-cert.pem";
    public const string KeyFileName = "simulator-key.pem";

    /// <summary>The names the certificate is valid for.</summary>
    public static readonly IReadOnlyList<string> DnsNames = ["localhost", "*.alipay.com", "gw.alipayobjects.com", "*.marmot-cloud.com", "*.alipayobjects.com"];

    public static readonly IReadOnlyList<IPAddress> Addresses = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    private SimulatorCertificate(X509Certificate2 certificate, string certificateFile)
    {
        Certificate = certificate;
        CertificateFile = certificateFile;
    }

    /// <summary>The certificate with its private key, for the server.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate alone, PEM: what a client adds to its trust.</summary>
    public string CertificateFile { get; }

    /// <summary>Loads the certificate from <paramref name="directory"/>, or makes one there (the key readable by its owner only).</summary>
    public static SimulatorCertificate LoadOrCreate(string directory)
    {
        KeyFiles.CreateOwnerOnlyDirectory(directory);
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            using var created = Create();
            using var key = created.GetRSAPrivateKey()!;
            KeyFiles.WriteSecret(keyPath, key.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(certificatePath, created.ExportCertificatePem());
        }
        X509Certificate2 loaded;
        try { loaded = X509Certificate2.CreateFromPemFile(certificatePath, keyPath); }
        catch (CryptographicException e)
        {
            throw new SimulatorConfigException($"{certificatePath}: cannot read the simulator's TLS certificate ({e.Message}); delete {directory} and it is made again");
        }
        using (loaded)
        {
            // A certificate read from PEM holds an ephemeral key; a PKCS#12 round trip gives TLS a key it can use everywhere.
            return new SimulatorCertificate(X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null), certificatePath);
        }
    }

    private static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Kit simulator (self-signed for local testing)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in DnsNames) names.AddDnsName(name);
        foreach (var address in Addresses) names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server authentication
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
    }
}
