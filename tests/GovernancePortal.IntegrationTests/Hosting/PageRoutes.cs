using System.Reflection;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Hosting;

/// <summary>
/// Every routable page of the portal (found by reflection, so a new page is covered without touching a test),
/// turned into concrete addresses for real entities of the demo seed.
/// </summary>
public static class PageRoutes
{
    /// <summary>An address to open, with the page component behind it.</summary>
    public sealed record PageRoute(string Path, string Template, Type Page)
    {
        public override string ToString() => Path;
    }

    /// <summary>Route templates of every routable component in the web assembly, with the component.</summary>
    public static IReadOnlyList<(string Template, Type Page)> Templates { get; } = typeof(Program).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t))
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, Page: t)))
        .DistinctBy(r => r.Template).OrderBy(r => r.Template, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Concrete addresses: each template once per sample entity of the type its <c>{Id}</c> names.
    /// Promotion requests and model versions are all taken (their states differ: drafts, rejected, returned, approved;
    /// cards missing, draft, stale, published); other types take their first rows.
    /// </summary>
    public static async Task<IReadOnlyList<PageRoute>> ConcreteAsync(GovernanceDbContext db, int perType = 2, bool everyVersionAndRequest = true)
    {
        var many = everyVersionAndRequest ? int.MaxValue : perType;
        var ids = new Dictionary<string, List<Guid>>
        {
            ["/ai-systems/"] = await db.AiSystems.OrderBy(x => x.Id).Select(x => x.Id).Take(perType).ToListAsync(),
            ["/dataset-versions/"] = await db.DatasetVersions.OrderBy(x => x.Id).Select(x => x.Id).Take(perType).ToListAsync(),
            ["/endpoints/"] = await db.ServingEndpoints.OrderBy(x => x.Id).Select(x => x.Id).Take(perType).ToListAsync(),
            ["/evaluations/"] = await db.Evaluations.OrderBy(x => x.Id).Select(x => x.Id).Take(perType).ToListAsync(),
            ["/model-versions/"] = await db.ModelVersions.OrderBy(x => x.Id).Select(x => x.Id).Take(many).ToListAsync(),
            ["/models/"] = await db.Models.OrderBy(x => x.Id).Select(x => x.Id).Take(perType).ToListAsync(),
            ["/promotions/"] = await db.PromotionRequests.OrderBy(x => x.Id).Select(x => x.Id).Take(many).ToListAsync(),
            ["/runs/"] = await db.TrainingRuns.OrderBy(x => x.Id).Select(x => x.Id).Take(perType).ToListAsync(),
            ["/findings/"] = await FindingsAsync(db, perType),
        };
        var lineageRoots = new List<(NodeType Type, Guid Id)>();
        lineageRoots.AddRange(ids["/dataset-versions/"].Select(id => (NodeType.DatasetVersion, id)));
        lineageRoots.AddRange(ids["/runs/"].Select(id => (NodeType.TrainingRun, id)));
        lineageRoots.AddRange(ids["/model-versions/"].Take(perType).Select(id => (NodeType.ModelVersion, id)));
        lineageRoots.AddRange(ids["/evaluations/"].Select(id => (NodeType.Evaluation, id)));
        lineageRoots.AddRange(ids["/endpoints/"].Select(id => (NodeType.Endpoint, id)));

        var routes = new List<PageRoute>();
        foreach (var (template, page) in Templates)
        {
            if (template.StartsWith("/lineage/", StringComparison.Ordinal))
            {
                routes.AddRange(lineageRoots.Select(r => new PageRoute($"/lineage/{r.Type}/{r.Id}", template, page)));
                continue;
            }
            if (!template.Contains('{'))
            {
                routes.Add(new(template, template, page));
                continue;
            }
            var prefix = ids.Keys.SingleOrDefault(template.StartsWith)
                ?? throw new InvalidOperationException($"No sample entity for the page route {template}: add its type to PageRoutes.");
            if (ids[prefix].Count == 0)
                throw new InvalidOperationException($"The demo seed has no entity for {template}.");
            routes.AddRange(ids[prefix].Select(id => new PageRoute(template.Replace("{Id:guid}", id.ToString()), template, page)));
        }
        return routes;
    }

    /// <summary>The demo's findings come from the engine's first full pass, which runs beside the first requests: wait for it.</summary>
    private static async Task<List<Guid>> FindingsAsync(GovernanceDbContext db, int perType)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(90); waited += TimeSpan.FromMilliseconds(200))
        {
            var ids = await db.Findings.OrderBy(x => x.Id).Select(x => x.Id).Take(perType).ToListAsync();
            if (ids.Count > 0) return ids;
            await Task.Delay(200);
        }
        return [];
    }
}
