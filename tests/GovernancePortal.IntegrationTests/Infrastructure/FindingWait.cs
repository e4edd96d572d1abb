using GovernancePortal.Core.Features.Findings;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>Waiting for the findings engine, which runs in the background: on a condition, never a fixed sleep.</summary>
public static class FindingWait
{
    /// <summary>The first finding that matches, polled every 100 ms; fails after a bound generous for a busy 2-core machine.</summary>
    public static async Task<Finding> FindingAsync(this PortalFactory factory, Func<Finding, bool> match, string what = "The finding did not reach the expected state.")
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(120); waited += TimeSpan.FromMilliseconds(100))
        {
            await using var db = factory.NewDb();
            if ((await db.Findings.AsNoTracking().ToListAsync()).FirstOrDefault(match) is { } found) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException(what);
    }
}
