using GovernancePortal.Core.Features.Findings.Engine;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GovernancePortal.IntegrationTests.Hosting;

/// <summary>
/// Opening a page never writes (issue 11): a GET prerenders every page (the same component code the circuit runs
/// first), and writes such as starting an AI Card draft or re-binding a promotion request belong to the interactive
/// render or an explicit action. The portal's own background services are left out, so any commit is the pages'.
/// </summary>
// SQLite only: the proof is SQLite's data_version counter (any other connection's commit changes it). PostgreSQL has no
// per-database equivalent that background writers leave alone; the rule (no writes while rendering) is provider-neutral.
[Trait(TestDatabase.Trait, TestDatabase.SqliteOnly)]
public class NoWritesDuringRenderTests : IAsyncLifetime
{
    private sealed class QuietPortal : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                foreach (var d in services.Where(d => d.ServiceType == typeof(IHostedService) && !FromFramework(d)).ToList()) services.Remove(d);
            });
        }

        private static bool FromFramework(ServiceDescriptor d) =>
            (d.ImplementationType ?? d.ImplementationFactory?.Method.DeclaringType ?? d.ImplementationInstance?.GetType())?.Namespace?.StartsWith("Microsoft", StringComparison.Ordinal) == true;
    }

    private readonly QuietPortal factory = new();

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    /// <summary>Rows per table, and SQLite's data_version (it changes when any other connection commits anything).</summary>
    private static async Task<(Dictionary<string, long> Rows, long Version)> SnapshotAsync(SqliteConnection connection)
    {
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var rows = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{table}\"";
            rows[table] = (long)(await count.ExecuteScalarAsync())!;
        }
        await using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA data_version";
        return (rows, (long)(await version.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData("scientist@demo.local")]
    [InlineData("risk@demo.local")]
    [InlineData("admin@demo.local")]
    public async Task GetOfEveryPage_WritesNothing(string email)
    {
        // The findings the detail pages show come from one evaluation, run here since the runner is left out.
        await factory.Get<FindingsEngine>().EvaluateAllAsync("test");
        // A version nobody has started a card for: its editor's first (interactive) render would create the draft.
        Assert.True((await factory.Get<ModelRegistryService>().RegisterVersionAsync(PortalFactory.Scientist, new("render-check", "1.0", "onnx", "s3://r", Sha.Of("render-check")))).Succeeded);
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.True((await LoginClient.PostLoginAsync(client, email, PortalFactory.Password)).RedirectsTo("/"), $"{email} could not sign in");
        IReadOnlyList<PageRoutes.PageRoute> routes;
        await using (var db = factory.NewDb()) routes = await PageRoutes.ConcreteAsync(db);
        // The pages this rule was written for must be among them: a card editor of a version without a card, a review.
        Assert.Contains(routes, r => r.Template.EndsWith("/card/edit", StringComparison.Ordinal));
        Assert.Contains(routes, r => r.Template == "/promotions/{Id:guid}");

        await using var connection = new SqliteConnection(factory.ConnectionString);
        await connection.OpenAsync();
        var before = await SnapshotAsync(connection);
        var rendered = 0;
        foreach (var route in routes.Where(r => !r.Path.StartsWith("/Account", StringComparison.Ordinal)))
        {
            using var response = await client.GetAsync(route.Path);
            if (response.IsSuccessStatusCode) rendered++;
        }
        var after = await SnapshotAsync(connection);

        var grown = before.Rows.Where(t => after.Rows[t.Key] != t.Value).Select(t => $"{t.Key}: {t.Value} → {after.Rows[t.Key]}").ToList();
        Assert.True(grown.Count == 0, $"GET of {rendered} pages as {email} wrote rows:\n" + string.Join("\n", grown));
        Assert.True(before.Version == after.Version, $"GET of {rendered} pages as {email} committed a change (data_version {before.Version} → {after.Version}).");
        Assert.True(rendered > 20, $"only {rendered} pages rendered");
    }
}
