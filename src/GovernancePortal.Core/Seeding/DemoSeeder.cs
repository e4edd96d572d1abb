using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Seeding;

/// <summary>
/// Loads the demo: users (one per role) and a realistic register written through the same services people
/// and pipelines use, so the demo's audit chain is complete. Idempotent: a second run changes nothing.
/// </summary>
public sealed partial class DemoSeeder(
    IDbContextFactory<GovernanceDbContext> dbFactory, UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles,
    UserAdminService userAdmin, IServiceProvider services, TimeProvider time)
{
    private static readonly Caller Seeder = Caller.System("seed-demo");

    public async Task<string> SeedAsync(string password, CancellationToken ct = default)
    {
        await EnsureRolesAsync();
        var created = 0;
        foreach (var (email, name, role) in DemoUsers.All)
        {
            if (await users.FindByEmailAsync(email) is not null) continue;
            var result = await userAdmin.CreateAsync(Seeder, email, name, password, [role], DemoUsers.IdOf(email), ct);
            if (!result.Succeeded) throw new InvalidOperationException($"Cannot create {email}: {result.Error!.Message}");
            created++;
        }

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            if (await db.AiSystems.AnyAsync(ct))
                return $"Demo users: {created} created. Register already has data; left as it is.";

        await SeedRegisterAsync(password, ct);
        return $"Demo users: {created} created. Demo register loaded.";
    }

    /// <summary>The roles are part of the product and exist on every install, demo or not.</summary>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    private DateTime DaysAgo(int days) => time.GetUtcNow().UtcDateTime.AddDays(-days);

    private static T Ok<T>(Result<T> result, string what) =>
        result.Succeeded ? result.Value! : throw new InvalidOperationException($"Demo seed failed at {what}: {result.Error!.Message}");
}
