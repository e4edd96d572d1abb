using BenchmarkDotNet.Attributes;
using GovernancePortal.Core;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// Upstream and downstream closure to depth 20 of model versions in the middle of their fine-tuning chains,
/// on the 1.19M-edge database from <c>generate-data --model-versions 100000</c> (GP_BENCH_DB).
/// </summary>
[MemoryDiagnoser]
public class LineageClosureBenchmarks
{
    private ServiceProvider provider = default!;
    private LineageQueries lineage = default!;
    private Guid[] versions = [];
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        var db = Environment.GetEnvironmentVariable("GP_BENCH_DB") ?? throw new InvalidOperationException("Set GP_BENCH_DB.");
        provider = new ServiceCollection().AddLogging().AddGovernanceCore($"Data Source={db}").BuildServiceProvider();
        lineage = provider.GetRequiredService<LineageQueries>();
        using var context = provider.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContext();
        // Version 1.5.0 of 50 models spread over the database: five ancestors and four descendants in the chain.
        versions = context.ModelVersions.Where(v => v.Version == "1.5.0").OrderBy(v => v.Id).Take(50).Select(v => v.Id).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => provider.Dispose();

    private Guid Next() => versions[next++ % versions.Length];

    [Benchmark(Description = "upstream, depth 20")]
    public Task<LineageGraph?> Upstream() => lineage.ClosureAsync(NodeType.ModelVersion, Next(), Direction.Upstream, 20);

    [Benchmark(Description = "downstream, depth 20")]
    public Task<LineageGraph?> Downstream() => lineage.ClosureAsync(NodeType.ModelVersion, Next(), Direction.Downstream, 20);
}
