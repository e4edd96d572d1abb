using BenchmarkDotNet.Attributes;
using GovernancePortal.Core;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Endpoints;
using GovernancePortal.Core.Features.Findings.Engine;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// The findings engine over <c>generate-data --model-versions 100000 --endpoints 10000</c> (issue 11 targets: every
/// rule over the whole register under 10 s; the incremental evaluation after one pipeline write under 50 ms).
/// The full pass is measured in steady state (findings already recorded; the first, raising pass is timed once by
/// the <c>findings-once</c> verb). The incremental one follows one deployment report that moves an endpoint to the
/// other of two versions, exactly the changes the register-changed signal carried for that write.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class FindingsEngineBenchmarks
{
    private ServiceProvider provider = default!;
    private readonly Caller pipeline = Caller.Service("benchmark-deployer", ["deployments:write"]);
    private List<RegisterChange> captured = [];
    private ChangeSet? changes;
    private ReportDeployment[] reports = [];
    private int flip;

    [GlobalSetup]
    public async Task Setup()
    {
        var db = Environment.GetEnvironmentVariable("GP_BENCH_DB")
            ?? throw new InvalidOperationException("Set GP_BENCH_DB to a SQLite file made by generate-data --endpoints.");
        // The rules reach the release decision, whose attestation key needs data protection and configuration.
        var services = new ServiceCollection().AddLogging().AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(db))!, "bench-keys")));
        provider = services.AddGovernanceCore($"Data Source={db}").BuildServiceProvider();
        provider.GetRequiredService<RegisterSignal>().Changed += c => captured.AddRange(c);
        await using var context = await provider.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        var endpoint = await context.ServingEndpoints.AsNoTracking().Where(e => e.ModelVersionId != null).OrderBy(e => e.Id).FirstAsync();
        var versions = await context.ModelVersionStages.AsNoTracking().Where(s => s.AiSystemId == endpoint.AiSystemId && s.Stage == Stage.Production)
            .Join(context.ModelVersions, s => s.ModelVersionId, v => v.Id, (s, v) => new { v.Version, v.Sha256, Model = v.Model!.Name }).Take(2).ToListAsync();
        reports = versions.Select(v => new ReportDeployment(endpoint.Name, endpoint.Environment, endpoint.Url, v.Model, v.Version, v.Sha256, endpoint.AiSystemId)).ToArray();
        // Findings recorded once, so the measured full passes reconcile rather than raise.
        await Engine().EvaluateAllAsync("benchmark-setup");
    }

    [GlobalCleanup]
    public void Cleanup() => provider.Dispose();

    private FindingsEngine Engine() => provider.CreateScope().ServiceProvider.GetRequiredService<FindingsEngine>();

    [Benchmark(Description = "full evaluation, every rule")]
    public Task<RunSummary> Full() => Engine().EvaluateAllAsync("benchmark");

    [IterationSetup(Target = nameof(Incremental))]
    public void OnePipelineWrite()
    {
        captured = [];
        var result = provider.CreateScope().ServiceProvider.GetRequiredService<EndpointService>().ReportAsync(pipeline, reports[flip++ % reports.Length]).GetAwaiter().GetResult();
        if (!result.Succeeded) throw new InvalidOperationException(result.Error!.Message);
        changes = new ChangeSet(captured);
    }

    [Benchmark(Description = "incremental after one deployment report")]
    public Task<RunSummary> Incremental() => Engine().EvaluateAsync(changes, "benchmark");

    /// <summary>
    /// Once, without BenchmarkDotNet (a loaded 2-core machine): the first full pass (it raises every finding), a
    /// second one (steady state), then <paramref name="writes"/> deployment reports each followed by its incremental
    /// evaluation; prints each time and the median.
    /// </summary>
    public static async Task OnceAsync(int writes)
    {
        var b = new FindingsEngineBenchmarks();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await b.Setup();
        Console.WriteLine($"first full pass (raising): {clock.Elapsed.TotalSeconds:F2} s (setup included)");
        // Each rule's full evaluation alone (no reconciliation): where the full pass spends its time.
        await using (var db = await b.provider.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
        {
            using var scope = b.provider.CreateScope();
            foreach (var rule in b.Engine().Rules)
            {
                var ruleClock = System.Diagnostics.Stopwatch.StartNew();
                var outcome = await rule.EvaluateAsync(new RuleInput(db, DateTime.UtcNow, null, scope.ServiceProvider), default);
                Console.WriteLine($"  {rule.GetType().Name}: {ruleClock.Elapsed.TotalSeconds:F2} s, {outcome.Conditions.Count:N0} conditions");
            }
        }
        for (var i = 0; i < 1; i++)
        {
            var full = await b.Full();
            Console.WriteLine($"full pass: {full.Elapsed.TotalSeconds:F2} s, {full.Open:N0} conditions seen, {full.Raised} raised, {full.Resolved} resolved");
        }
        var times = new List<double>();
        for (var i = 0; i < writes; i++)
        {
            b.OnePipelineWrite();
            var run = await b.Incremental();
            times.Add(run.Elapsed.TotalMilliseconds);
            Console.WriteLine($"incremental {i + 1}: {run.Elapsed.TotalMilliseconds:F1} ms ({b.changes!.All.Count} changes, {run.Raised} raised, {run.Resolved} resolved)");
        }
        times.Sort();
        Console.WriteLine($"incremental median {times[times.Count / 2]:F1} ms, max {times[^1]:F1} ms over {writes} writes");
        b.Cleanup();
    }
}
