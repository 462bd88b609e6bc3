using System.Diagnostics;

namespace Kit.Simulator.Tests;

/// <summary>The simulator as its own OS process, started through its CLI exactly as README shows, so a test can kill it.</summary>
public sealed class SimulatorProcess : IDisposable
{
    private readonly Process _process;

    public SimulatorProcess(string dataDirectory, params string[] extra)
    {
        var port = Kit.Simulator.Hosting.SimulatorHost.FreePort();
        var scheme = extra.Contains("--https") ? "https" : "http";
        BaseAddress = new Uri($"{scheme}://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Kit.Simulator.dll"), "--urls", $"{scheme}://127.0.0.1:{port}", "--data", dataDirectory }.Concat(extra))
            start.ArgumentList.Add(a);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (Output) Output.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Output) Output.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilServing();
    }

    public Uri BaseAddress { get; }

    public List<string> Output { get; } = [];

    public bool HasExited => _process.HasExited;

    /// <summary>The process's resident memory now, from /proc (Linux), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    public int ExitCode => _process.ExitCode;

    private void WaitUntilServing()
    {
        // Readiness only: whether the certificate is right is for the test to check.
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
        { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException("the simulator exited: " + string.Join('\n', Output));
            try
            {
                // Serving, and done printing its banner (it prints after the server is up).
                bool bannerDone;
                lock (Output) bannerDone = Output.Any(l => l.StartsWith("Press Ctrl+C", StringComparison.Ordinal));
                if (bannerDone && http.GetAsync("kit").GetAwaiter().GetResult().IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            Thread.Sleep(100);
        }
        throw new TimeoutException("the simulator did not start within 60 s: " + string.Join('\n', Output));
    }

    /// <summary>Ends the process without any chance to clean up, as a crash would.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Asks for a clean stop, as Ctrl+C or a container runtime would, and waits for it.</summary>
    public bool Terminate(TimeSpan wait)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) kill.WaitForExit();
        if (!_process.WaitForExit(wait)) return false;
        _process.WaitForExit(); // the timed wait does not wait for the redirected output; this drains it
        return true;
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
