using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Audit;

/// <summary>Each test owns its database: these tests tamper with it.</summary>
public class AuditChainTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    private Task<AuditVerification> VerifyAsync() => factory.Get<AuditChainVerifier>().VerifyAsync();

    private Task ExecuteSqlAsync(string sql) => TestDatabase.ExecuteAsync(factory.ConnectionString, sql);

    [Fact]
    public async Task Verify_SeededDemo_IsIntact()
    {
        var result = await VerifyAsync();
        Assert.True(result.Intact, result.Problem);
        Assert.True(result.EntriesChecked > 100);
    }

    [Fact]
    public async Task Verify_RowAlteredDirectlyInTheDatabase_NamesTheAlteredEntry()
    {
        await ExecuteSqlAsync("UPDATE \"AuditEntries\" SET \"After\" = replace(\"After\", 'xgboost', 'sklearn') WHERE \"Sequence\" = (SELECT MIN(\"Sequence\") FROM \"AuditEntries\" WHERE \"After\" LIKE '%xgboost%')");
        await using var db = factory.NewDb();
        var altered = await db.AuditEntries.Where(a => a.After!.Contains("sklearn") && a.Action == "ModelVersion.Created").MinAsync(a => a.Sequence);

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(altered, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verify_RowDeleted_NamesTheGap()
    {
        await ExecuteSqlAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 10");
        var result = await VerifyAsync();
        Assert.Equal(10, result.FirstBrokenSequence);
        Assert.Contains("missing", result.Problem);
    }

    [Fact]
    public async Task Verify_EntryRehashedButNextLinkNotUpdated_NamesTheNextEntry()
    {
        // A careful forger recomputes the altered entry's own hash; the next entry's link still exposes it.
        await using (var db = factory.NewDb())
        {
            var entry = await db.AuditEntries.SingleAsync(a => a.Sequence == 20);
            entry.Actor = "mallory@evil.example";
            entry.Hash = AuditHasher.ComputeHash(entry);
            await ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Actor\" = 'mallory@evil.example', \"Hash\" = '{entry.Hash}' WHERE \"Sequence\" = 20");
        }
        Assert.Equal(21, (await VerifyAsync()).FirstBrokenSequence);
    }

    [Fact]
    public async Task Save_WithoutActor_FailsAndWritesNothing()
    {
        await using var db = factory.NewDb();
        var before = await db.AiSystems.CountAsync();
        db.AiSystems.Add(new AiSystem { Key = "no-actor", Name = "x", Owner = "x", BusinessUnit = "x", IntendedPurpose = "x" });
        await Assert.ThrowsAsync<AuditException>(() => db.SaveChangesAsync());
        await using var check = factory.NewDb();
        Assert.Equal(before, await check.AiSystems.CountAsync());
    }

    [Fact]
    public async Task Register_WhenAuditTableRejectsInserts_ChangeIsRolledBack()
    {
        await ExecuteSqlAsync(TestDatabase.IsPostgres
            ? """
              CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$;
              CREATE TRIGGER audit_down BEFORE INSERT ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION audit_down();
              """
            : "CREATE TRIGGER audit_down BEFORE INSERT ON AuditEntries BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END;");
        var registry = factory.Get<ModelRegistryService>();

        await Assert.ThrowsAsync<DbUpdateException>(() => registry.RegisterVersionAsync(PortalFactory.Scientist,
            new("fail-closed-model", "1.0.0", "onnx", "s3://x/model.onnx", Sha.Of("fail-closed"))));

        await using var db = factory.NewDb();
        Assert.False(await db.Models.AnyAsync(m => m.Name == "fail-closed-model"));
    }

    [Fact]
    public async Task Register_ConcurrentWriters_AllLandAndChainStaysLinear()
    {
        var tasks = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            factory.Get<ModelRegistryService>().RegisterVersionAsync(PortalFactory.Scientist,
                new($"concurrent-{i}", "1.0.0", "onnx", $"s3://x/{i}", Sha.Of($"concurrent-{i}")))));
        var results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        var verification = await VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
        await using var db = factory.NewDb();
        Assert.Equal(16, await db.AuditEntries.CountAsync(a => a.Action == "ModelVersion.Created" && a.After!.Contains("s3://x/")));
    }
}
