using System.Security.Cryptography.X509Certificates;
using Kit.Contracts.Client;
using Kit.Simulator.Hosting;
using Kit.Testing.Control;

namespace Kit.Testing;

/// <summary>
/// Kit's Antom simulator running inside the test process, on a free loopback port: the merchant API (signed, with
/// result codes and idempotency), signed notifications with Antom's retry schedule, the payment state machine and the
/// surfaces the web SDK calls. <c>await using var antom = await KitSimulator.StartAsync();</c> then point the code
/// under test at <see cref="BaseAddress"/> with <see cref="ClientId"/> and <see cref="Keys"/>, and drive the payment
/// through <see cref="Control"/>.
/// </summary>
public sealed class KitSimulator : IAsyncDisposable, IDisposable
{
    private readonly string? _keyDirectory;
    private readonly HttpClient _controlHttp;

    private KitSimulator(SimulatorHost host, SandboxKeys keys, string? keyDirectory, KitSimulatorOptions options)
    {
        Host = host;
        Keys = keys;
        _keyDirectory = keyDirectory;
        Options = options;
        _controlHttp = CreateHttpClient();
        Control = new KitControlClient(_controlHttp, clientId: null, options.AdminToken);
    }

    /// <summary>Starts a simulator (in memory with a virtual clock unless the options say otherwise).</summary>
    public static Task<KitSimulator> StartAsync(KitSimulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Start(options), cancellationToken);

    /// <summary>Starts a simulator synchronously (for a fixture's constructor).</summary>
    public static KitSimulator Start(KitSimulatorOptions? options = null)
    {
        options ??= new KitSimulatorOptions();
        var simulatorOptions = new SimulatorOptions
        {
            InMemory = options.DataDirectory is null,
            DataDirectory = options.DataDirectory ?? "",
            VirtualClockStart = options.RealClock ? null : options.VirtualClockStart ?? DateTimeOffset.UtcNow,
            AdminToken = options.AdminToken,
            RefundWindow = options.RefundWindow,
            AllowLinkLocalNotifyUrls = options.AllowLinkLocalNotifyUrls,
            Delivery = options.NotificationTimeout is { } timeout ? DeliveryLimits.Default with { Timeout = timeout } : DeliveryLimits.Default,
        };
        SimulatorHost host;
        try
        {
            host = SimulatorHost.StartOnFreePort(simulatorOptions, options.Https ? "https" : "http");
        }
        catch (SimulatorConfigException e)
        {
            throw new InvalidOperationException($"Kit's simulator could not start: {e.Message}", e);
        }
        // The keys as files too: an app under test, or an official SDK, loads them from a path.
        string? temporary = null;
        string keyDirectory;
        if (host.Clients.KeyDirectory is { } kept) keyDirectory = kept;
        else
        {
            temporary = Directory.CreateTempSubdirectory("kit-testing-keys-").FullName;
            keyDirectory = Path.Combine(temporary, "keys");
            host.ExportKeys(keyDirectory);
        }
        return new KitSimulator(host, new SandboxKeys(keyDirectory, host.Clients.SandboxClientId), temporary, options);
    }

    public KitSimulatorOptions Options { get; }

    /// <summary>The simulator's URL (http://127.0.0.1:PORT/, or https:// with <see cref="KitSimulatorOptions.Https"/>): Antom's gateway for the code under test.</summary>
    public Uri BaseAddress => Host.BaseAddress;

    /// <summary>The sandbox merchant's client id (SANDBOX_…, so clients call the /ams/sandbox/api paths).</summary>
    public string ClientId => Host.Clients.SandboxClientId;

    public SandboxKeys Keys { get; }

    /// <summary>The control API, for the sandbox client.</summary>
    public KitControlClient Control { get; }

    /// <summary>The simulator's own TLS certificate (PEM file) with <see cref="KitSimulatorOptions.Https"/>: what the client under test trusts.</summary>
    public string? TlsCertificateFile => Host.TlsCertificateFile;

    /// <summary>The running simulator itself (its engine, store and WireMock request log), for what the control API does not cover.</summary>
    public SimulatorHost Host { get; }

    /// <summary>A control client for another merchant client the simulator knows (registered with its public key).</summary>
    public KitControlClient ControlFor(string clientId) => new(CreateHttpClient(), clientId, Options.AdminToken);

    /// <summary>An HttpClient aimed at the simulator (trusting its own certificate under https); the caller disposes it.</summary>
    public HttpClient CreateHttpClient() => new(CreateHandler(), disposeHandler: true) { BaseAddress = BaseAddress };

    /// <summary>A handler for the code under test's own HttpClient: under https it trusts exactly the simulator's certificate.</summary>
    public HttpMessageHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler();
        if (TlsCertificateFile is { } pem)
        {
            var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(pem));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString();
        }
        return handler;
    }

    /// <summary>Kit's typed Antom client for the sandbox merchant, as a merchant configures it against Antom (the caller disposes <paramref name="http"/> if given).</summary>
    public AntomClient CreateAntomClient(HttpClient? http = null) => new(http ?? CreateHttpClient(), new AntomClientOptions
    {
        ClientId = ClientId,
        MerchantPrivateKey = Keys.CreateMerchantPrivateKey(),
        AntomPublicKey = Keys.CreateAntomPublicKey(),
        BaseAddress = BaseAddress,
        Time = Host.Clock,
    });

    /// <summary>Moves virtual time and runs what fell due (expiries, delayed results, refunds, notification retries).</summary>
    public Task AdvanceClockAsync(TimeSpan by, CancellationToken cancellationToken = default) => Control.AdvanceClockAsync(by, cancellationToken);

    /// <summary>Waits until a notification of the payment has been attempted; see <see cref="KitControlClient.WaitForNotificationAsync"/>.</summary>
    public Task<NotificationRecord> WaitForNotificationAsync(string paymentRequestId, string notifyType = "PAYMENT_RESULT", TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        Control.WaitForNotificationAsync(paymentRequestId, notifyType, timeout, cancellationToken);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _controlHttp.Dispose();
        Host.Dispose();
        if (_keyDirectory is not null)
        {
            try { Directory.Delete(_keyDirectory, recursive: true); } catch (IOException) { }
        }
    }
}
