using System.Net;
using System.Net.Sockets;

namespace Kit.Simulator.Engine;

/// <summary>
/// Which URLs a merchant may give the simulator to call back (paymentNotifyUrl) or to send the buyer to
/// (paymentRedirectUrl): absolute http:// or https:// URLs. A shared simulator must not become a way to reach what
/// only its own machine can: link-local addresses (169.254.0.0/16, fe80::/10), where cloud metadata services answer
/// (169.254.169.254), are refused as notify targets unless the operator allows them. The check runs when the URL
/// arrives, on its literal host, and again when a notification connects, on every address the host name resolves to.
/// </summary>
public sealed class NotifyUrlPolicy(bool allowLinkLocal)
{
    public bool AllowLinkLocal => allowLinkLocal;

    /// <summary>Why <paramref name="url"/> cannot be used for <paramref name="field"/>, or null when it can.</summary>
    /// <param name="calledBack">The simulator itself connects to it (notify URLs), so link-local hosts matter.</param>
    public string? Problem(string field, string? url, bool calledBack)
    {
        if (url is null) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            return $"{field} must be an absolute http:// or https:// URL, but is '{Shorten(url)}'";
        if (calledBack && !allowLinkLocal && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IsLinkLocal(address))
            return $"{field} points at {address}, a link-local address (where cloud metadata services answer); the simulator does not call those unless started with --allow-link-local";
        return null;
    }

    /// <summary>A notification may connect to <paramref name="address"/>.</summary>
    public bool MayConnect(IPAddress address) => allowLinkLocal || !IsLinkLocal(address);

    public static bool IsLinkLocal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6) return address.IsIPv6LinkLocal;
        var bytes = address.GetAddressBytes();
        return bytes[0] == 169 && bytes[1] == 254;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
