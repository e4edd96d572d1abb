using BenchmarkDotNet.Attributes;
using GovernancePortal.Core;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Inventory;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// One inventory grid page (count + 25 rows) as the UI asks for it, on a database made by
/// <c>generate-data --model-versions 100000</c>. Each call opens its own context, like the UI does.
/// </summary>
[MemoryDiagnoser]
public class InventoryQueryBenchmarks
{
    private InventoryService inventory = default!;
    private ServiceProvider provider = default!;
    private readonly Caller caller = Caller.System("benchmark");

    [GlobalSetup]
    public void Setup()
    {
        var db = Environment.GetEnvironmentVariable("GP_BENCH_DB")
            ?? throw new InvalidOperationException("Set GP_BENCH_DB to a SQLite file made by generate-data.");
        provider = new ServiceCollection().AddLogging().AddGovernanceCore($"Data Source={db}").BuildServiceProvider();
        inventory = provider.GetRequiredService<InventoryService>();
    }

    [GlobalCleanup]
    public void Cleanup() => provider.Dispose();

    private Task<Result<Page<ModelVersionRow>>> Query(InventoryQuery q) => inventory.QueryAsync(caller, q);

    public static readonly (string Name, InventoryQuery Query)[] Queries =
    [
        ("first page", new()), ("page 2,000", new(Page: 2_000)),
        ("by name, page 100", new(Sort: InventorySort.ModelName, Descending: false, Page: 100)),
        ("name search", new("fraud")), ("tag search", new("tag:vision")), ("digest prefix", new("3fa85f64")),
        ("stage filter", new(Stage: Stage.Production)),
    ];

    [Benchmark(Baseline = true, Description = "first page, newest first")]
    public Task<Result<Page<ModelVersionRow>>> FirstPage() => Query(new());

    [Benchmark(Description = "page 2,000 (rows 50,001-50,025)")]
    public Task<Result<Page<ModelVersionRow>>> DeepPage() => Query(new(Page: 2_000));

    [Benchmark(Description = "sorted by model name, page 100")]
    public Task<Result<Page<ModelVersionRow>>> ByName() => Query(new(Sort: InventorySort.ModelName, Descending: false, Page: 100));

    [Benchmark(Description = "name search 'fraud'")]
    public Task<Result<Page<ModelVersionRow>>> NameSearch() => Query(new("fraud"));

    [Benchmark(Description = "tag search 'tag:vision'")]
    public Task<Result<Page<ModelVersionRow>>> TagSearch() => Query(new("tag:vision"));

    [Benchmark(Description = "digest prefix (8 hex)")]
    public Task<Result<Page<ModelVersionRow>>> DigestPrefix() => Query(new("3fa85f64"));

    [Benchmark(Description = "stage filter Production")]
    public Task<Result<Page<ModelVersionRow>>> StageFilter() => Query(new(Stage: Stage.Production));
}
