using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Findings.Engine;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Identity;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Findings;

/// <summary>The engine driven by the register-changed signal: nobody asks for a check in these tests unless it says so.</summary>
public class FindingsEngineTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    /// <summary>Waits for the background runner (on a condition, never a fixed sleep); fails after a generous bound.</summary>
    private Task<Finding> EventuallyAsync(Func<Finding, bool> match) => factory.FindingAsync(match);

    private async Task<Guid> VersionAsync(string model, string version)
    {
        await using var db = factory.NewDb();
        return await db.ModelVersions.Where(v => v.Model!.Name == model && v.Version == version).Select(v => v.Id).SingleAsync();
    }

    [Fact]
    public async Task DeploymentReportedThroughTheApi_WithAnUnapprovedDigest_BecomesACriticalFinding_WithoutAnyoneAsking()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.DeploymentsWrite, Scopes.Read);
        // fraud-gbt 4.3.0 is registered but only approved for Staging: serving it in Production is untracked.
        var sha = (await factory.Get<ModelRegistryService>().FindVersionAsync("fraud-gbt", "4.3.0"))!.Sha256;
        var reported = await api.PostAsJsonAsync("/api/v1/deployments", new
        {
            endpoint = "fraud-canary", environment = "Production", modelName = "fraud-gbt", version = "4.3.0", sha256 = sha, use = "card-fraud-detection",
        });
        Assert.True(reported.IsSuccessStatusCode, await reported.Content.ReadAsStringAsync());

        var finding = await EventuallyAsync(f => f.Rule == FindingRule.UntrackedPromotion && f.EntityName == "fraud-canary (Production)" && f.ResolvedAt == null);
        Assert.Equal(FindingSeverity.Critical, finding.Severity);
        Assert.Equal(FindingSignal.UntrackedPromotion, finding.Signal);

        var page = await api.GetFromJsonAsync<JsonElement>("/api/v1/findings?signal=untracked-promotion&severity=critical&status=open&system=card-fraud-detection&pageSize=50");
        var item = page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == finding.Id);
        Assert.Equal(["id", "signal", "rule", "severity", "status", "entityType", "entityId", "entityName", "title", "firstSeen", "lastSeen"],
            item.EnumerateObject().Select(p => p.Name));
        Assert.Equal("untracked-promotion", item.GetProperty("rule").GetString());
        Assert.Equal("Endpoint", item.GetProperty("entityType").GetString());
        Assert.True(page.GetProperty("total").GetInt32() >= 1);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/findings?severity=urgent")).StatusCode);
    }

    [Fact]
    public async Task IngestBurst_ClosingOneCycle_FlagsOnlyThatCycle()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite);
        static JsonObject Ds(string name) => new() { ["namespace"] = "s3://burst", ["name"] = name };
        static JsonObject Run(Guid run, string input, string output) => new()
        {
            ["eventType"] = "COMPLETE", ["eventTime"] = DateTime.UtcNow.ToString("O"), ["run"] = new JsonObject { ["runId"] = run.ToString() },
            ["job"] = new JsonObject { ["namespace"] = "burst", ["name"] = "job" }, ["inputs"] = new JsonArray(Ds(input)), ["outputs"] = new JsonArray(Ds(output)),
        };
        // Many runs writing new outputs (what the rule's one combined walk clears) and two that close x -> r1 -> y -> r2 -> x.
        var plain = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
        var (r1, r2) = (Guid.NewGuid(), Guid.NewGuid());
        var events = new JsonArray([.. plain.Select(r => (JsonNode)Run(r, "shared", $"out-{r:N}")), Run(r1, "x", "y"), Run(r2, "y", "x")]);
        var response = await api.PostAsync("/api/v1/lineage", new StringContent(events.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        await EventuallyAsync(f => f.Rule == FindingRule.LineageCycle && f.EntityId == r1 && f.ResolvedAt == null);
        await EventuallyAsync(f => f.Rule == FindingRule.LineageCycle && f.EntityId == r2 && f.ResolvedAt == null);
        await using var db = factory.NewDb();
        Assert.False(await db.Findings.AnyAsync(f => f.Rule == FindingRule.LineageCycle && plain.Contains(f.EntityId)));
    }

    [Fact]
    public async Task UiWrite_TriggersTheSameRulesAsAnApiWrite_AndRegistrationIsIdempotentForBoth()
    {
        // The UI calls the registry with a person as the caller; nothing asks for a check.
        var first = await factory.Get<ModelRegistryService>().RegisterVersionAsync(PortalFactory.Scientist, new("ui-orphan", "1.0", "onnx", "s3://o", Sha.Of("ui-orphan")));
        var again = await factory.Get<ModelRegistryService>().RegisterVersionAsync(PortalFactory.Scientist, new("ui-orphan", "1.0", "onnx", "s3://o", Sha.Of("ui-orphan")));
        Assert.Equal(first.Value, again.Value);
        var finding = await EventuallyAsync(f => f.Rule == FindingRule.ModelVersionWithoutRun && f.EntityId == first.Value);
        Assert.Equal("ui-orphan v1.0", finding.EntityName);

        // Another digest for the same version: refused, stored as a conflict record, and raised without a by-hand check.
        var conflict = await factory.Get<ModelRegistryService>().RegisterVersionAsync(PortalFactory.Scientist, new("ui-orphan", "1.0", "onnx", "s3://o", Sha.Of("other")));
        Assert.IsType<Error.Conflict>(conflict.Error);
        await using (var db = factory.NewDb())
            Assert.Equal(Sha.Of("other"), (await db.DigestConflicts.SingleAsync(c => c.ModelVersionId == first.Value)).ReportedSha256);
        await EventuallyAsync(f => f.Rule == FindingRule.DigestConflict && f.EntityId == first.Value);
    }

    [Fact]
    public async Task MissingEvidence_RaisedUnderTheCurrentPolicy_ClearedByFreshEvidence()
    {
        await factory.Get<FindingsEngine>().EvaluateAllAsync("test");
        var version = await VersionAsync("marketing-propensity", "2.1.0");
        await using (var db = factory.NewDb())
        {
            var finding = await db.Findings.SingleAsync(f => f.Rule == FindingRule.MissingEvidence && f.EntityId == version && f.ResolvedAt == null);
            Assert.Contains("Bias evidence", finding.Message);
        }
        var sha = (await factory.Get<ModelRegistryService>().GetVersionAsync(version))!.Sha256;
        var added = await factory.Get<EvaluationService>().RegisterAsync(PortalFactory.Scientist, new(version, EvaluationKind.Bias, DeploymentEnvironment.Staging, null,
            new Dictionary<string, double> { ["demographic_parity_difference"] = 0.01, ["equal_opportunity_difference"] = 0.01, ["disparate_impact_ratio"] = 0.95 },
            true, null, DateTime.UtcNow.AddHours(-1)));
        Assert.True(added.Succeeded, added.Error?.Message);
        var resolved = await EventuallyAsync(f => f.Rule == FindingRule.MissingEvidence && f.EntityId == version && f.ResolvedAt != null);
        Assert.Equal(FindingStatus.Resolved, resolved.Status);
        Assert.Null(resolved.ResolvedBy);
    }

    [Fact]
    public async Task ServiceIdentity_StaleAndOverPrivileged_RaisedThenResolvedOnRevoke()
    {
        var created = (await factory.Get<ServiceIdentityService>().CreateAsync(Caller.System("test"), "nightly-export", GovernancePortal.Core.Seeding.DemoUsers.IdOf("admin@demo.local"), "export", [Scopes.Read, Scopes.ModelsWrite])).Value!;
        await using (var db = factory.NewDb())
        {
            db.Actor = Actor.System("test");
            (await db.ServiceIdentities.SingleAsync(s => s.Id == created.Id)).CreatedAt = DateTime.UtcNow.AddDays(-45);
            await db.SaveChangesAsync();
        }
        await EventuallyAsync(f => f.Rule == FindingRule.ServiceIdentityStale && f.EntityId == created.Id && f.ResolvedAt == null);
        await EventuallyAsync(f => f.Rule == FindingRule.ServiceIdentityOverPrivileged && f.EntityId == created.Id && f.ResolvedAt == null);

        Assert.True((await factory.Get<ServiceIdentityService>().RevokeAsync(PortalFactory.Admin, created.Id)).Succeeded);
        await EventuallyAsync(f => f.Rule == FindingRule.ServiceIdentityStale && f.EntityId == created.Id && f.ResolvedAt != null);
    }

    [Fact]
    public async Task ConcurrentChangesAndEvaluations_NeverDuplicateAFinding()
    {
        var registry = factory.Get<ModelRegistryService>();
        var work = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            await registry.RegisterVersionAsync(PortalFactory.Scientist, new("race", $"1.{i}", "onnx", "s3://r", Sha.Of($"race{i}")));
            await factory.Get<FindingsEngine>().EvaluateAllAsync("test");
        })).ToList();
        await Task.WhenAll(work);
        await factory.Get<FindingsEngine>().EvaluateAllAsync("test");
        await using var db = factory.NewDb();
        var all = await db.Findings.AsNoTracking().ToListAsync();
        Assert.DoesNotContain(all.GroupBy(f => (f.Rule, f.ConditionKey)), g => g.Count() > 1);
        Assert.Equal(6, all.Count(f => f.Rule == FindingRule.ModelVersionWithoutRun && f.EntityName.StartsWith("race v")));
        Assert.True(await db.FindingRuns.AnyAsync(r => r.Full && r.RunBy == "test"));
    }

    [Fact]
    public async Task IncrementalPass_RecordsAFindingRunOnlyWhenItChangedSomething()
    {
        var engine = factory.Get<FindingsEngine>();
        await engine.EvaluateAllAsync("test-runs");
        // A change to an unknown version: nothing to raise or resolve, so no FindingRun row (ADR 0074)...
        await engine.EvaluateAsync(new ChangeSet([new(nameof(ModelVersion), Guid.NewGuid(), ChangeKind.Updated)]), "test-quiet");
        // ...while a pass that raises one is recorded.
        var id = (await factory.Get<ModelRegistryService>().RegisterVersionAsync(PortalFactory.Scientist, new("runs-orphan", "1.0", "onnx", "s3://o", Sha.Of("runs-orphan")))).Value;
        await engine.EvaluateAsync(new ChangeSet([new(nameof(ModelVersion), id, ChangeKind.Created)]), "test-raising");
        await using var db = factory.NewDb();
        Assert.Equal(1, await db.FindingRuns.CountAsync(r => r.RunBy == "test-runs" && r.Full));
        Assert.Equal(0, await db.FindingRuns.CountAsync(r => r.RunBy == "test-quiet"));
        // The background runner may have raised it first (then this pass changed nothing either): either way one record of the raise.
        Assert.True(await db.FindingRuns.AnyAsync(r => (r.RunBy == "test-raising" || r.RunBy == FindingsConsumer.RunnerName) && !r.Full && r.Raised > 0));
        Assert.True(await db.Findings.AnyAsync(f => f.Rule == FindingRule.ModelVersionWithoutRun && f.EntityId == id));
    }

    [Fact]
    public async Task Lifecycle_AcknowledgeResolveReopenSuppress_AuthorizedPerSignal_AndAudited()
    {
        await factory.Get<FindingsEngine>().EvaluateAllAsync("test");
        var findings = factory.Get<FindingsService>();
        var untracked = (await findings.ListAsync(new(FindingSignal.UntrackedPromotion, Status: FindingStatus.Open), 0, 10)).Items.First();
        var platform = new Caller(Actor.User(GovernancePortal.Core.Seeding.DemoUsers.IdOf("platform@demo.local"), "platform@demo.local"), new HashSet<string> { Roles.PlatformReviewer });
        var scientist = PortalFactory.Scientist;

        Assert.IsType<Error.Forbidden>((await findings.AcknowledgeAsync(scientist, [untracked.Id], "seen")).Error);
        Assert.IsType<Error.Forbidden>((await findings.AcknowledgeAsync(Caller.Service("bot", [Scopes.Read]), [untracked.Id], "seen")).Error);
        Assert.IsType<Error.Validation>((await findings.AcknowledgeAsync(platform, [untracked.Id], " ")).Error);
        Assert.Equal(1, (await findings.AcknowledgeAsync(platform, [untracked.Id], "Looking into the canary")).Value);
        Assert.Equal(FindingStatus.Acknowledged, (await findings.GetAsync(untracked.Id))!.Status);

        // Platform may act, not accept the risk; risk may.
        var risk = new Caller(Actor.User(GovernancePortal.Core.Seeding.DemoUsers.IdOf("risk@demo.local"), "risk@demo.local"), new HashSet<string> { Roles.RiskReviewer });
        Assert.IsType<Error.Forbidden>((await findings.SuppressAsync(platform, [untracked.Id], "accepted", DateTime.UtcNow.AddDays(30))).Error);
        Assert.IsType<Error.Validation>((await findings.SuppressAsync(risk, [untracked.Id], "accepted", DateTime.UtcNow.AddDays(-1))).Error);
        Assert.Equal(1, (await findings.SuppressAsync(risk, [untracked.Id], "Accepted until the Q3 release", DateTime.UtcNow.AddDays(30))).Value);

        // Resolved by a person while the condition still holds: the next evaluation reopens the same finding.
        Assert.Equal(1, (await findings.ResolveAsync(risk, [untracked.Id], "Believed fixed")).Value);
        await factory.Get<FindingsEngine>().EvaluateAllAsync("test");
        var reopened = (await findings.GetAsync(untracked.Id))!;
        Assert.Equal(FindingStatus.Open, reopened.Status);
        await using var db = factory.NewDb();
        var actions = await db.AuditEntries.Where(a => a.EntityId == untracked.Id.ToString() && a.Action.StartsWith("Finding.")).Select(a => a.Action).ToListAsync();
        Assert.Contains(AuditActions.FindingAcknowledged, actions);
        Assert.Contains(AuditActions.FindingSuppressed, actions);
        Assert.Contains(AuditActions.FindingResolved, actions);
        Assert.Contains(AuditActions.FindingReopened, actions);
        Assert.Equal(1, await db.Findings.CountAsync(f => f.Rule == untracked.Rule && f.ConditionKey == untracked.ConditionKey));
    }
}
