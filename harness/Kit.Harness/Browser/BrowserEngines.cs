using Kit.Harness.Matrix;
using Microsoft.Playwright;

namespace Kit.Harness.Browser;

/// <summary>Where each engine comes from: this machine's browsers (--browser, --firefox) or remote Playwright servers (--connect).</summary>
public sealed record BrowserSources
{
    public string? ChromiumPath { get; init; }
    public string? FirefoxPath { get; init; }
    public IReadOnlyDictionary<Engine, string> Endpoints { get; init; } = new Dictionary<Engine, string>();

    /// <summary>
    /// --connect: one endpoint per engine, comma-separated, as ENGINE=ws://…; a bare ws://… is Chromium's (the
    /// option's meaning before there were engines).
    /// </summary>
    public static IReadOnlyDictionary<Engine, string> ParseConnect(string? text)
    {
        var endpoints = new Dictionary<Engine, string>();
        if (string.IsNullOrWhiteSpace(text)) return endpoints;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            var scheme = part.IndexOf("://", StringComparison.Ordinal);
            var (name, url) = eq > 0 && (scheme < 0 || eq < scheme) ? (part[..eq], part[(eq + 1)..]) : ("chromium", part);
            if (!EngineWire.TryParse(name, out var engine))
                throw new BrowserNotFoundException($"--connect {part}: '{name}' is not an engine; write chromium=ws://…, firefox=ws://… or webkit=ws://…");
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss" or "http" or "https"))
                throw new BrowserNotFoundException($"--connect {part}: '{url}' is not a Playwright server's address; give its ws:// endpoint, e.g. {name}=ws://127.0.0.1:3000/");
            if (!endpoints.TryAdd(engine, url))
                throw new BrowserNotFoundException($"--connect names {name} twice; give one endpoint per engine");
        }
        return endpoints;
    }

    /// <summary>
    /// Refuses, before any browser starts, cells whose engine has neither a browser on this machine nor an endpoint:
    /// the message counts them and says what to install or pass.
    /// </summary>
    public void CheckAvailable(IEnumerable<MatrixCell> cells)
    {
        var problems = new List<string>();
        foreach (var group in cells.GroupBy(c => c.Browser).OrderBy(g => g.Key))
        {
            if (Endpoints.ContainsKey(group.Key)) continue;
            var count = $"{group.Count()} cell(s) run on {group.Key.ToWireValue()} (e.g. #{group.First().Id})";
            switch (group.Key)
            {
                case Engine.Chromium:
                    try { ChromiumLocator.Find(ChromiumPath); }
                    catch (BrowserNotFoundException e) { problems.Add($"  {count}: {e.Message} Or pass --connect chromium=ws://HOST:PORT/."); }
                    break;
                case Engine.Firefox:
                    try { FirefoxLocator.Find(FirefoxPath); }
                    catch (BrowserNotFoundException e) { problems.Add($"  {count}: {e.Message} Or pass --connect firefox=ws://HOST:PORT/, or exclude them: {{ \"browser\": \"firefox\" }}."); continue; }
                    if (!VirtualDisplay.Available)
                        problems.Add($"  {count}: Firefox needs an X display for WebGL and this machine has no DISPLAY and no Xvfb; install it (sudo apt-get install xvfb, or run ./setup.sh).");
                    break;
                default:
                    problems.Add($"  {count}: {group.Key.ToWireValue()} has no browser that runs here (Playwright's WebKit is a download Kit does not use); run a Playwright browser server on a machine that has it and pass --connect {group.Key.ToWireValue()}=ws://HOST:PORT/, or exclude them: {{ \"browser\": \"{group.Key.ToWireValue()}\" }}.");
                    break;
            }
        }
        if (problems.Count > 0) throw new BrowserNotFoundException("the matrix asks for browsers this machine cannot run:\n" + string.Join("\n", problems));
    }
}

/// <summary>
/// One browser process per engine for the whole run (cells get fresh contexts of it). A local Firefox runs headed on
/// a <see cref="VirtualDisplay"/> and reaches Antom's hosts through <see cref="AntomHostProxy"/>.
/// </summary>
public sealed class BrowserEngines : IAsyncDisposable
{
    private readonly Dictionary<Engine, RunningBrowser> _browsers = [];
    private VirtualDisplay? _display;
    private AntomHostProxy? _proxy;
    private string? _certificateFolder;

    private sealed record RunningBrowser(IBrowser Browser, string Description, string? LocalPath, bool RouteSeesBodies);

    public static async Task<BrowserEngines> StartAsync(IPlaywright playwright, IReadOnlySet<Engine> engines, BrowserSources sources, Uri simulator)
    {
        var started = new BrowserEngines();
        try
        {
            foreach (var engine in engines.Order()) started._browsers[engine] = await started.StartAsync(playwright, engine, sources, simulator);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    private async Task<RunningBrowser> StartAsync(IPlaywright playwright, Engine engine, BrowserSources sources, Uri simulator)
    {
        var type = engine switch { Engine.Firefox => playwright.Firefox, Engine.Webkit => playwright.Webkit, _ => playwright.Chromium };
        if (sources.Endpoints.TryGetValue(engine, out var endpoint))
        {
            // A Playwright server's own browsers speak Playwright's protocols, whose route handlers see request bodies.
            var remote = await type.ConnectAsync(endpoint);
            var name = engine switch { Engine.Firefox => "Firefox", Engine.Webkit => "WebKit", _ => "Chromium" };
            return new RunningBrowser(remote, $"remote {name} {remote.Version} at {endpoint}", null, RouteSeesBodies: true);
        }
        if (engine == Engine.Chromium)
        {
            var path = ChromiumLocator.Find(sources.ChromiumPath);
            var chromium = await LaunchChromiumAsync(playwright, path);
            return new RunningBrowser(chromium, $"Chromium {chromium.Version} ({path})", path, RouteSeesBodies: true);
        }
        if (engine == Engine.Firefox)
        {
            var path = FirefoxLocator.Find(sources.FirefoxPath);
            _display = await VirtualDisplay.StartAsync();
            _certificateFolder = Directory.CreateTempSubdirectory("kit-harness-tls-").FullName;
            _proxy = AntomHostProxy.Start(simulator, Kit.Simulator.Hosting.SimulatorCertificate.LoadOrCreate(_certificateFolder).Certificate);
            var environment = System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string)e.Value!);
            environment["DISPLAY"] = _display.Name;
            var firefox = await playwright.Firefox.LaunchAsync(new BrowserTypeLaunchOptions
            {
                Channel = "moz-firefox", // Playwright's WebDriver BiDi channel: a stock Firefox, no Playwright build
                ExecutablePath = path,
                Headless = false,
                Env = environment,
                // The proxy as profile prefs, for every context: network.proxy.ssl is a plain CONNECT proxy for
                // https://, while a context's BiDi proxy (sslProxy) makes Firefox speak TLS to the proxy itself.
                FirefoxUserPrefs = new Dictionary<string, object>
                {
                    ["network.proxy.type"] = 1,
                    ["network.proxy.ssl"] = "127.0.0.1",
                    ["network.proxy.ssl_port"] = _proxy.Port,
                },
            });
            return new RunningBrowser(firefox, $"Firefox {firefox.Version} ({path}, WebDriver BiDi, display {_display.Name})", path, RouteSeesBodies: false);
        }
        throw new BrowserNotFoundException($"{engine.ToWireValue()} runs only through a remote Playwright server here: pass --connect {engine.ToWireValue()}=ws://HOST:PORT/");
    }

    /// <summary>Launches a Chromium with the run's switches; the naive runner of the benchmark launches one per cell.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright, string path) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = path,
        Headless = true,
        Args = ChromiumArguments.Default,
    });

    public IBrowser For(Engine engine) => _browsers.TryGetValue(engine, out var running) ? running.Browser
        : throw new InvalidOperationException($"no {engine.ToWireValue()} was started for this run");

    /// <summary>Whether the engine's route handlers see request bodies; when not, Antom's hosts go through the proxy.</summary>
    public bool RouteSeesBodies(Engine engine) => _browsers[engine].RouteSeesBodies;

    /// <summary>The local Chromium's path; null when Chromium is remote or not in the run.</summary>
    public string? ChromiumPath => _browsers.GetValueOrDefault(Engine.Chromium)?.LocalPath;

    public IReadOnlyList<Engine> Engines => _browsers.Keys.Order().ToList();

    public string Description => string.Join("; ", _browsers.OrderBy(b => b.Key).Select(b => b.Value.Description));

    public async ValueTask DisposeAsync()
    {
        foreach (var running in _browsers.Values)
            try { await running.Browser.DisposeAsync(); }
            catch (PlaywrightException) { } // already gone
        if (_proxy is not null) await _proxy.DisposeAsync();
        _display?.Dispose();
        if (_certificateFolder is not null) try { Directory.Delete(_certificateFolder, recursive: true); } catch (IOException) { }
    }
}
