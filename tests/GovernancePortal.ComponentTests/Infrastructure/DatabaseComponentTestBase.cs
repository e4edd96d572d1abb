using Bunit;
using GovernancePortal.Core;
using GovernancePortal.Core.Data;
using GovernancePortal.Web.Components.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.ComponentTests.Infrastructure;

/// <summary>Components over the real Core services and a temporary SQLite database, signed in as a data scientist.</summary>
public abstract class DatabaseComponentTestBase : ComponentTestBase
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"gp-ct-{Guid.NewGuid():N}");

    protected DatabaseComponentTestBase()
    {
        Directory.CreateDirectory(dir);
        Ctx.Services.AddGovernanceCore($"Data Source={Path.Combine(dir, "governance.db")}");
        Ctx.Services.AddScoped<CurrentCaller>();
        Auth = Ctx.AddAuthorization();
        SignIn("scientist@demo.local", GovernancePortal.Core.Identity.Roles.DataScientist);
    }

    /// <summary>
    /// Signs a demo person in: their e-mail, roles and the account id the portal reads from the cookie
    /// (Caller.FromPrincipal), since people are compared by id, never by name.
    /// </summary>
    protected Bunit.TestDoubles.BunitAuthorizationContext SignIn(string email, params string[] roles) =>
        // Roles first: in bunit 2.15 SetRoles rebuilds the principal without the claims set before it.
        Auth.SetAuthorized(email).SetRoles(roles)
            .SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, GovernancePortal.Core.Seeding.DemoUsers.IdOf(email)));

    /// <summary>Who is signed in; tests switch users with <see cref="SignIn"/> before rendering.</summary>
    protected Bunit.TestDoubles.BunitAuthorizationContext Auth { get; }

    public override async Task InitializeAsync()
    {
        await using var db = await Ctx.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    protected GovernanceDbContext NewDb() => Ctx.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContext();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
