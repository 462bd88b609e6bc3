namespace Kit.Harness.Browser;

/// <summary>
/// Command-line switches for Chromium on a closed network: without the background-networking switches Chromium keeps
/// calling Google's hosts, and those calls would show up as unexpected external requests. WebGL is off: without a
/// GPU it runs in software, and the SDK's device fingerprinting (APDID) then blocks the page for about 2 s per page
/// load (measured: a render cell took 7.5 s with it, 5.7 s without); the SDK renders and pays the same without it.
/// </summary>
public static class ChromiumArguments
{
    public static readonly IReadOnlyList<string> Default =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-domain-reliability", "--disable-3d-apis",
        // V8 switches that change what work is done, never what a script does. With a DevTools client attached (the
        // harness listens to the console), every console.info of the SDK captures a stack trace, and with lazy source
        // positions V8 re-parses the calling function of the 1.27 MB bundle to symbolize it: 7.7% of all CPU in a
        // `perf record` of a matrix run, 0.1% with positions recorded at compile time. Maglev's background compiles
        // (and freeing their memory, which costs TLB flushes on this VM) do not pay back on pages that live 2 s.
        "--js-flags=--no-enable-lazy-source-positions,--no-maglev",
    ];

    /// <summary>
    /// Resolver mode: every host name resolves to the simulator's TLS port, so the browser talks to it exactly as to
    /// Antom, with no request interception (CORS and TLS are the simulator's own).
    /// </summary>
    public static IReadOnlyList<string> ResolveEveryHostTo(int port) =>
        [.. Default, $"--host-resolver-rules=MAP * 127.0.0.1:{port}, EXCLUDE 127.0.0.1, EXCLUDE localhost", "--ignore-certificate-errors"];
}
