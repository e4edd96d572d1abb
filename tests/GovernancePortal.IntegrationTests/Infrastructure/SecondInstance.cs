using GovernancePortal.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>
/// Another portal instance on the database of <paramref name="first"/>: its own host, singletons and background workers
/// (its own OpenLineage writer), as a second instance behind a load balancer would have. The first factory owns the
/// database and deletes it; this one only connects.
/// </summary>
public sealed class SecondInstance(PortalFactory first) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Governance", first.ConnectionString);
        if (TestDatabase.IsPostgres) builder.UseSetting("Database:Provider", "Postgres");
        foreach (var (key, value) in PortalFactory.TestFriendlyLimits) builder.UseSetting(key, value);
    }

    public T Get<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public GovernanceDbContext NewDb() => Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContext();
}
