using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Inventory;

public class ModelRegistryServiceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private ModelRegistryService Registry => factory.Get<ModelRegistryService>();

    private async Task<(int Versions, int Audit)> CountsAsync()
    {
        await using var db = factory.NewDb();
        // Entries of people only: the host's background runners (findings, checkpoints) append as system actors at any time.
        return (await db.ModelVersions.CountAsync(), await db.AuditEntries.CountAsync(a => a.ActorKind == GovernancePortal.Core.Audit.ActorKind.User));
    }

    [Fact]
    public async Task RegisterVersion_BadDigest_ClearErrorAndNothingChanges()
    {
        var before = await CountsAsync();
        var result = await Registry.RegisterVersionAsync(PortalFactory.Scientist, new("bad-digest", "1", "onnx", "s3://x", "not-a-digest"));
        var error = Assert.IsType<Error.Validation>(result.Error);
        Assert.Contains("64 hexadecimal", error.Fields["Sha256"]);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task RegisterVersion_DescriptionLongerThanStored_ClearErrorAndNothingChanges()
    {
        // SQLite would keep it whole and PostgreSQL refuse the commit: the service decides, the same on both.
        var before = await CountsAsync();
        var result = await Registry.RegisterVersionAsync(PortalFactory.Scientist, new("long-description", "1", "onnx", "s3://x", new string('a', 64), ModelDescription: new string('d', 4001)));
        var error = Assert.IsType<Error.Validation>(result.Error);
        Assert.Equal("must be at most 4000 characters.", error.Fields["ModelDescription"]);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task RegisterVersion_ComplianceOfficer_Forbidden()
    {
        var before = await CountsAsync();
        var result = await Registry.RegisterVersionAsync(PortalFactory.Compliance, new("by-compliance", "1", "onnx", "s3://x", Sha.Of("c")));
        Assert.IsType<Error.Forbidden>(result.Error);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task RegisterVersion_Valid_StoresNormalisedDigestAndAuditsIt()
    {
        var digest = Sha.Of("valid-model");
        var result = await Registry.RegisterVersionAsync(PortalFactory.Scientist,
            new("valid-model", "2.0.0", "pytorch 2.4", "s3://m/valid", "sha256:" + digest.ToUpperInvariant(), 1234, ["Vision", "vision", " beta "]));

        Assert.True(result.Succeeded, result.Error?.Message);
        await using var db = factory.NewDb();
        var version = await db.ModelVersions.SingleAsync(v => v.Id == result.Value);
        Assert.Equal(digest, version.Sha256);
        Assert.Equal(["beta", "vision"], version.Tags);
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "ModelVersion.Created" && a.EntityId == result.Value.ToString());
        Assert.Equal("scientist@demo.local", audit.Actor);
        Assert.Contains(digest, audit.After);
    }

    [Fact]
    public async Task RegisterVersion_SameVersionTwice_IdempotentForTheSameDigest_ConflictForAnother()
    {
        var cmd = new RegisterModelVersion("twice", "1.0.0", "onnx", "s3://x", Sha.Of("twice"));
        var first = await Registry.RegisterAsync(PortalFactory.Scientist, cmd);
        Assert.True(first.Value!.Created);
        var again = await Registry.RegisterAsync(PortalFactory.Scientist, cmd);
        Assert.Equal(first.Value.Id, again.Value!.Id);
        Assert.False(again.Value.Created);
        Assert.IsType<Error.Conflict>((await Registry.RegisterVersionAsync(PortalFactory.Scientist, cmd with { Sha256 = Sha.Of("other") })).Error);
    }

    [Fact]
    public async Task UpdateVersion_ChangesMetadataAndAuditsBeforeAndAfter()
    {
        var id = (await Registry.RegisterVersionAsync(PortalFactory.Scientist, new("to-edit", "1", "onnx 1.15", "s3://old", Sha.Of("to-edit")))).Value;
        var result = await Registry.UpdateVersionAsync(PortalFactory.Scientist, id, new("onnx 1.16", "s3://new", null, ["edited"]));

        Assert.True(result.Succeeded);
        await using var db = factory.NewDb();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "ModelVersion.Updated" && a.EntityId == id.ToString());
        Assert.Contains("s3://old", audit.Before);
        Assert.Contains("s3://new", audit.After);
    }

    [Fact]
    public async Task SetStage_DataScientist_ForbiddenUntilPromotionGatesExist()
    {
        await using var db = factory.NewDb();
        var version = await db.ModelVersions.FirstAsync();
        var system = await db.AiSystems.FirstAsync();
        var result = await Registry.SetStageAsync(PortalFactory.Scientist, version.Id, system.Id, GovernancePortal.Core.Domain.Stage.Production);
        Assert.IsType<Error.Forbidden>(result.Error);
    }
}
