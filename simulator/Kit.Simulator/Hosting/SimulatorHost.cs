using System.Security.Cryptography;
using Kit.Simulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace Kit.Simulator.Hosting;

/// <summary>How to start the simulator.</summary>
public sealed record SimulatorOptions
{
    public string[] Urls { get; init; } = ["http://127.0.0.1:8080"];

    /// <summary>Where state and keys live; ignored with <see cref="InMemory"/>.</summary>
    public string DataDirectory { get; init; } = "kit-simulator-data";

    public bool InMemory { get; init; }

    /// <summary>Start of virtual time, or null for the real clock.</summary>
    public DateTimeOffset? VirtualClockStart { get; init; }

    /// <summary>A JSON file registering more merchant clients.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>
    /// A PKCS#12 file with your own certificate for https:// URLs. Without it, https:// URLs are served with the
    /// simulator's own self-signed certificate (<see cref="SimulatorCertificate"/>).
    /// </summary>
    public string? TlsCertificateFile { get; init; }

    public string? TlsCertificatePassword { get; init; }

    /// <summary>How many requests WireMock keeps in its log (bounded, so memory stays flat).</summary>
    public int RequestLogSize { get; init; } = 1000;

    /// <summary>Bounds on each notification attempt: its timeout (default 10 s) and how much of the answer is read (64 KB).</summary>
    public DeliveryLimits Delivery { get; init; } = DeliveryLimits.Default;

    /// <summary>How many notifications may be in delivery at once, in all.</summary>
    public int DeliveryConcurrency { get; init; } = 64;

    /// <summary>How many of them may go to one endpoint (scheme, host, port): one merchant's hanging endpoint cannot take every slot.</summary>
    public int DeliveryConcurrencyPerEndpoint { get; init; } = 4;

    /// <summary>Allow notify URLs on link-local addresses (169.254.0.0/16, fe80::/10, where cloud metadata services answer).</summary>
    public bool AllowLinkLocalNotifyUrls { get; init; }

    /// <summary>A secret that /__admin (WireMock's own admin authentication) and /kit then require; null leaves them open.</summary>
    public string? AdminToken { get; init; }

    /// <summary>How far a merchant request's request-time may be from the real clock; null (the default) accepts any time.</summary>
    public TimeSpan? MaxRequestAge { get; init; }

    /// <summary>One refund window for every payment method that takes refunds, instead of banks.json's per method.</summary>
    public TimeSpan? RefundWindow { get; init; }
}

/// <summary>
/// The simulator running on WireMock.Net: one mapping per face, each calling into the engine; WireMock's admin API
/// stays available at /__admin so QA can add override mappings.
/// </summary>
public sealed class SimulatorHost : IDisposable
{
    private readonly WireMockServer _server;
    private readonly SimulatorStore _store;
    private readonly SimulatorScheduler _scheduler;
    private readonly HttpNotificationTransport _transport;

    private SimulatorHost(WireMockServer server, SimulatorStore store, PaymentEngine engine, ClientRegistry clients, SimulatorClock clock,
        SimulatorScheduler scheduler, HttpNotificationTransport transport)
    {
        _server = server;
        _store = store;
        Engine = engine;
        Clients = clients;
        Clock = clock;
        _scheduler = scheduler;
        _transport = transport;
    }

    public PaymentEngine Engine { get; }
    public ClientRegistry Clients { get; }
    public SimulatorClock Clock { get; }
    public SimulatorStore Store => _store;
    public IReadOnlyList<string> Urls => _server.Urls;
    public Uri BaseAddress => new(_server.Urls[0]);

    /// <summary>Writes the sandbox merchant's and the simulator's keys in every form the official SDKs load (<see cref="KeyFiles"/>).</summary>
    public void ExportKeys(string directory) => KeyFiles.Export(directory, Clients.SandboxMerchantKey, RSA.Create(Clients.AntomPrivateKey.ExportParameters(false)), Clients.SandboxClientId);

    /// <summary>The last merchant-API calls with the simulator's verdict on each (the control API's /kit/merchant-calls).</summary>
    public MerchantCallLog MerchantCalls { get; private init; } = null!;

    /// <summary>The simulator's own TLS certificate (PEM) when it serves https:// with it: what a client trusts; null otherwise.</summary>
    public string? TlsCertificateFile { get; private init; }

    private string? _temporaryDirectory;

    private static bool IsHttps(string url) => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Moves virtual time, remembers where it is (a restart resumes there), and runs what fell due: expiries, delayed
    /// results, refunds in process, and the deliveries due by then, in parallel, each within its own timeout.
    /// </summary>
    public void AdvanceClock(TimeSpan by) => _scheduler.AdvanceClockAsync(by).GetAwaiter().GetResult();

    /// <summary>Waits until a payment's due notification attempts (its refunds' included) have been made, or until the timeout.</summary>
    public Task WaitForDueAttemptsAsync(string clientId, string paymentRequestId, TimeSpan timeout) =>
        _scheduler.WaitForDueAttemptsAsync(clientId, paymentRequestId, timeout);

    /// <summary>
    /// Starts on a free loopback port (the embedded simulator of tests and the harness). A port found free can be taken
    /// by another process before we bind it, so a failed bind retries on another.
    /// </summary>
    public static SimulatorHost StartOnFreePort(SimulatorOptions options, string scheme = "http")
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return Start(options with { Urls = [$"{scheme}://127.0.0.1:{FreePort()}"] }); }
            catch (SimulatorConfigException) when (attempt < 5) { }
        }
    }

    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>What WireMock logged (bounded by <see cref="SimulatorOptions.RequestLogSize"/>): the evidence of what a browser sent.</summary>
    public IEnumerable<WireMock.Logging.ILogEntry> RequestLog => _server.LogEntries;

    public static SimulatorHost Start(SimulatorOptions options)
    {
        ClientRegistry clients;
        SimulatorStore store;
        if (options.InMemory)
        {
            clients = ClientRegistry.InMemory();
            store = SimulatorStore.InMemory();
        }
        else
        {
            KeyFiles.CreateOwnerOnlyDirectory(options.DataDirectory);
            clients = ClientRegistry.OpenDirectory(options.DataDirectory);
            store = SimulatorStore.OpenFile(Path.Combine(options.DataDirectory, "simulator.db"));
        }
        if (options.ConfigFile is not null) clients.LoadConfig(options.ConfigFile);
        if (options.TlsCertificateFile is { } pfx && !File.Exists(pfx))
            throw new SimulatorConfigException($"--tls-cert {pfx}: no such file; give a PKCS#12 (.pfx) certificate for the https:// URLs");
        var clock = options.VirtualClockStart is { } start ? SimulatorClock.Virtual(store.LoadVirtualNow() ?? start) : SimulatorClock.Real();
        if (clock.IsVirtual) store.SaveVirtualNow(clock.GetUtcNow());

        // https:// without a certificate of the user's: the simulator's own, kept with the data (a temporary folder in memory).
        SimulatorCertificate? ownCertificate = null;
        string? temporary = null;
        if (options.Urls.Any(IsHttps) && options.TlsCertificateFile is null)
        {
            var home = options.InMemory ? temporary = Directory.CreateTempSubdirectory("kit-simulator-").FullName : options.DataDirectory;
            ownCertificate = SimulatorCertificate.LoadOrCreate(Path.Combine(home, "tls"));
        }

        var urls = new NotifyUrlPolicy(options.AllowLinkLocalNotifyUrls);
        var outcomes = OutcomeTable.LoadEmbedded();
        var banks = BankCatalog.LoadEmbedded();
        var outbox = new Outbox(store, outcomes, clients.RetriesNotifications);
        var engine = new PaymentEngine(store, clock, outcomes, banks, urls, outbox, options.RefundWindow);
        var calls = new MerchantCallLog();
        var api = new MerchantApi(engine, clients, clock, calls, options.MaxRequestAge);
        var guard = new RequestGuard(api, options.AdminToken);
        var transport = new HttpNotificationTransport(options.Delivery, urls);
        var dispatcher = new NotificationDispatcher(store, clock, new Kit.Contracts.Signing.AntomSigner(clients.AntomPrivateKey),
            transport, options.DeliveryConcurrency, options.DeliveryConcurrencyPerEndpoint);
        var scheduler = new SimulatorScheduler(engine, dispatcher, outbox, store, clock);
        WireMockServer server;
        try
        {
            server = WireMockServer.Start(new WireMockServerSettings
            {
                Urls = options.Urls,
                StartAdminInterface = true,
                MaxRequestLogCount = options.RequestLogSize,
                UseSSL = options.Urls.Any(IsHttps) ? true : null,
                CertificateSettings = options.TlsCertificateFile is { } certificate
                    ? new WireMockCertificateSettings { X509CertificateFilePath = certificate, X509CertificatePassword = options.TlsCertificatePassword }
                    : ownCertificate is { } own ? new WireMockCertificateSettings { X509Certificate = own.Certificate } : null,
                AdminUsername = options.AdminToken is null ? null : "kit",
                AdminPassword = options.AdminToken,
                AdditionalServiceRegistration = services => ((IServiceCollection)services).PostConfigure<KestrelServerOptions>(k =>
                {
                    // Kestrel would add "Server: Kestrel" to every answer; Antom's carry no such header.
                    k.AddServerHeader = false;
                    // WireMock lifts Kestrel's limits; a shared simulator wants them back (RequestGuard enforces the tighter ones).
                    k.Limits.MaxRequestBodySize = RequestGuard.MaxAdminBodyBytes + 1;
                    k.Limits.MaxRequestBufferSize = 1024 * 1024;
                    k.Limits.MaxResponseBufferSize = 64 * 1024;
                    k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
                }),
                PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(guard.InvokeAsync),
            });
        }
        catch (Exception e)
        {
            scheduler.DisposeAsync().AsTask().GetAwaiter().GetResult();
            store.Dispose();
            if (temporary is not null) Directory.Delete(temporary, recursive: true);
            var cause = e;
            while (cause.InnerException is not null) cause = cause.InnerException;
            throw new SimulatorConfigException($"cannot listen on {string.Join(", ", options.Urls)}: {cause.Message}. Stop whatever uses it, or choose another --urls.");
        }
        // Function matchers: WireMock's WildcardMatcher builds a regex per request, which showed as JIT time under load.
        server.Given(Request.Create().WithPath(path => path.StartsWith("/ams/", StringComparison.Ordinal)).UsingAnyMethod())
            .AtPriority(100)
            .RespondWith(Response.Create().WithCallback(request => ToWireMock(api.Handle(FromWireMock(request)))));
        var host = new SimulatorHost(server, store, engine, clients, clock, scheduler, transport)
        {
            TlsCertificateFile = ownCertificate?.CertificateFile,
            MerchantCalls = calls,
            _temporaryDirectory = temporary,
        };
        var control = new ControlApi(engine, scheduler, clock, clients, calls);
        var cashier = new CashierGateway(banks, engine, clock);
        var gateway = new GatewayApi(cashier);
        var app = new CashierAppApi(cashier);
        server.Given(Request.Create().WithPath("/mgw.htm").UsingAnyMethod())
            .AtPriority(100)
            .RespondWith(Response.Create().WithCallback(request => ToWireMock(gateway.Handle(FromWireMock(request)))));
        server.Given(Request.Create().WithPath(CashierAppApi.Serves).UsingAnyMethod())
            .AtPriority(100)
            .RespondWith(Response.Create().WithCallback(request => ToWireMock(app.Handle(FromWireMock(request)))));
        server.Given(Request.Create().WithPath(AntomAssetsApi.Serves).UsingAnyMethod())
            .AtPriority(100)
            .RespondWith(Response.Create().WithCallback(request => ToWireMock(AntomAssetsApi.Handle(FromWireMock(request)))));
        server.Given(Request.Create().WithPath(path => path == "/kit" || path.StartsWith("/kit/", StringComparison.Ordinal)).UsingAnyMethod())
            .AtPriority(100)
            .RespondWith(Response.Create().WithCallback(request => ToWireMock(control.Handle(FromWireMock(request)))));
        // The simulator's own mappings; any other one (added through /__admin) routes the merchant API through WireMock.
        var kitMappings = server.Mappings.Select(m => m.Guid).ToHashSet();
        guard.HasOwnMappings = () => server.Mappings.Any(m => !kitMappings.Contains(m.Guid));
        scheduler.Start(TimeSpan.FromMilliseconds(250));
        return host;
    }

    private static ApiRequest FromWireMock(IRequestMessage request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers ?? new Dictionary<string, WireMockList<string>>())
            headers[name] = values.FirstOrDefault() ?? "";
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Query ?? new Dictionary<string, WireMockList<string>>())
            query[name] = values.FirstOrDefault() ?? "";
        // WireMock's AbsolutePath is form-decoded (a + becomes a space); decode the raw path as a URI path instead.
        var raw = new Uri(request.AbsoluteUrl).AbsolutePath;
        return new ApiRequest(request.Method, Uri.UnescapeDataString(raw), name => headers.GetValueOrDefault(name), request.BodyData?.BodyAsBytes ?? [])
        {
            Query = query,
            Segments = raw.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray(),
        };
    }

    private static ResponseMessage ToWireMock(ApiResponse response)
    {
        var headers = response.Headers.ToDictionary(h => h.Key, h => new WireMockList<string>(h.Value));
        // A merchant-API fault is acted out by RequestGuard on the way out (WireMock cannot reset or hold a connection).
        if (response.Fault is { } fault) headers[RequestGuard.FaultHeader] = new WireMockList<string>(RequestGuard.FaultHeaderValue(fault));
        return new ResponseMessage
        {
            StatusCode = response.Status,
            Headers = headers,
            BodyData = new BodyData { BodyAsBytes = response.Body, DetectedBodyType = BodyType.Bytes },
        };
    }

    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _server.Stop();
        _server.Dispose();
        _scheduler.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _transport.Dispose();
        _store.Dispose();
        if (_temporaryDirectory is not null) Directory.Delete(_temporaryDirectory, recursive: true);
    }
}
