using System.Data.Common;
using GovernancePortal.E2ETests.Infrastructure;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Promotions;

/// <summary>
/// The portal process is SIGKILLed while a reviewer signs the last co-signature of a promotion, through the browser as
/// people sign (circuit, step-up password). A fail point (<c>Faults:KillAt</c>, Development only) kills it exactly
/// (a) just before the signature's transaction commits: none of the signature, the approval, the stage move or their
/// audit entries may be stored; (b) right after it commits, before the screen hears of it: all of them are stored. After
/// each kill the audit chain verifies (<c>verify-audit</c>), and after the first the reviewer signs again on the
/// restarted portal. Once on a SQLite file, once on PostgreSQL (GP_TEST_PG).
/// </summary>
public class KillDuringApprovalBrowserTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"gp-kill-approval-{Guid.NewGuid():N}");
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    // Its own SQLite file: left out of the PostgreSQL run, which has its own fact below.
    [Fact, Trait("Provider", "SqliteOnly")]
    public async Task Kill9DuringApproval_OnSqlite_AllOrNothing_ChainIntact_SignsAgain()
    {
        Directory.CreateDirectory(dir);
        await KillDuringApprovalAsync("Sqlite", $"Data Source={Path.Combine(dir, "governance.db")}");
    }

    [SkippableFact, Trait("Provider", PostgresServer.PostgresOnly)]
    public async Task Kill9DuringApproval_OnPostgres_AllOrNothing_ChainIntact_SignsAgain()
    {
        await using var db = await PostgresServer.EmptyDatabaseAsync();
        await KillDuringApprovalAsync("Postgres", db.ConnectionString);
    }

    private static async Task KillDuringApprovalAsync(string provider, string connectionString)
    {
        Assertions.SetDefaultExpectTimeout((float)BrowserFixture.Patience.TotalMilliseconds);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFixture.ChromiumPath, Headless = true,
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--no-sandbox"],
        });

        // The demo's fraud-gbt 4.3.0 → Production request waits for Security and Risk: Security signs on a plain
        // portal (which also seeds the demo), so Risk's signature is the last one, the one that moves the stage.
        await using (var portal = await PortalProcess.StartAsync(provider, connectionString))
        {
            var security = await OpenRequestAsync(browser, portal, "security@demo.local");
            await security.ClickAsync("#approve-button");
            await Expect(security.Locator(".approval-slot[data-role=Security]")).ToContainTextAsync("signed by security@demo.local");
        }
        var before = await Facts.ReadAsync(provider, connectionString);

        // (a) Killed just before the commit: nothing of the signature exists.
        await SignUntilKilledAsync(browser, provider, connectionString, FaultInjectionPoint.BeforeCommit);
        Assert.Equal(before, await Facts.ReadAsync(provider, connectionString));
        await AssertChainIntactAsync(provider, connectionString);

        // (b) The reviewer signs again on the restarted portal; killed right after the commit: all of it is stored.
        await SignUntilKilledAsync(browser, provider, connectionString, FaultInjectionPoint.AfterCommit);
        var after = await Facts.ReadAsync(provider, connectionString);
        Assert.Equal(before.RiskSignatures + 1, after.RiskSignatures);
        Assert.Equal(before.ApprovedRequests + 1, after.ApprovedRequests);
        Assert.NotEqual(before.Stages, after.Stages); // 4.3.0 moved to Production, the version it replaces retired
        Assert.Equal(before.SignatureEntries + 1, after.SignatureEntries);
        Assert.True(after.RequestEntries > before.RequestEntries, "the request's approval has no audit entry");
        Assert.True(after.StageEntries > before.StageEntries, "the stage move has no audit entry");
        await AssertChainIntactAsync(provider, connectionString);
    }

    private enum FaultInjectionPoint { BeforeCommit, AfterCommit }

    private static async Task SignUntilKilledAsync(IBrowser browser, string provider, string connectionString, FaultInjectionPoint point)
    {
        var killAt = point == FaultInjectionPoint.BeforeCommit ? "approval-commit" : "approval-committed";
        await using var portal = await PortalProcess.StartAsync(provider, connectionString, new Dictionary<string, string> { ["Faults__KillAt"] = killAt });
        var risk = await OpenRequestAsync(browser, portal, "risk@demo.local");
        await risk.ClickAsync("#approve-button");
        var exitCode = await portal.WaitForExitAsync(Patience);
        Assert.True(exitCode == 137, $"expected SIGKILL (137), got {exitCode}:\n{portal.Output}"); // 128 + SIGKILL
        Assert.Contains($"Faults:KillAt={killAt}", portal.Output);
        // The screen never heard back: no "signed by" reached the page before the process died.
        Assert.DoesNotContain("signed by risk@demo.local", await risk.Locator(".approval-slot[data-role=Risk]").InnerTextAsync());
        await risk.Context.CloseAsync();
    }

    private static async Task<IPage> OpenRequestAsync(IBrowser browser, PortalProcess portal, string email)
    {
        var page = await portal.SignInAsync(browser, email);
        await page.GotoAsync(portal.BaseUrl + "/inbox");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.Locator(".promotion-link", new() { HasText = "fraud-gbt" }).First.ClickAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.Locator("#sign-panel input[type=password]").FillAsync(BrowserFixture.Password);
        return page;
    }

    private static async Task AssertChainIntactAsync(string provider, string connectionString)
    {
        var (exitCode, output) = await PortalProcess.RunVerbAsync(provider, connectionString, "verify-audit");
        Assert.True(exitCode == 0, output);
        Assert.Contains("Audit chain intact", output);
    }

    /// <summary>What a signature changes, read straight from the database the killed process wrote.</summary>
    private sealed record Facts(long RiskSignatures, long ApprovedRequests, string Stages, long SignatureEntries, long RequestEntries, long StageEntries)
    {
        public static async Task<Facts> ReadAsync(string provider, string connectionString)
        {
            await using DbConnection connection = provider == "Postgres" ? new Npgsql.NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
            await connection.OpenAsync();
            async Task<long> Count(string sql)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                return Convert.ToInt64(await command.ExecuteScalarAsync());
            }
            string Audited(string type) => $"SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"EntityType\" = '{type}'";
            var stages = new List<string>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT \"Stage\", COUNT(*) FROM \"ModelVersionStages\" GROUP BY \"Stage\" ORDER BY \"Stage\"";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync()) stages.Add($"{reader.GetString(0)}={reader.GetInt64(1)}");
            }
            return new(
                await Count("SELECT COUNT(*) FROM \"PromotionApprovals\" WHERE \"Role\" = 'Risk' AND \"InvalidatedAt\" IS NULL"),
                await Count("SELECT COUNT(*) FROM \"PromotionRequests\" WHERE \"Status\" = 'Approved'"),
                string.Join(", ", stages),
                await Count(Audited("PromotionApproval")), await Count(Audited("PromotionRequest")), await Count(Audited("ModelVersionStage")));
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
