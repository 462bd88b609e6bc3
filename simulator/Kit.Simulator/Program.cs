using Kit.Simulator.Hosting;

// dotnet run --project simulator/Kit.Simulator -- [--urls http://127.0.0.1:8080] [--https] [--data DIR | --in-memory] [--clock real|virtual] [--config FILE] [--tls-cert FILE.pfx [--tls-password P]]
const string Usage = "usage: Kit.Simulator [--urls URLS] [--https] [--data DIR | --in-memory] [--clock real|virtual] [--config FILE] [--tls-cert FILE.pfx [--tls-password P]]\n" +
    "  --https   serve https://127.0.0.1:8443 (or the https:// URLs in --urls) with a self-signed certificate made once and kept in DIR/tls/";
var options = new SimulatorOptions();
var urlsGiven = false;
var https = false;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new SimulatorConfigException($"{args[i]} needs a value");
    urlsGiven |= args[i] == "--urls";
    https |= args[i] == "--https";
    try
    {
        options = args[i] switch
        {
            "--urls" => options with { Urls = Next().Split(';', StringSplitOptions.RemoveEmptyEntries) },
            "--https" => options,
            "--data" => options with { DataDirectory = Next() },
            "--in-memory" => options with { InMemory = true },
            "--clock" => Next() switch
            {
                "real" => options with { VirtualClockStart = null },
                "virtual" => options with { VirtualClockStart = DateTimeOffset.UtcNow },
                var other => throw new SimulatorConfigException($"--clock {other}: use real or virtual"),
            },
            "--config" => options with { ConfigFile = Next() },
            "--tls-cert" => options with { TlsCertificateFile = Next() },
            "--tls-password" => options with { TlsCertificatePassword = Next() },
            "--help" or "-h" => throw new SimulatorConfigException(Usage),
            var unknown => throw new SimulatorConfigException($"unknown option {unknown}; see --help"),
        };
    }
    catch (SimulatorConfigException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
}

if (https)
{
    if (!urlsGiven) options = options with { Urls = ["https://127.0.0.1:8443"] };
    else if (!options.Urls.Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
    {
        Console.Error.WriteLine($"--https: --urls {string.Join(";", options.Urls)} has no https:// URL; add one, for example --urls \"http://127.0.0.1:8080;https://127.0.0.1:8443\"");
        return 2;
    }
    if (options.TlsCertificateFile is not null)
    {
        Console.Error.WriteLine("--https makes the simulator use its own certificate; --tls-cert gives yours: choose one");
        return 2;
    }
}

SimulatorHost host;
try
{
    host = SimulatorHost.Start(options);
}
catch (Exception e) when (e is SimulatorConfigException or Kit.Contracts.Signing.AntomKeyException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"Kit simulator could not start: {e.Message}");
    return 1;
}
catch (Exception e)
{
    Console.Error.WriteLine($"Kit simulator could not start ({e.GetType().Name}): {e.Message}");
    return 1;
}

using (host)
{
    Console.WriteLine($"Kit simulator listening on {string.Join(", ", host.Urls)}");
    Console.WriteLine($"  merchant API:   {host.BaseAddress}ams/sandbox/api/v1/payments/createPaymentSession (and inquiryPayment, cancel)");
    Console.WriteLine($"  sandbox client: {host.Clients.SandboxClientId}");
    if (host.Clients.KeyDirectory is { } keys)
    {
        Console.WriteLine($"  keys:           {Path.GetFullPath(keys)}");
        foreach (var (file, loadedBy) in KeyFiles.Guide) Console.WriteLine($"    {file,-28} {loadedBy}");
    }
    else Console.WriteLine("  keys:           in memory (this run only)");
    Console.WriteLine($"  state:          {(options.InMemory ? "in memory" : Path.GetFullPath(Path.Combine(options.DataDirectory, "simulator.db")))}; clock {(host.Clock.IsVirtual ? "virtual" : "real")}");
    if (host.TlsCertificateFile is { } certificate)
        Console.WriteLine($"  TLS:            {Path.GetFullPath(certificate)} (self-signed for 127.0.0.1, ::1, localhost and Antom's web SDK hosts: trust this file)");
    Console.WriteLine($"  control API:    {host.BaseAddress}kit (clock, buyer actions, notification log, public key)");
    Console.WriteLine($"  WireMock admin: {host.BaseAddress}__admin/mappings");
    Console.WriteLine($"  web SDK faces:  {host.BaseAddress}mgw.htm (gateway), {host.BaseAddress}page/antom-web-checkout/src/component-app/CASHIER_PAYMENT_BANK/1.0/index.1.47.2.html (cashier app); point Antom's hosts here");
    Console.WriteLine("Press Ctrl+C to stop.");

    var stop = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
    using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
    await stop.Task;
    Console.WriteLine("Kit simulator stopped.");
}
return 0;
