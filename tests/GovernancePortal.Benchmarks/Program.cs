using BenchmarkDotNet.Running;
using GovernancePortal.Benchmarks;

// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- explain   (SQL and time of each query, once)
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- ingest-load URL TOKEN SECONDS CONCURRENCY BATCH ACKED_FILE [--realistic] [--raw sqlite:FILE|postgres:CONN] [--pid PID] [--warm SECONDS]
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- observation-load URL TOKEN SECONDS CONCURRENCY ENDPOINT ENVIRONMENT OBSERVATIONS_PER_CALL SAMPLES_PER_NAME
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- sketch-size   (stored bytes of one window's sketch, ADR 0037)
// The query benchmarks need GP_BENCH_DB: a SQLite file filled by `generate-data` (see docs/benchmarks.md).
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- bias-profile [RUNS] [pairs]   (the bias scan's per-row work, piece by piece, against a bare Sep scan)
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- pdf-pack   (one 40-page evidence pack: time and peak memory)
// GP_BENCH_DB=... dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- findings-once [WRITES]   (findings engine: full and incremental, timed once)
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- circuit-load URL EMAIL PASSWORD CIRCUITS SECONDS PORTAL_PID VERSION_ID [THINK_MS]
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- circuit-load-signalr URL EMAIL PASSWORD CIRCUITS SECONDS PORTAL_PID VERSION_ID [THINK_MS]
//   (the same load over Blazor's hub protocol, no browser; circuit-probe URL EMAIL PASSWORD VERSION_ID [ROUNDS] checks it on one circuit)
// dotnet run -c Release --project tests/GovernancePortal.Benchmarks -- instances "Host=127.0.0.1;Port=55455;Username=postgres" [ROUNDS]
//   (several instances on one PostgreSQL: NOTIFY latency between instances, runner-lease takeover after SIGKILL)
// dotnet GovernancePortal.Benchmarks.dll writer-load DB_FILE SECONDS CONCURRENCY BATCH [WARM_SECONDS]   (the OpenLineage writer alone, in process, ADR 0079)
// dotnet GovernancePortal.Benchmarks.dll read-latency URL READ_TOKEN EMAIL PASSWORD [ROUNDS]   (every API GET and detail page against 20/100 ms)
if (args is ["bias-profile", ..])
    BiasScanProfile.Run(args.Length > 1 ? int.Parse(args[1]) : 7, pairsOnly: args is [_, _, "pairs"]);
else if (args is ["read-latency", ..])
    Environment.ExitCode = await ReadLatency.RunAsync(args);
else if (args is ["findings-once", ..])
    await FindingsEngineBenchmarks.OnceAsync(args.Length > 1 ? int.Parse(args[1]) : 20);
else if (args is ["pdf-pack"])
    PdfPackBenchmarks.Once();
else if (args is ["explain"])
    await QueryExplainer.RunAsync();
else if (args is ["writer-load", ..])
    Environment.ExitCode = await WriterLoad.RunAsync(args);
else if (args is ["ingest-ceiling", ..])
    IngestCeiling.Run(args);
else if (args is ["observation-load", ..])
    Environment.ExitCode = await ObservationLoad.RunAsync(args);
else if (args is ["sketch-size"])
    ObservationLoad.SketchSizes();
else if (args is ["circuit-load", ..])
    Environment.ExitCode = await CircuitLoad.RunAsync(args);
else if (args is ["circuit-load-signalr", ..])
    Environment.ExitCode = await CircuitLoadSignalR.RunAsync(args);
else if (args is ["circuit-probe", ..])
    Environment.ExitCode = await CircuitLoadSignalR.ProbeAsync(args);
else if (args is ["instances", _, ..])
    Environment.ExitCode = await InstanceLoad.RunAsync(args);
else if (args is ["lease-hold", _])
    await InstanceLoad.HoldAsync(args[1]);
else if (args is ["ingest-load", ..])
    Environment.ExitCode = await IngestLoad.RunAsync(args);
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
