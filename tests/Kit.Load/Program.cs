using Kit.Load;

// dotnet run -c Release --project tests/Kit.Load -- [seconds] [connections]
if (args.Length > 0 && args[0] == "bare-server") return await LoadHarness.ServeBareAsync(args);
return await LoadHarness.RunAsync(args);
