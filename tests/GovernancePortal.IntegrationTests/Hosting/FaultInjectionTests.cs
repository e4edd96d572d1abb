using System.Diagnostics;

namespace GovernancePortal.IntegrationTests.Hosting;

/// <summary>
/// The test-only fail point <c>Faults:KillAt</c> (docs/configuration.md) can never arm itself on an instance people
/// use: the program refuses to start with it outside Development, and refuses a value it does not know.
/// </summary>
public class FaultInjectionTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"gp-faults-{Guid.NewGuid():N}");

    private async Task<(int ExitCode, string Output)> MigrateAsync(string environment, string killAt)
    {
        Directory.CreateDirectory(dir);
        var start = new ProcessStartInfo("dotnet", "GovernancePortal.Web.dll migrate")
        {
            WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Governance"] = $"Data Source={Path.Combine(dir, "governance.db")}";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["Demo__Password"] = "Fault-Test-Harbor-3"; // not the documented default, which is refused first
        start.Environment["Faults__KillAt"] = killAt;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await stdout + await stderr);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task KillAt_OutsideDevelopment_RefusesToStart(string environment)
    {
        var (code, output) = await MigrateAsync(environment, "approval-commit");
        Assert.NotEqual(0, code);
        Assert.Contains("test-only fail point", output);
        Assert.False(File.Exists(Path.Combine(dir, "governance.db")), "the refused program still touched the database");
    }

    [Fact]
    public async Task KillAt_UnknownValue_RefusesToStart_NamingIt()
    {
        var (code, output) = await MigrateAsync("Development", "approval-comit");
        Assert.NotEqual(0, code);
        Assert.Contains("'approval-comit' is unknown", output);
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
