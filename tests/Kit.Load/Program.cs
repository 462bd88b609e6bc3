using Kit.Load;

// dotnet run -c Release --project tests/Kit.Load -- [seconds] [connections]   the merchant API against a bare WireMock mapping
// dotnet run -c Release --project tests/Kit.Load -- deliveries [rounds]        notifications to fast, slow and dead webhooks
if (args.Length > 0 && args[0] == "bare-server") return await LoadHarness.ServeBareAsync(args);
if (args.Length > 0 && args[0] == "deliveries") return await DeliveryBenchmark.RunAsync(args);
return await LoadHarness.RunAsync(args);
