return await Kit.Harness.Cli.HarnessCommand.RunAsync(args);
