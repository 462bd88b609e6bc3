using System.Diagnostics;
using Kit.Harness.Runner;

namespace Kit.Harness.Site;

/// <summary>
/// The merchant's checkout as a process of its own, as Playwright's webServer runs it: started with the site
/// section's command and the KIT_* environment, ready once its readiness URL answers, stopped at the end (its whole
/// process tree). Its output goes to a log file in the report, with a time on each line.
/// </summary>
public sealed class SiteProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private SiteProcess(Process process, StreamWriter log, string logFile)
    {
        _process = process;
        _log = log;
        LogFile = logFile;
    }

    public string LogFile { get; }

    /// <param name="values">The run's and, for a per-cell start, the cell's placeholder values.</param>
    /// <param name="environment">The KIT_* variables every started app gets.</param>
    public static async Task<SiteProcess> StartAsync(Kit.Harness.Matrix.SiteStart start, string matrixDirectory, IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> environment, string logFile)
    {
        var info = new ProcessStartInfo(SiteTemplate.Fill(start.Command, values))
        {
            WorkingDirectory = Path.GetFullPath(SiteTemplate.Fill(start.WorkingDirectory ?? ".", values), matrixDirectory),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in start.Args ?? []) info.ArgumentList.Add(SiteTemplate.Fill(a, values));
        foreach (var (name, value) in environment) info.Environment[name] = value;
        foreach (var (name, value) in start.Environment ?? new Dictionary<string, string>()) info.Environment[name] = SiteTemplate.Fill(value, values);
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        var described = $"{info.FileName} {string.Join(' ', info.ArgumentList)} (in {info.WorkingDirectory})";
        await log.WriteLineAsync($"{Stamp()} kit: starting {described}");
        Process process;
        try { process = Process.Start(info) ?? throw new HarnessSetupException($"the site's start command did not start: {described}"); }
        catch (System.ComponentModel.Win32Exception e)
        {
            await log.DisposeAsync();
            throw new HarnessSetupException($"the site's start command cannot be run: {described}: {e.Message}. Fix site.start.command in the matrix file.");
        }
        var site = new SiteProcess(process, log, logFile);
        process.OutputDataReceived += (_, e) => site.Write("out", e.Data);
        process.ErrorDataReceived += (_, e) => site.Write("err", e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await site.WaitUntilReadyAsync(SiteTemplate.Fill(start.ReadyUrl, values), TimeSpan.FromSeconds(start.TimeoutSeconds ?? 120), described);
        }
        catch
        {
            await site.DisposeAsync();
            throw;
        }
        return site;
    }

    private async Task WaitUntilReadyAsync(string readyUrl, TimeSpan timeout, string described)
    {
        if (!Uri.TryCreate(readyUrl, UriKind.Absolute, out var url))
            throw new HarnessSetupException($"site.start.readyUrl '{readyUrl}' is not an absolute URL");
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
        { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new HarnessSetupException($"the site exited with code {_process.ExitCode} before {readyUrl} answered; its output is in {LogFile}:\n{Tail()}");
            try
            {
                using var response = await http.GetAsync(url);
                if ((int)response.StatusCode < 500)
                {
                    Write("kit", $"ready: {readyUrl} answered {(int)response.StatusCode} after {watch.Elapsed.TotalSeconds:0.0} s");
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new HarnessSetupException($"the site did not answer {readyUrl} within {timeout.TotalSeconds:0} s ({described}); its output is in {LogFile}:\n{Tail()}");
    }

    private bool _closed;

    private void Write(string stream, string? line)
    {
        if (line is null) return;
        lock (_log)
            if (!_closed) _log.WriteLine($"{Stamp()} {stream}: {line}");
    }

    private string Tail()
    {
        lock (_log) _log.Flush();
        try
        {
            using var reader = new StreamReader(new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var lines = reader.ReadToEnd().Split('\n');
            return string.Join("\n", lines.TakeLast(15).Select(l => "    " + l));
        }
        catch (IOException) { return "    (the log cannot be read)"; }
    }

    private static string Stamp() => DateTimeOffset.Now.ToString("HH:mm:ss.fff");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        }
        Write("kit", $"stopped (exit code {(_process.HasExited ? _process.ExitCode.ToString() : "unknown")})");
        _process.Dispose();
        lock (_log)
        {
            _closed = true;
            _log.Dispose();
        }
    }
}
