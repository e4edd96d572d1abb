using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Audit.Checkpoints;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Promotions.Attestation;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace GovernancePortal.IntegrationTests.Audit;

/// <summary>Truncation, rewriting and emptying of the chain against signed checkpoints. Each test owns its database.</summary>
public class AuditCheckpointTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly PortalFactory factory;

    public AuditCheckpointTests() => factory = new PortalFactory { Time = clock, ServiceOverrides = AuditTampering.WithoutRegisterRunner };

    public async Task InitializeAsync()
    {
        factory.CreateClient();
        await factory.WaitForStartupCheckpointAsync();
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private Task<AuditVerification> VerifyAsync(params AuditAnchor[] anchors) => factory.Get<AuditChainVerifier>().VerifyAsync(anchors);
    private Task<CheckpointRow> CheckpointAsync() => factory.Get<AuditCheckpointService>().WriteAsync(CheckpointReason.Scheduled);

    [Fact]
    public async Task Verify_Last50RowsDeleted_StoredCheckpointShowsTruncation()
    {
        var checkpoint = await CheckpointAsync();
        await factory.ExecuteSqlAsync(AuditTampering.DeleteLast50Through(checkpoint.Sequence));

        var result = await VerifyAsync();

        Assert.Equal(AuditBreak.Truncated, result.Break);
        Assert.Equal(checkpoint.Sequence - 49, result.FirstBrokenSequence);
        Assert.Contains($"recorded entry #{checkpoint.Sequence}", result.Problem);
    }

    [Fact]
    public async Task Verify_Last50RowsAndStoredCheckpointsDeleted_OnlyAnExternalHeadShowsIt()
    {
        var checkpoint = await CheckpointAsync();
        await factory.ExecuteSqlAsync(AuditTampering.DeleteLast50Through(checkpoint.Sequence) + ";" + AuditTampering.DeleteStoredCheckpoints);

        // What the ADR admits: with every copy inside the database gone, the chain alone looks intact...
        Assert.True((await VerifyAsync()).Intact);
        // ...and the head kept elsewhere exposes the cut.
        var result = await VerifyAsync(new AuditAnchor(checkpoint.Sequence, checkpoint.HeadHash, "the auditor's copy"));
        Assert.Equal(AuditBreak.Truncated, result.Break);
        Assert.Contains("the auditor's copy", result.Problem);
    }

    [Fact]
    public async Task Verify_AllRowsDeleted_WithGovernedData_FailsAsEmptied()
    {
        await factory.ExecuteSqlAsync(AuditTampering.EmptyChainAndCheckpoints);

        var result = await VerifyAsync();

        await using (var db = factory.NewDb())
            Assert.False(result.Intact, "Entries written after the deletion: " +
                string.Join("; ", await db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).Select(a => $"#{a.Sequence} {a.Action} by {a.Actor}").ToListAsync()));
        Assert.Equal(AuditBreak.Emptied, result.Break);
        Assert.Contains("Models", result.Problem);
    }

    [Fact]
    public async Task Append_AfterAllRowsDeleted_IsRefused_NothingIsStored_AndTheChainStaysEmptied()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite);
        var run = Guid.NewGuid();
        await factory.ExecuteSqlAsync(AuditTampering.EmptyChainAndCheckpoints);

        // A tracked save (every service's path): refused before anything is written.
        await using (var db = factory.NewDb())
        {
            db.Actor = Actor.System("test");
            db.Models.Add(new Core.Domain.Model { Name = "after-the-deletion", Owner = "test@bank.example" });
            var refused = await Assert.ThrowsAsync<AuditChainEmptiedException>(() => db.SaveChangesAsync());
            Assert.Contains("its entries were deleted", refused.Message);
        }
        // The OpenLineage writer (rows inserted past the change tracker): the request fails and stores nothing.
        // It is told why (a 503 with its own problem type, ADR 0083), not given a generic 500.
        var ingest = await client.PostAsync("/api/v1/lineage", RunEvents.Complete(run, "after-the-deletion").Body());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ingest.StatusCode);
        Assert.Equal("application/problem+json", ingest.Content.Headers.ContentType?.MediaType);
        var problem = await ingest.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:governanceportal:problem:audit-chain-emptied", problem.GetProperty("type").GetString());
        Assert.Contains("its entries were deleted", problem.GetProperty("detail").GetString());
        Assert.False(ingest.Headers.Contains("Retry-After"));
        // A sign-in is recorded, so it is refused too, with a page that says why (not the generic error page).
        var signIn = await LoginClient.PostLoginAsync(factory.CreateClient(new() { AllowAutoRedirect = false }), "risk@demo.local", PortalFactory.Password);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
        var refusedPage = await signIn.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"audit-chain-emptied\"", refusedPage);
        Assert.DoesNotContain("http-equiv=\"refresh\"", refusedPage);
        Assert.DoesNotContain(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("gp.auth=", StringComparison.Ordinal));
        // A wrong password is recorded too and gets the same answer: the refusal tells nothing about the credentials.
        var wrong = await LoginClient.PostLoginAsync(factory.CreateClient(new() { AllowAutoRedirect = false }), "risk@demo.local", "not-the-password-1A");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, wrong.StatusCode);
        Assert.Contains("data-testid=\"audit-chain-emptied\"", await wrong.Content.ReadAsStringAsync());

        await using (var db = factory.NewDb())
        {
            Assert.False(await db.Models.AnyAsync(m => m.Name == "after-the-deletion"));
            Assert.False(await db.TrainingRuns.AnyAsync(r => r.Id == run));
            Assert.Equal(0, await db.AuditEntries.CountAsync());
        }
        // Without the refusal the next write would restart the chain at #1 and the deletion would verify as intact.
        Assert.Equal(AuditBreak.Emptied, (await VerifyAsync()).Break);
    }

    [Fact]
    public async Task Verify_HeadRewrittenWithValidHashes_ExternalHeadSaysRewritten()
    {
        var checkpoint = await CheckpointAsync();
        // A careful forger rewrites the checkpointed entry and recomputes its hash and every later one (background work,
        // e.g. the findings engine's first pass, may append after the checkpoint): the chain is internally consistent.
        // An append racing the forgery links to a hash the forger then replaces: forge again until the chain is whole.
        await ForgeFromAsync(checkpoint.Sequence);
        for (var attempt = 0; attempt < 5 && !(await VerifyAsync()).Intact; attempt++) await ForgeFromAsync(checkpoint.Sequence);
        Assert.True((await VerifyAsync()).Intact);

        var result = await VerifyAsync(new AuditAnchor(checkpoint.Sequence, checkpoint.HeadHash, "--expect-head"));

        Assert.Equal(AuditBreak.Rewritten, result.Break);
        Assert.Equal(checkpoint.Sequence, result.FirstBrokenSequence);
    }

    /// <summary>Rewrites the actor of entry <paramref name="sequence"/> and re-links every entry after it with valid hashes.</summary>
    private async Task ForgeFromAsync(long sequence)
    {
        await using var db = factory.NewDb();
        var tail = await db.AuditEntries.AsNoTracking().Where(a => a.Sequence >= sequence).OrderBy(a => a.Sequence).ToListAsync();
        var sql = new StringBuilder();
        string? previous = null;
        foreach (var entry in tail)
        {
            if (previous is not null) entry.PreviousHash = previous;
            if (entry.Sequence == sequence) entry.Actor = "mallory@evil.example";
            entry.Hash = AuditHasher.ComputeHash(entry);
            previous = entry.Hash;
            sql.Append($"UPDATE \"AuditEntries\" SET \"Actor\" = '{entry.Actor.Replace("'", "''")}', \"PreviousHash\" = '{entry.PreviousHash}', ")
                .Append($"\"Hash\" = '{entry.Hash}' WHERE \"Sequence\" = {entry.Sequence};");
        }
        await factory.ExecuteSqlAsync(sql + AuditTampering.DeleteStoredCheckpoints);
    }

    [Fact]
    public async Task Checkpoint_FromTheApi_VerifiesWithThePublicKeyAlone()
    {
        var written = await CheckpointAsync();
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/audit/checkpoints");
        var newest = list.GetProperty("items")[0];
        var envelope = newest.GetProperty("envelope").Deserialize<DsseEnvelope>()!;
        var keys = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/attestation-keys");
        var pem = keys.EnumerateArray().Single(k => k.GetProperty("keyId").GetString() == envelope.Signatures[0].KeyId).GetProperty("pem").GetString();

        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(pem);
        Assert.True(Dsse.Verify(envelope, publicKey, envelope.Signatures[0].KeyId));
        Assert.Equal(CheckpointStatement.PayloadType, envelope.PayloadType);
        var statement = JsonDocument.Parse(Convert.FromBase64String(envelope.Payload)).RootElement;
        Assert.Equal(written.Sequence, statement.GetProperty("sequence").GetInt64());
        Assert.Equal(written.HeadHash, statement.GetProperty("headHash").GetString());
        Assert.Equal(written.Sequence, newest.GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Checkpoint_PayloadAltered_IsRefused()
    {
        var written = await CheckpointAsync();
        var keys = await factory.Get<AttestationKeyService>().PublicKeysAsync();
        Assert.True(CheckpointVerifier.Verify(written.Envelope, keys).Valid);

        var forged = CheckpointStatement.Of(written.Sequence - 50, new string('a', 64), DateTime.UtcNow);
        var tampered = written.Envelope with { Payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(forged))) };

        var check = CheckpointVerifier.Verify(tampered, keys);
        Assert.False(check.Valid);
        Assert.Contains("signature does not verify", check.Problem);
    }

    [Fact]
    public async Task Checkpoint_StoredRowAltered_VerificationFails()
    {
        var written = await CheckpointAsync();
        await factory.ExecuteSqlAsync($"UPDATE \"AuditCheckpoints\" SET \"Sequence\" = {written.Sequence - 50} WHERE \"Sequence\" = {written.Sequence}");

        var result = await VerifyAsync();

        Assert.Equal(AuditBreak.CheckpointInvalid, result.Break);
        Assert.Contains("not genuine", result.Problem);
    }

    [Fact]
    public async Task Scheduler_IntervalElapses_SignsACheckpointOfTheCurrentHead()
    {
        await using (var db = factory.NewDb())
            Assert.False(await db.AuditCheckpoints.AnyAsync(c => c.Reason == CheckpointReason.Scheduled));

        clock.Advance(TimeSpan.FromHours(1));

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        AuditCheckpoint? scheduled = null;
        while (scheduled is null)
        {
            await using var db = factory.NewDb();
            scheduled = await db.AuditCheckpoints.FirstOrDefaultAsync(c => c.Reason == CheckpointReason.Scheduled, timeout.Token);
            if (scheduled is null) await Task.Delay(50, timeout.Token);
        }
        Assert.True(scheduled.Sequence >= 1);
        Assert.True(CheckpointVerifier.Verify(JsonSerializer.Deserialize<DsseEnvelope>(scheduled.Envelope),
            await factory.Get<AttestationKeyService>().PublicKeysAsync()).Valid);
    }

    [Fact]
    public async Task Api_Checkpoints_NeedsATokenAndExplainsBadPaging()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/api/v1/audit/checkpoints")).StatusCode);
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);

        var response = await client.GetAsync("/api/v1/audit/checkpoints?pageSize=5000");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("pageSize", await response.Content.ReadAsStringAsync());
        // Documented in the OpenAPI document pipelines generate clients from.
        var openApi = await factory.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/audit/checkpoints", openApi);
        Assert.Contains("ListAuditCheckpoints", openApi);
    }
}
