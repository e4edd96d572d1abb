using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>
/// The real host on its own database, seeded with the demo (Development environment): a temporary SQLite file, or
/// with <c>GP_TEST_PROVIDER=Postgres</c> its own PostgreSQL database copied from the seeded template (<see cref="TestDatabase"/>).
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string Password = GovernancePortal.Core.Seeding.DemoUsers.DefaultPassword;
    private readonly string name = $"gp-it-{Guid.NewGuid():N}";
    private bool databaseCreated;

    /// <summary>The SQLite file; on PostgreSQL its folder still holds the files a test writes beside the database.</summary>
    public string DbPath => Path.Combine(Path.GetTempPath(), name, "governance.db");
    public string ConnectionString => TestDatabase.IsPostgres ? PostgresTestDatabases.ConnectionString(name.Replace('-', '_')) : $"Data Source={DbPath}";

    /// <summary>Replaces the clock for tests about expiry and grace periods.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Published AI Cards as promotions see them; null (the default) uses the portal's own card service.</summary>
    public FakeCards? Cards { get; protected init; }

    /// <summary>Extra configuration, e.g. a tiny rate limit.</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    /// <summary>Service replacements for one test class (applied after the portal's own registrations).</summary>
    public Action<IServiceCollection>? ServiceOverrides { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Governance", ConnectionString);
        if (TestDatabase.IsPostgres)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
            builder.UseSetting("Database:Provider", "Postgres");
            // A factory on its own clock seeds the demo at its own time; the others start from the template seeded with
            // the same published-card service they use (approvals bind to the card hashes seen while seeding).
            var template = Time is not null ? TestTemplate.None : Cards is not null ? TestTemplate.DemoWithFakeCards : TestTemplate.Demo;
            if (!databaseCreated) PostgresTestDatabases.Create(name.Replace('-', '_'), template);
            databaseCreated = true;
        }
        // Kept evidence files beside this factory's database on both providers (PostgreSQL's default is data/ under the
        // content root, which every factory would share: one test damaging a stored file would damage it for all).
        builder.UseSetting("Evidence:FileStore", Path.Combine(Path.GetDirectoryName(DbPath)!, "evidence"));
        // Tests sign in and call the API many times from one (test) address: generous limits unless a test sets its own.
        foreach (var (key, value) in TestFriendlyLimits) builder.UseSetting(key, value);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestRemoteAddress>());
        if (Time is not null) builder.ConfigureServices(s => s.AddSingleton(Time));
        if (ServiceOverrides is not null) builder.ConfigureServices(ServiceOverrides);
        if (Cards is not null) builder.ConfigureServices(s => s.AddSingleton<GovernancePortal.Core.Features.Cards.IPublishedCards>(Cards));
    }

    public static readonly IReadOnlyDictionary<string, string> TestFriendlyLimits = new Dictionary<string, string>
    {
        ["SignIn:PerAddressPermits"] = "100000", ["SignIn:PerAccountPermits"] = "100000", ["SignIn:FailuresPerAddressAndAccount"] = "100000",
        ["SignIn:StepUpFailures"] = "100000", ["Api:PerAddressPerSecond"] = "100000", ["Api:PerAddressBurst"] = "100000",
    };

    public T Get<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public GovernanceDbContext NewDb() => Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContext();

    public static Caller Scientist => new(Actor.User(GovernancePortal.Core.Seeding.DemoUsers.IdOf("scientist@demo.local"), "scientist@demo.local"), new HashSet<string> { GovernancePortal.Core.Identity.Roles.DataScientist });
    public static Caller Compliance => new(Actor.User(GovernancePortal.Core.Seeding.DemoUsers.IdOf("compliance@demo.local"), "compliance@demo.local"), new HashSet<string> { GovernancePortal.Core.Identity.Roles.ComplianceOfficer });
    public static Caller Admin => new(Actor.User(GovernancePortal.Core.Seeding.DemoUsers.IdOf("admin@demo.local"), "admin@demo.local"), new HashSet<string> { GovernancePortal.Core.Identity.Roles.Admin });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TestDatabase.ClearPools();
        if (databaseCreated) PostgresTestDatabases.Drop(name.Replace('-', '_'));
        try { Directory.Delete(Path.GetDirectoryName(DbPath)!, recursive: true); } catch (IOException) { }
    }
}
