using System.Diagnostics;
using GovernancePortal.Core.Audit.Checkpoints;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Hosting;

/// <summary>The admin verbs run as operators run them: the published program in its own process.</summary>
public partial class AdminVerbTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new() { ServiceOverrides = AuditTampering.WithoutRegisterRunner };

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<(int ExitCode, string Output)> RunAsync(string args, string? stdin = null)
    {
        var start = new ProcessStartInfo("dotnet", $"GovernancePortal.Web.dll {args}")
        {
            WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        start.Environment["ConnectionStrings__Governance"] = factory.ConnectionString;
        start.Environment["Database__Provider"] = TestDatabase.Provider.ToString();
        // No content root is shared: the verb reads the Data Protection keys (and so the attestation key) from the database.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        if (stdin is not null) await process.StandardInput.WriteLineAsync(stdin);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    [Fact]
    public async Task Migrate_ExitsZero_AndNamesTheLatestMigration()
    {
        string last;
        await using (var db = factory.NewDb()) last = (await db.Database.GetAppliedMigrationsAsync()).Last();
        var (code, output) = await RunAsync("migrate");
        Assert.True(code == 0, output);
        Assert.Contains($"Database migrated: {last} is the latest applied.", output);
    }

    [Fact]
    public async Task VerifyAudit_IntactChain_ExitsZero()
    {
        var (code, output) = await RunAsync("verify-audit");
        Assert.True(code == 0, output);
        Assert.Contains("Audit chain intact", output);
    }

    [Fact]
    public async Task VerifyAudit_TamperedRow_ExitsNonZeroAndNamesIt()
    {
        await factory.ExecuteSqlAsync("UPDATE \"AuditEntries\" SET \"Actor\" = 'someone-else' WHERE \"Sequence\" = 42");
        var (code, output) = await RunAsync("verify-audit");
        Assert.Equal(1, code);
        Assert.Contains("first bad entry: 42", output);
    }

    [Fact]
    public async Task VerifyAudit_Last50RowsAndStoredCheckpointsDeleted_ExpectHeadSaysTruncated()
    {
        await factory.WaitForStartupCheckpointAsync();
        var head = await factory.Get<AuditCheckpointService>().WriteAsync(CheckpointReason.Scheduled);
        await factory.ExecuteSqlAsync(AuditTampering.DeleteLast50Through(head.Sequence) + ";" + AuditTampering.DeleteStoredCheckpoints);

        var (code, output) = await RunAsync($"verify-audit --expect-head {head.Sequence}:{head.HeadHash}");

        Assert.True(code == 1, output);
        Assert.Contains("Audit chain TRUNCATED", output);
        Assert.Contains($"first bad entry: {head.Sequence - 49}", output);
    }

    [Fact]
    public async Task VerifyAudit_AllRowsAndStoredCheckpointsDeleted_FailsWithAndWithoutExpectHead()
    {
        await factory.WaitForStartupCheckpointAsync();
        var head = await factory.Get<AuditCheckpointService>().WriteAsync(CheckpointReason.Scheduled);
        await factory.ExecuteSqlAsync(AuditTampering.EmptyChainAndCheckpoints);

        var (code, output) = await RunAsync("verify-audit");
        Assert.True(code == 1, output);
        Assert.Contains("Audit chain EMPTIED", output);

        (code, output) = await RunAsync($"verify-audit --expect-head {head.Sequence}:{head.HeadHash}");
        Assert.True(code == 1, output);
        Assert.Contains("Audit chain TRUNCATED", output);
        Assert.Contains("first bad entry: 1", output);
    }

    [Theory]
    [InlineData(AuditTampering.DeleteLast50, "Audit chain TRUNCATED")]
    [InlineData(AuditTampering.DeleteAll, "Audit chain TRUNCATED")]
    public async Task VerifyAudit_DownloadedCheckpointsFile_DetectsTruncation(string deletion, string expected)
    {
        await factory.WaitForStartupCheckpointAsync();
        await factory.Get<AuditCheckpointService>().WriteAsync(CheckpointReason.Scheduled);
        var file = await DownloadCheckpointsAsync();
        await factory.ExecuteSqlAsync(deletion + ";" + AuditTampering.DeleteStoredCheckpoints);

        var (code, output) = await RunAsync($"verify-audit --checkpoints {file}");

        Assert.True(code == 1, output);
        Assert.Contains(expected, output);
        Assert.Contains("checkpoint 1 of checkpoints.json", output);
    }

    [Fact]
    public async Task VerifyAudit_DownloadedCheckpointsFile_IntactChain_ExitsZero()
    {
        await factory.WaitForStartupCheckpointAsync();
        var file = await DownloadCheckpointsAsync();
        var (code, output) = await RunAsync($"verify-audit --checkpoints {file}");
        Assert.True(code == 0, output);
        Assert.Contains("Audit chain intact", output);
    }

    [Fact]
    public async Task VerifyAudit_CheckpointsFileWithEditedHead_IsRefused()
    {
        await factory.WaitForStartupCheckpointAsync();
        var file = await DownloadCheckpointsAsync();
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        // Someone edits the listed head to match a shortened chain, without being able to re-sign it.
        json["items"]![0]!["sequence"] = 3;
        await File.WriteAllTextAsync(file, json.ToJsonString());

        var (code, output) = await RunAsync($"verify-audit --checkpoints {file}");

        Assert.True(code == 1, output);
        Assert.Contains("is refused", output);
    }

    [Theory]
    [InlineData("--expect-head 12")]
    [InlineData("--expect-head 12:nothex")]
    [InlineData("--checkpoints /nonexistent/checkpoints.json")]
    public async Task VerifyAudit_BadOptions_ExitTwoWithMessage(string options)
    {
        var (code, output) = await RunAsync("verify-audit " + options);
        Assert.True(code == 2, output);
        Assert.Contains("error:", output);
    }

    /// <summary>What an operator keeps: the API's answer saved to a file outside the database.</summary>
    private async Task<string> DownloadCheckpointsAsync()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var path = Path.Combine(Path.GetDirectoryName(factory.DbPath)!, "checkpoints.json");
        await File.WriteAllTextAsync(path, await client.GetStringAsync("/api/v1/audit/checkpoints?pageSize=200"));
        // The read's own audit entry is appended off the request path (ADR 0046): let it land before any tampering.
        await factory.Get<Core.Audit.ApiReadJournal>().FlushAsync();
        return path;
    }
}
