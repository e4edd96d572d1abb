using GovernancePortal.Core.Features.ServiceIdentities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core.Seeding;

public sealed partial class DemoSeeder
{
    /// <summary>
    /// A pipeline token nobody has used since its project ended, still holding write scopes: the service-identity
    /// signal's demo. Its age is history the portal did not witness, so the seeder backdates it directly (audited).
    /// </summary>
    private async Task SeedServiceIdentitiesAsync(CancellationToken ct)
    {
        var created = await services.GetRequiredService<ServiceIdentityService>().CreateAsync(Seeder, "legacy-batch-scoring",
            DemoUsers.IdOf("platform@demo.local"), "Nightly batch scoring for the retired 2024 campaign", [Scopes.Read, Scopes.ModelsWrite, Scopes.DeploymentsWrite], 120, ct);
        var id = Ok(created, "service identity").Id;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = Seeder.Actor;
        var identity = await db.ServiceIdentities.SingleAsync(s => s.Id == id, ct);
        identity.CreatedAt = DaysAgo(75);
        identity.ExpiresAt = DaysAgo(-10);
        await db.SaveChangesAsync(ct);
    }
}
