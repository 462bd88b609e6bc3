using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project tests/Kit.Benchmarks -- --filter '*'
// Median and Min beside the Mean: this shared machine's noise comes in bursts that move a mean but rarely a median.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).AsDefault())
    .AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median, BenchmarkDotNet.Columns.StatisticColumn.Min);
BenchmarkSwitcher.FromAssembly(typeof(Kit.Benchmarks.ValidationBenchmarks).Assembly).Run(args, config);
