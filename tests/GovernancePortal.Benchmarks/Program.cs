using BenchmarkDotNet.Running;
using GovernancePortal.Benchmarks;

// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- explain   (SQL and time of each query, once)
// Both need GP_BENCH_DB: a SQLite file filled by `generate-data` (see docs/benchmarks.md).
if (args is ["explain"])
    await QueryExplainer.RunAsync();
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
