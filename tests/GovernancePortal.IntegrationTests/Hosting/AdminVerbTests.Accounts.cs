using System.Diagnostics;
using GovernancePortal.Core.Audit.Checkpoints;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Hosting;

/// <summary>The account verbs: create-user and create-token.</summary>
public partial class AdminVerbTests
{
    [Fact]
    public async Task CreateUser_PasswordFromStdin_CreatesUserWithRole()
    {
        var (code, output) = await RunAsync("create-user --email ops@bank.example --role PlatformReviewer --password-stdin", "Granite-Meadow-Compass-7");
        Assert.True(code == 0, output);
        await using var db = factory.NewDb();
        var user = await db.Users.SingleAsync(u => u.Email == "ops@bank.example");
        var role = await db.Roles.SingleAsync(r => r.Name == "PlatformReviewer");
        Assert.True(await db.UserRoles.AnyAsync(ur => ur.UserId == user.Id && ur.RoleId == role.Id));
    }

    [Fact]
    public async Task CreateToken_OwnerInAnotherCase_ResolvesToTheAccountById()
    {
        var (code, output) = await RunAsync("create-token --name case-test --owner Risk@Demo.Local --scopes promotions:request,read");
        Assert.True(code == 0, output);
        Assert.StartsWith("gp_", output.Trim().Split('\n')[^1].Trim());
        await using var db = factory.NewDb();
        var identity = await db.ServiceIdentities.SingleAsync(i => i.Name == "case-test");
        Assert.Equal(GovernancePortal.Core.Seeding.DemoUsers.IdOf("risk@demo.local"), identity.OwnerId);
        Assert.Equal("risk@demo.local", identity.Owner);
    }

    [Fact]
    public async Task CreateToken_UnknownOwner_ExitsNonZeroAndCreatesNothing()
    {
        var (code, output) = await RunAsync("create-token --name ghost-test --owner nobody@demo.local --scopes read");
        Assert.Equal(1, code);
        Assert.Contains("no user account has the e-mail", output);
        await using var db = factory.NewDb();
        Assert.False(await db.ServiceIdentities.AnyAsync(i => i.Name == "ghost-test"));
    }

    [Fact]
    public async Task CreateUser_UnknownRole_ExitsNonZeroWithMessage()
    {
        var (code, output) = await RunAsync("create-user --email x@bank.example --role Superuser --password-stdin", "Granite-Meadow-Compass-7");
        Assert.Equal(1, code);
        Assert.Contains("'Superuser' is not a role", output);
    }

    [Fact]
    public async Task CreateUser_WithoutPasswordStdin_ExitsWithUsage()
    {
        var (code, output) = await RunAsync("create-user --email x@bank.example --role Admin");
        Assert.Equal(2, code);
        Assert.Contains("--password-stdin", output);
    }

    [Fact]
    public async Task GenerateData_SmallBatch_AddsVersionsWithLineageAndKeepsChainIntact()
    {
        await using var before = factory.NewDb();
        var versions = await before.ModelVersions.CountAsync();

        var (code, output) = await RunAsync("generate-data --model-versions 1000");

        Assert.True(code == 0, output);
        Assert.Contains("Generated 1,000 model versions", output);
        await using var db = factory.NewDb();
        Assert.Equal(versions + 1000, await db.ModelVersions.CountAsync());
        // 10 versions per model: each run consumes 2 datasets and the previous version; 4 evaluations with 2 edges each.
        Assert.True(await db.LineageEdges.CountAsync(e => e.Kind == GovernancePortal.Core.Domain.EdgeKind.Produced) >= 1000);
        var (verifyCode, verifyOutput) = await RunAsync("verify-audit");
        Assert.True(verifyCode == 0, verifyOutput);
    }
}

public class CommandLineTests
{
    [Fact]
    public void Parse_MistypedVerb_IsAnErrorNotAPortalStart() =>
        Assert.Throws<ArgumentException>(() => GovernancePortal.Web.Hosting.CommandLine.Parse(["verify-audti"]));

    [Fact]
    public void Parse_SeedDemoFlag_IsRemovedFromHostArguments()
    {
        var command = GovernancePortal.Web.Hosting.CommandLine.Parse(["--urls", "http://localhost:5005", "--seed-demo"]);
        Assert.True(command.SeedDemo);
        Assert.Null(command.Verb);
        Assert.Equal(["--urls", "http://localhost:5005"], command.HostArgs);
    }

    [Fact]
    public void Parse_VerbOptions_AreSeparatedFromConfigurationOverrides()
    {
        var command = GovernancePortal.Web.Hosting.CommandLine.Parse(["generate-data", "--model-versions", "10", "--ConnectionStrings:Governance", "Data Source=x.db"]);
        Assert.Equal("generate-data", command.Verb);
        Assert.Equal("10", command.Require("model-versions"));
        Assert.Equal(["--ConnectionStrings:Governance", "Data Source=x.db"], command.HostArgs);
    }
}
