namespace Kit.Contracts.Signing;

/// <summary>
/// The <c>Signature</c> header: <c>algorithm=RSA256,keyVersion=1,signature=&lt;URL-encoded Base64&gt;</c>. Parsing accepts
/// spaces after commas (Antom's docs) and either hex case in the URL encoding (Java encodes %2B, .NET %2b).
/// </summary>
public sealed record SignatureHeader(string Algorithm, string KeyVersion, string Signature)
{
    public const string Rsa256 = "RSA256";

    public override string ToString() => $"algorithm={Algorithm},keyVersion={KeyVersion},signature={Signature}";

    public static string Format(int keyVersion, string urlEncodedSignature) => $"algorithm={Rsa256},keyVersion={keyVersion},signature={urlEncodedSignature}";

    /// <summary>Parses a header value; on failure says what is wrong with it.</summary>
    public static bool TryParse(string? value, out SignatureHeader? header, out string? problem)
    {
        header = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "the Signature header is missing or empty";
            return false;
        }
        string? algorithm = null, keyVersion = null, signature = null;
        foreach (var part in value.Split(','))
        {
            var item = part.Trim();
            if (item.Length == 0) continue;
            var eq = item.IndexOf('=');
            if (eq <= 0)
            {
                problem = $"'{item}' is not name=value (expected algorithm=RSA256,keyVersion=1,signature=...)";
                return false;
            }
            var name = item[..eq].Trim();
            var v = item[(eq + 1)..].Trim();
            if (name.Equals("algorithm", StringComparison.OrdinalIgnoreCase)) algorithm = v;
            else if (name.Equals("keyVersion", StringComparison.OrdinalIgnoreCase)) keyVersion = v;
            else if (name.Equals("signature", StringComparison.OrdinalIgnoreCase)) signature = v;
        }
        if (algorithm is null || signature is null)
        {
            problem = $"the Signature header lacks {(algorithm is null ? "algorithm" : "signature")} (expected algorithm=RSA256,keyVersion=1,signature=...)";
            return false;
        }
        header = new SignatureHeader(algorithm, keyVersion ?? "", signature);
        return true;
    }

    /// <summary>The raw RSA signature bytes: URL-decoded (either hex case), then Base64-decoded.</summary>
    public bool TryDecodeSignature(out byte[] bytes)
    {
        bytes = [];
        try
        {
            bytes = Convert.FromBase64String(Uri.UnescapeDataString(Signature));
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
