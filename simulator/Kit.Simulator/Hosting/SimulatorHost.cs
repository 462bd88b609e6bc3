using Kit.Simulator.Engine;
using WireMock;
using WireMock.Matchers;
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

    /// <summary>How many requests WireMock keeps in its log (bounded, so memory stays flat).</summary>
    public int RequestLogSize { get; init; } = 1000;
}

/// <summary>
/// The simulator running on WireMock.Net: one mapping per face, each calling into the engine; WireMock's admin API
/// stays available at /__admin so QA can add override mappings.
/// </summary>
public sealed class SimulatorHost : IDisposable
{
    private readonly WireMockServer _server;
    private readonly PaymentStore _store;

    private SimulatorHost(WireMockServer server, PaymentStore store, PaymentEngine engine, ClientRegistry clients, SimulatorClock clock)
    {
        _server = server;
        _store = store;
        Engine = engine;
        Clients = clients;
        Clock = clock;
    }

    public PaymentEngine Engine { get; }
    public ClientRegistry Clients { get; }
    public SimulatorClock Clock { get; }
    public PaymentStore Store => _store;
    public IReadOnlyList<string> Urls => _server.Urls;
    public Uri BaseAddress => new(_server.Urls[0]);

    public static SimulatorHost Start(SimulatorOptions options)
    {
        var clock = options.VirtualClockStart is { } start ? SimulatorClock.Virtual(start) : SimulatorClock.Real();
        ClientRegistry clients;
        PaymentStore store;
        if (options.InMemory)
        {
            clients = ClientRegistry.InMemory();
            store = PaymentStore.InMemory();
        }
        else
        {
            Directory.CreateDirectory(options.DataDirectory);
            clients = ClientRegistry.OpenDirectory(options.DataDirectory);
            store = PaymentStore.OpenFile(Path.Combine(options.DataDirectory, "simulator.db"));
        }
        if (options.ConfigFile is not null) clients.LoadConfig(options.ConfigFile);

        var engine = new PaymentEngine(store, clock);
        var api = new MerchantApi(engine, clients, clock);
        var server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = options.Urls,
            StartAdminInterface = true,
            MaxRequestLogCount = options.RequestLogSize,
        });
        server.Given(Request.Create().WithPath(new WildcardMatcher("/ams/*")).UsingAnyMethod())
            .AtPriority(100)
            .RespondWith(Response.Create().WithCallback(request => ToWireMock(api.Handle(FromWireMock(request)))));
        return new SimulatorHost(server, store, engine, clients, clock);
    }

    private static ApiRequest FromWireMock(IRequestMessage request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers ?? new Dictionary<string, WireMockList<string>>())
            headers[name] = values.FirstOrDefault() ?? "";
        return new ApiRequest(request.Method, request.AbsolutePath, name => headers.GetValueOrDefault(name), request.BodyData?.BodyAsBytes ?? []);
    }

    private static ResponseMessage ToWireMock(ApiResponse response) => new()
    {
        StatusCode = response.Status,
        Headers = response.Headers.ToDictionary(h => h.Key, h => new WireMockList<string>(h.Value)),
        BodyData = new BodyData { BodyAsBytes = response.Body, DetectedBodyType = BodyType.Bytes },
    };

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
        _store.Dispose();
    }
}
