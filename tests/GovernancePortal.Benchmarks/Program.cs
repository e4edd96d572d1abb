using BenchmarkDotNet.Running;
using GovernancePortal.Benchmarks;

// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- explain   (SQL and time of each query, once)
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- ingest-load URL TOKEN SECONDS CONCURRENCY BATCH ACKED_FILE
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- observation-load URL TOKEN SECONDS CONCURRENCY ENDPOINT ENVIRONMENT OBSERVATIONS_PER_CALL SAMPLES_PER_NAME
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- sketch-size   (stored bytes of one window's sketch, ADR 0037)
// The query benchmarks need GP_BENCH_DB: a SQLite file filled by `generate-data` (see docs/benchmarks.md).
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- pdf-pack   (one 40-page evidence pack: time and peak memory)
// GP_BENCH_DB=... dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- findings-once [WRITES]   (findings engine: full and incremental, timed once)
// dotnet GovernancePortal.Benchmarks.dll read-latency URL READ_TOKEN EMAIL PASSWORD [ROUNDS]   (every API GET and detail page against 20/100 ms)
if (args is ["read-latency", ..])
    Environment.ExitCode = await ReadLatency.RunAsync(args);
else if (args is ["findings-once", ..])
    await FindingsEngineBenchmarks.OnceAsync(args.Length > 1 ? int.Parse(args[1]) : 20);
else if (args is ["pdf-pack"])
    PdfPackBenchmarks.Once();
else if (args is ["explain"])
    await QueryExplainer.RunAsync();
else if (args is ["ingest-ceiling", ..])
    IngestCeiling.Run(args);
else if (args is ["observation-load", ..])
    Environment.ExitCode = await ObservationLoad.RunAsync(args);
else if (args is ["sketch-size"])
    ObservationLoad.SketchSizes();
else if (args is ["ingest-load", ..])
    await IngestLoad.RunAsync(args);
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
