using System.Diagnostics;

namespace Kit.Harness.Browser;

/// <summary>
/// An X display for Firefox. Headless Firefox has no WebGL (measured with firefox-esr 153.8: getContext('webgl')
/// is null whatever the prefs), and the Antom SDK 1.47.2 then throws "Error creating WebGL context" and never renders;
/// a headed Firefox on Xvfb gets WebGL from Mesa's llvmpipe. The machine's own DISPLAY is used when it has one;
/// otherwise an Xvfb is started on a free display number and stopped with the run.
/// </summary>
public sealed class VirtualDisplay : IDisposable
{
    private readonly Process? _xvfb;

    private VirtualDisplay(string name, Process? xvfb)
    {
        Name = name;
        _xvfb = xvfb;
    }

    /// <summary>The DISPLAY value, e.g. ":99".</summary>
    public string Name { get; }

    public static readonly IReadOnlyList<string> XvfbPaths = ["/usr/bin/Xvfb", "/usr/local/bin/Xvfb"];

    public static bool Available => System.Environment.GetEnvironmentVariable("DISPLAY") is { Length: > 0 } || XvfbPaths.Any(File.Exists);

    public static async Task<VirtualDisplay> StartAsync()
    {
        if (System.Environment.GetEnvironmentVariable("DISPLAY") is { Length: > 0 } display) return new VirtualDisplay(display, null);
        var xvfb = XvfbPaths.FirstOrDefault(File.Exists)
            ?? throw new BrowserNotFoundException($"Firefox cells need an X display for WebGL (headless Firefox has none, and the SDK does not render without it), and there is no DISPLAY and no Xvfb at {string.Join(", ", XvfbPaths)}. Install it (sudo apt-get install xvfb, or run ./setup.sh).");
        for (var number = 99; number < 199; number++)
        {
            if (File.Exists($"/tmp/.X{number}-lock") || File.Exists($"/tmp/.X11-unix/X{number}")) continue;
            var process = Process.Start(new ProcessStartInfo(xvfb, [$":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"])
            {
                RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            })!;
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            for (var wait = 0; wait < 100 && !process.HasExited; wait++)
            {
                if (File.Exists($"/tmp/.X11-unix/X{number}")) return new VirtualDisplay($":{number}", process);
                await Task.Delay(50);
            }
            if (!process.HasExited) process.Kill();
            process.Dispose(); // another Xvfb took the number between the check and the start: try the next
        }
        throw new BrowserNotFoundException("could not start Xvfb on any display from :99 to :198; set DISPLAY to an X display Firefox can use");
    }

    public void Dispose()
    {
        if (_xvfb is null) return;
        try { if (!_xvfb.HasExited) { _xvfb.Kill(); _xvfb.WaitForExit(5000); } }
        catch (InvalidOperationException) { } // it already ended
        _xvfb.Dispose();
    }
}
