using System.Security.Cryptography;

namespace Kit.Contracts.Signing;

/// <summary>
/// Loads RSA keys in every form Antom integrators meet: PEM (PKCS#8 "PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY",
/// SubjectPublicKeyInfo "PUBLIC KEY", PKCS#1 "RSA PUBLIC KEY") and Antom's bare Base64 (PKCS#8 private,
/// X.509 SubjectPublicKeyInfo public), as copied from the Antom Dashboard.
/// </summary>
public static class AntomKeys
{
    public static RSA ImportPrivateKey(string text) => Import(text, isPrivate: true);

    public static RSA ImportPublicKey(string text) => Import(text, isPrivate: false);

    /// <summary>The public key in Antom's bare Base64 form (SubjectPublicKeyInfo), as the Dashboard shows it.</summary>
    public static string ExportPublicKeyBase64(RSA key) => Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());

    /// <summary>The private key in Antom's bare Base64 form (PKCS#8).</summary>
    public static string ExportPrivateKeyBase64(RSA key) => Convert.ToBase64String(key.ExportPkcs8PrivateKey());

    private static RSA Import(string text, bool isPrivate)
    {
        var kind = isPrivate ? "private" : "public";
        if (string.IsNullOrWhiteSpace(text))
            throw new AntomKeyException($"The {kind} key is empty. Paste the PEM text or Antom's Base64 key.");
        var rsa = RSA.Create();
        try
        {
            var trimmed = text.Trim();
            if (trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal))
            {
                var isPrivatePem = trimmed.Contains("PRIVATE KEY-----", StringComparison.Ordinal);
                if (isPrivatePem != isPrivate)
                    throw new AntomKeyException($"Expected a {kind} key but the PEM holds a {(isPrivatePem ? "private" : "public")} key.");
                rsa.ImportFromPem(trimmed);
                return rsa;
            }
            var der = Convert.FromBase64String(string.Concat(trimmed.Where(c => !char.IsWhiteSpace(c))));
            if (isPrivate)
            {
                if (!TryImport(() => rsa.ImportPkcs8PrivateKey(der, out _)) && !TryImport(() => rsa.ImportRSAPrivateKey(der, out _)))
                    throw new AntomKeyException("The private key is Base64 but neither PKCS#8 nor PKCS#1 RSA. Antom's form is PKCS#8.");
            }
            else if (!TryImport(() => rsa.ImportSubjectPublicKeyInfo(der, out _)) && !TryImport(() => rsa.ImportRSAPublicKey(der, out _)))
                throw new AntomKeyException("The public key is Base64 but neither X.509 SubjectPublicKeyInfo nor PKCS#1 RSA. Antom's form is SubjectPublicKeyInfo.");
            return rsa;
        }
        catch (FormatException)
        {
            rsa.Dispose();
            throw new AntomKeyException($"The {kind} key is neither PEM nor Base64. Paste the whole PEM block, or the Base64 text from the Antom Dashboard.");
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
            throw new AntomKeyException($"The {kind} key could not be read: {e.Message}");
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    private static bool TryImport(Action import)
    {
        try { import(); return true; }
        catch (CryptographicException) { return false; }
    }
}

/// <summary>A key that cannot be loaded; the message says what form was expected.</summary>
public sealed class AntomKeyException(string message) : Exception(message);
