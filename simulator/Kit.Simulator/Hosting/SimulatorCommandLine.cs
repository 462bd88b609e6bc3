using System.Globalization;
using System.Net;

namespace Kit.Simulator.Hosting;

/// <summary>The simulator's command line: options into <see cref="SimulatorOptions"/>, and what the start banner says.</summary>
public static class SimulatorCommandLine
{
    public const string Usage = """
        usage: kit-simulator [--urls URLS] [--https] [--data DIR | --in-memory] [--clock real|virtual] [--config FILE]
                             [--tls-cert FILE.pfx [--tls-password P]] [--admin-token TOKEN] [--allow-link-local]
                             [--notify-timeout SECONDS] [--notify-answer-limit BYTES] [--notify-concurrency N] [--max-request-age MINUTES]
                             [--refund-window-days DAYS]
          --urls                 where to listen, ';'-separated (default http://127.0.0.1:8080)
          --https                serve https://127.0.0.1:8443 (or the https:// URLs in --urls) with a self-signed
                                 certificate made once and kept in DIR/tls/
          --admin-token          require this secret on /__admin and /kit (also: environment KIT_ADMIN_TOKEN)
          --allow-link-local     let notify URLs reach 169.254.0.0/16 and fe80::/10 (cloud metadata lives there)
          --notify-timeout       seconds one notification attempt may take (default 10)
          --notify-answer-limit  bytes of a webhook's answer that are read (default 65536; the rest is not)
          --notify-concurrency   notifications delivered at once (default 64; at most 4 to one endpoint)
          --max-request-age      refuse merchant requests whose request-time is further than this from the clock (default: any)
          --refund-window-days   days after a payment its refunds are taken, for every method that takes refunds
                                 (default: each method's in banks.json; the Thai bank methods take none)
        """;

    /// <summary>Reads the arguments; a mistake is a <see cref="SimulatorConfigException"/> that says what to write instead.</summary>
    /// <param name="environment">Environment variables (KIT_ADMIN_TOKEN).</param>
    public static SimulatorOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = new SimulatorOptions { AdminToken = environment("KIT_ADMIN_TOKEN") is { Length: > 0 } t ? t : null };
        var urlsGiven = false;
        var https = false;
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new SimulatorConfigException($"{option} needs a value; see --help");
            double Number(double min, double max)
            {
                var text = Next();
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                    ? value : throw new SimulatorConfigException($"{option} {text}: give a number from {min} to {max}");
            }
            switch (option)
            {
                case "--urls": options = options with { Urls = Next().Split(';', StringSplitOptions.RemoveEmptyEntries) }; urlsGiven = true; break;
                case "--https": https = true; break;
                case "--data": options = options with { DataDirectory = Next() }; break;
                case "--in-memory": options = options with { InMemory = true }; break;
                case "--clock":
                    options = Next() switch
                    {
                        "real" => options with { VirtualClockStart = null },
                        "virtual" => options with { VirtualClockStart = DateTimeOffset.UtcNow },
                        var other => throw new SimulatorConfigException($"--clock {other}: use real or virtual"),
                    };
                    break;
                case "--config": options = options with { ConfigFile = Next() }; break;
                case "--tls-cert": options = options with { TlsCertificateFile = Next() }; break;
                case "--tls-password": options = options with { TlsCertificatePassword = Next() }; break;
                case "--admin-token":
                    var token = Next();
                    options = options with { AdminToken = token.Length >= 8 ? token : throw new SimulatorConfigException("--admin-token: use at least 8 characters") };
                    break;
                case "--allow-link-local": options = options with { AllowLinkLocalNotifyUrls = true }; break;
                case "--notify-timeout": options = options with { Delivery = options.Delivery with { Timeout = TimeSpan.FromSeconds(Number(0.1, 300)) } }; break;
                case "--notify-answer-limit": options = options with { Delivery = options.Delivery with { ResponseBytes = (int)Number(128, 16 * 1024 * 1024) } }; break;
                case "--notify-concurrency": options = options with { DeliveryConcurrency = (int)Number(1, 256) }; break;
                case "--max-request-age": options = options with { MaxRequestAge = TimeSpan.FromMinutes(Number(0.1, 24 * 60)) }; break;
                case "--refund-window-days": options = options with { RefundWindow = TimeSpan.FromDays(Number(1, 3650)) }; break;
                default: throw new SimulatorConfigException($"unknown option {option}; see --help");
            }
        }
        if (https)
        {
            if (!urlsGiven) options = options with { Urls = ["https://127.0.0.1:8443"] };
            else if (!options.Urls.Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
                throw new SimulatorConfigException($"--https: --urls {string.Join(";", options.Urls)} has no https:// URL; add one, for example --urls \"http://127.0.0.1:8080;https://127.0.0.1:8443\"");
            if (options.TlsCertificateFile is not null)
                throw new SimulatorConfigException("--https makes the simulator use its own certificate; --tls-cert gives yours: choose one");
        }
        return options;
    }

    /// <summary>What the operator should know before anyone connects: an open admin surface on a reachable address.</summary>
    public static IEnumerable<string> Warnings(SimulatorOptions options)
    {
        var exposed = options.Urls.Where(u => !IsLoopback(u)).ToList();
        if (exposed.Count > 0 && options.AdminToken is null)
            yield return $"WARNING: listening on {string.Join(", ", exposed)}, beyond this machine, without --admin-token: anyone who reaches it can " +
                         "replace the simulator's answers through /__admin (or delete them) and approve, decline or expire anyone's payments through /kit. " +
                         "Start it with --admin-token <secret> (or KIT_ADMIN_TOKEN), or listen on 127.0.0.1.";
        if (options.AllowLinkLocalNotifyUrls && exposed.Count > 0)
            yield return "WARNING: --allow-link-local on a reachable simulator lets any merchant make it call link-local addresses, cloud metadata services included.";
    }

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri)) return false;
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>The start banner: where everything is.</summary>
    public static IEnumerable<string> Banner(SimulatorHost host, SimulatorOptions options)
    {
        yield return $"Kit simulator listening on {string.Join(", ", host.Urls)}";
        yield return $"  merchant API:   {host.BaseAddress}ams/sandbox/api/v1/payments/{{{string.Join(",", Kit.Contracts.Operations.AntomOperations.All.Select(o => o.Name))}}}";
        yield return $"  sandbox client: {host.Clients.SandboxClientId}";
        if (host.Clients.KeyDirectory is { } keys)
        {
            yield return $"  keys:           {Path.GetFullPath(keys)}";
            foreach (var (file, loadedBy) in KeyFiles.Guide) yield return $"    {file,-28} {loadedBy}";
        }
        else yield return "  keys:           in memory (this run only)";
        yield return $"  state:          {(options.InMemory ? "in memory" : Path.GetFullPath(Path.Combine(options.DataDirectory, "simulator.db")))}; clock {(host.Clock.IsVirtual ? "virtual" : "real")}";
        if (host.TlsCertificateFile is { } certificate)
            yield return $"  TLS:            {Path.GetFullPath(certificate)} (self-signed for 127.0.0.1, ::1, localhost and Antom's web SDK hosts: trust this file)";
        yield return $"  control API:    {host.BaseAddress}kit (clock, buyer actions, notification log, public key){(options.AdminToken is null ? "" : "; needs the admin token")}";
        yield return $"  WireMock admin: {host.BaseAddress}__admin/mappings{(options.AdminToken is null ? "" : " (Basic auth: user kit, the admin token as password)")}";
        yield return $"  web SDK faces:  {host.BaseAddress}mgw.htm (gateway), {host.BaseAddress}page/antom-web-checkout/src/component-app/CASHIER_PAYMENT_BANK/1.0/index.1.47.2.html (cashier app); point Antom's hosts here";
        yield return $"  notifications:  {options.DeliveryConcurrency} at once ({options.DeliveryConcurrencyPerEndpoint} to one endpoint), {options.Delivery.Timeout.TotalSeconds:0.###} s per attempt; link-local notify URLs {(options.AllowLinkLocalNotifyUrls ? "allowed" : "refused")}";
    }
}
