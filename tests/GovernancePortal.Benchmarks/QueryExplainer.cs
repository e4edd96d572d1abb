using System.Diagnostics;
using GovernancePortal.Core;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GovernancePortal.Benchmarks;

/// <summary>Prints each benchmarked query's SQL with its execution time, to see where a page's time goes.</summary>
public static class QueryExplainer
{
    public static async Task RunAsync()
    {
        var db = Environment.GetEnvironmentVariable("GP_BENCH_DB") ?? throw new InvalidOperationException("Set GP_BENCH_DB.");
        var services = new ServiceCollection()
            .AddLogging(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information))
            .AddGovernanceCore($"Data Source={db}").BuildServiceProvider();
        var inventory = services.GetRequiredService<InventoryService>();
        foreach (var (name, query) in InventoryQueryBenchmarks.Queries)
        {
            var clock = Stopwatch.StartNew();
            await inventory.QueryAsync(Caller.System("explain"), query);
            Console.WriteLine($"==> {name}: {clock.Elapsed.TotalMilliseconds:F1} ms\n");
        }
    }
}
