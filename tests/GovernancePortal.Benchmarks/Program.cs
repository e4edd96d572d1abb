using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- --filter '*'
// Needs GP_BENCH_DB: a SQLite file filled by `generate-data` (see docs/benchmarks.md).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
