using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project tests/Kit.Benchmarks -- --filter '*'
// Each benchmark in its own process (the default toolchain): in one process the JIT's tiering and profile from one
// benchmark carried into the next (the same validator measured 1.35 and 2.32 µs in one run). 15 iterations and the
// Median and Min beside the Mean: this shared machine's noise comes in bursts that move a mean but rarely a median.
var inProcess = args.Contains("--in-process");
var job = Job.ShortRun.WithIterationCount(15);
var config = DefaultConfig.Instance
    .AddJob((inProcess ? job.WithToolchain(InProcessEmitToolchain.Instance) : job).AsDefault())
    .AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median, BenchmarkDotNet.Columns.StatisticColumn.Min);
BenchmarkSwitcher.FromAssembly(typeof(Kit.Benchmarks.ValidationBenchmarks).Assembly).Run(args.Where(a => a != "--in-process").ToArray(), config);
