using System.Net.Http.Json;
using Kit.Contracts.Signing;
using Kit.Harness.Browser;
using Kit.Harness.Merchant;
using Kit.Simulator.Engine;
using Kit.Simulator.Hosting;
using Microsoft.Playwright;

namespace Kit.Harness.Runner;

/// <summary>Where and how the harness runs: the browser, the simulator (embedded or external), and the merchant site.</summary>
public sealed record HarnessSettings
{
    /// <summary>Where each engine comes from: --browser, --firefox, --connect; by default this machine's browsers.</summary>
    public BrowserSources Browsers { get; init; } = new();

    /// <summary>The engines the run's cells need: one browser process each.</summary>
    public IReadOnlySet<Kit.Harness.Matrix.Engine> Engines { get; init; } = new HashSet<Kit.Harness.Matrix.Engine> { Kit.Harness.Matrix.Engine.Chromium };

    /// <summary>An external simulator (--simulator URL) instead of the embedded one.</summary>
    public Uri? SimulatorUrl { get; init; }

    /// <summary>The merchant private key for an external simulator (its data folder's keys/merchant-private.pem).</summary>
    public string? MerchantKeyFile { get; init; }

    /// <summary>An external simulator's admin token (its --admin-token), sent on every control-API call.</summary>
    public string? AdminToken { get; init; }

    /// <summary>The merchant's own checkout (the matrix file's site section) instead of Kit's demo shop, and the folder its paths are relative to.</summary>
    public (Kit.Harness.Matrix.Site Spec, string MatrixDirectory)? Site { get; init; }

    /// <summary>Where the run writes (the site's log and, for the embedded simulator, the key files the site loads).</summary>
    public string OutputDirectory { get; init; } = "kit-report";
}

/// <summary>
/// One browser process per engine, one simulator and one shop for a whole run. The embedded simulator runs in memory with a
/// virtual clock, so a scenario's expiry costs no wall time.
/// </summary>
public sealed class HarnessEnvironment : IAsyncDisposable
{
    public static readonly DateTimeOffset VirtualStart = new(2026, 11, 26, 5, 0, 0, TimeSpan.Zero);

    private SimulatorHost? _embedded;

    private HarnessEnvironment() { }

    public IPlaywright Playwright { get; private set; } = null!;
    /// <summary>One browser per engine of the run.</summary>
    public BrowserEngines Browsers { get; private set; } = null!;
    /// <summary>Kit's demo shop; null when the run drives the merchant's own checkout (<see cref="Site"/>).</summary>
    public MerchantSite Shop { get; private set; } = null!;
    /// <summary>The merchant's own checkout and the run's values for it; null for Kit's demo shop.</summary>
    public Kit.Harness.Site.SiteContext? Site { get; private set; }
    /// <summary>The merchant's checkout when the run started it once for all cells; null otherwise.</summary>
    public Kit.Harness.Site.SiteProcess? SiteProcess { get; private set; }
    private string? _siteLogFile;
    /// <summary>The log of the merchant's checkout (its output), kept in the report.</summary>
    public string? SiteLogFile => _siteLogFile;
    public HarnessWeb Web { get; private set; } = null!;
    public Uri Simulator { get; private set; } = null!;
    public HttpClient Control { get; private set; } = null!;
    public BankCatalog Banks { get; } = BankCatalog.LoadEmbedded();
    public string BrowserDescription => Browsers?.Description ?? "";

    public static async Task<HarnessEnvironment> StartAsync(HarnessSettings settings)
    {
        var environment = new HarnessEnvironment();
        try
        {
            await environment.InitializeAsync(settings);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync(HarnessSettings settings)
    {
        Web = HarnessWeb.Find();
        MerchantCredentials credentials;
        if (settings.SimulatorUrl is { } external)
        {
            Simulator = external;
            Control = new HttpClient { BaseAddress = external, Timeout = TimeSpan.FromSeconds(30) };
            if (settings.AdminToken is { } token) Control.DefaultRequestHeaders.Authorization = new("Bearer", token);
            credentials = await ExternalCredentialsAsync(Control, settings.MerchantKeyFile ?? Path.Combine("kit-simulator-data", "keys", "merchant-private.pem"), settings.AdminToken);
        }
        else
        {
            _embedded = SimulatorHost.StartOnFreePort(new SimulatorOptions { InMemory = true, VirtualClockStart = VirtualStart, RequestLogSize = 200 });
            Simulator = _embedded.BaseAddress;
            Control = new HttpClient { BaseAddress = Simulator };
            credentials = new MerchantCredentials(Simulator, _embedded.Clients.SandboxClientId, _embedded.Clients.SandboxMerchantKey,
                AntomKeys.ImportPublicKey(_embedded.Clients.AntomPublicKeyPem));
        }
        if (settings.Site is { } site) await StartSiteAsync(site.Spec, site.MatrixDirectory, settings, credentials);
        else Shop = await MerchantSite.StartAsync(credentials, Web);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browsers = await BrowserEngines.StartAsync(Playwright, settings.Engines, settings.Browsers, Simulator);
    }

    /// <summary>
    /// The merchant's checkout: the key files it loads (written from the embedded simulator, or the external one's
    /// key folder), the run's placeholder values, and, unless it starts per cell, the app itself.
    /// </summary>
    private async Task StartSiteAsync(Kit.Harness.Matrix.Site spec, string matrixDirectory, HarnessSettings settings, MerchantCredentials credentials)
    {
        string keys;
        if (_embedded is not null)
        {
            keys = Path.Combine(Path.GetFullPath(settings.OutputDirectory), "simulator-keys");
            _embedded.ExportKeys(keys);
        }
        else keys = Path.GetDirectoryName(Path.GetFullPath(settings.MerchantKeyFile ?? Path.Combine("kit-simulator-data", "keys", "merchant-private.pem")))!;
        string Key(string file) => Path.Combine(keys, file);
        var values = new Dictionary<string, string>
        {
            ["port"] = SimulatorHost.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["simulatorUrl"] = Simulator.ToString(),
            ["clientId"] = credentials.ClientId,
            ["merchantPrivateKeyPkcs8Pem"] = Key(KeyFiles.MerchantPrivatePem),
            ["merchantPrivateKeyPkcs1Pem"] = Key(KeyFiles.MerchantPrivatePkcs1Pem),
            ["merchantPrivateKeyBase64"] = Key(KeyFiles.MerchantPrivateBase64),
            ["antomPublicKeyPem"] = Key(KeyFiles.AntomPublicPem),
            ["antomPublicKeyBase64"] = Key(KeyFiles.AntomPublicBase64),
        };
        foreach (var (name, value) in spec.Values ?? new Dictionary<string, string>()) values[name] = value;
        foreach (var file in new[] { KeyFiles.MerchantPrivateBase64, KeyFiles.AntomPublicBase64, KeyFiles.MerchantPrivatePkcs1Pem })
            if (!File.Exists(Key(file))) throw new HarnessSetupException($"{Key(file)} is missing: the site needs the simulator's key files in every form; start the simulator once with this version so it writes them");
        Site = new Kit.Harness.Site.SiteContext(spec, matrixDirectory, values);
        _siteLogFile = Path.Combine(Path.GetFullPath(settings.OutputDirectory), "site.log");
        if (File.Exists(_siteLogFile)) File.Delete(_siteLogFile);
        if (spec.Start is { PerCell: not true } start)
            SiteProcess = await Kit.Harness.Site.SiteProcess.StartAsync(start, matrixDirectory, values, Site.KitEnvironment, _siteLogFile);
    }

    /// <summary>The Chromium this run launched; null for a remote one.</summary>
    public string? BrowserPath => Browsers.ChromiumPath;

    /// <summary>Launches another Chromium with the run's switches: the naive runner of the benchmark launches one per cell.</summary>
    public Task<IBrowser> LaunchBrowserAsync(string path) => BrowserEngines.LaunchChromiumAsync(Playwright, path);

    /// <summary>An external simulator's sandbox client and keys: the client id and Antom key from its control API, the merchant key from its data folder.</summary>
    private static async Task<MerchantCredentials> ExternalCredentialsAsync(HttpClient control, string merchantKeyFile, string? adminToken)
    {
        try
        {
            using var probe = await control.GetAsync("/kit");
            if (probe.StatusCode == System.Net.HttpStatusCode.Unauthorized)
                throw new HarnessSetupException($"{control.BaseAddress}kit wants the simulator's admin token: pass --admin-token (or set KIT_ADMIN_TOKEN){(adminToken is null ? "" : "; the one given was refused")}");
            probe.EnsureSuccessStatusCode();
            var info = await probe.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
            var clientId = info?["sandboxClientId"]?.GetValue<string>() ?? throw new HarnessSetupException($"{control.BaseAddress}kit did not name a sandboxClientId: is this a Kit simulator?");
            var antom = AntomKeys.ImportPublicKey(await control.GetStringAsync("/kit/keys/antom-public.pem"));
            if (!File.Exists(merchantKeyFile))
                throw new HarnessSetupException($"the merchant key {merchantKeyFile} does not exist; pass --merchant-key with the simulator's keys/merchant-private.pem");
            return new MerchantCredentials(control.BaseAddress!, clientId, AntomKeys.ImportPrivateKey(await File.ReadAllTextAsync(merchantKeyFile)), antom) { AdminToken = adminToken };
        }
        catch (HttpRequestException e)
        {
            throw new HarnessSetupException($"cannot reach the simulator at {control.BaseAddress}: {e.Message}. Start it, or leave out --simulator to use the embedded one.");
        }
    }

    /// <summary>Moves the simulator's virtual clock (and runs what fell due).</summary>
    public async Task AdvanceClockAsync(TimeSpan by)
    {
        if (_embedded is not null) _embedded.AdvanceClock(by);
        else (await Control.PostAsJsonAsync("/kit/clock/advance", new { seconds = by.TotalSeconds })).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browsers is not null) await Browsers.DisposeAsync();
        Playwright?.Dispose();
        if (Shop is not null) await Shop.DisposeAsync();
        if (SiteProcess is not null) await SiteProcess.DisposeAsync();
        Control?.Dispose();
        _embedded?.Dispose();
    }
}

/// <summary>The harness cannot start: a missing browser, SDK, key or simulator. The message says what to do.</summary>
public sealed class HarnessSetupException(string message) : Exception(message);
