using Kit.Simulator.Hosting;

// dotnet run --project simulator/Kit.Simulator -- [options]; --help lists them (SimulatorCommandLine).
if (args.Any(a => a is "--help" or "-h"))
{
    Console.WriteLine(SimulatorCommandLine.Usage);
    return 0;
}
SimulatorOptions options;
try
{
    options = SimulatorCommandLine.Parse(args, Environment.GetEnvironmentVariable);
}
catch (SimulatorConfigException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
foreach (var warning in SimulatorCommandLine.Warnings(options)) Console.Error.WriteLine(warning);

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
    foreach (var line in SimulatorCommandLine.Banner(host, options)) Console.WriteLine(line);
    Console.WriteLine("Press Ctrl+C to stop.");

    var stop = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
    using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
    await stop.Task;
    Console.WriteLine("Kit simulator stopped.");
}
return 0;
