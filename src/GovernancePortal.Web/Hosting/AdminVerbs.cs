using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Identity;
using GovernancePortal.Core.Seeding;

namespace GovernancePortal.Web.Hosting;

/// <summary>
/// Operator verbs on the same program and configuration as the portal. Plain text out, exit code 0 on
/// success, 1 on a failed check, 2 on bad usage.
/// </summary>
public static class AdminVerbs
{
    public const string Usage =
        "usage: GovernancePortal.Web [--urls URL] [--seed-demo]\n" +
        "       GovernancePortal.Web create-user --email E --role R [--name N] --password-stdin\n" +
        "       GovernancePortal.Web create-token --name N --owner EMAIL --scopes s1,s2 [--days D] [--purpose P]\n" +
        "       GovernancePortal.Web verify-audit [--expect-head SEQUENCE:HASH] [--checkpoints FILE [--keys FILE]]\n" +
        "       GovernancePortal.Web migrate\n" +
        "       GovernancePortal.Web seed-demo | generate-data --model-versions N [--endpoints N]\n" +
        "       GovernancePortal.Web generate-samples [--out DIR]";

    public static async Task<int> RunAsync(WebApplication app, CommandLine command, TextWriter? output = null, TextReader? input = null)
    {
        var stdout = output ?? Console.Out;
        // Writes files only: no database needed.
        if (command.Verb == "generate-samples") return await GenerateSamplesAsync(command, stdout);
        try
        {
            // verify-audit only reads: preparing the database (migrations, a key import, default policies) could append to
            // the very chain it is asked to check, and a verifier must never change what it verifies.
            if (command.Verb != "verify-audit") await app.PrepareDatabaseAsync(seedDemo: false);
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            return command.Verb switch
            {
                // PrepareDatabaseAsync above did the work; an upgrade runs this once before rolling out new instances.
                "migrate" => await WriteAsync(stdout, "Database migrated: " + string.Join(", ",
                    (await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetAppliedMigrationsAsync(
                        services.GetRequiredService<Core.Data.GovernanceDbContext>().Database)).TakeLast(1)) + " is the latest applied."),
                "create-user" => await CreateUserAsync(services, command, input ?? Console.In, stdout),
                "seed-demo" => await WriteAsync(stdout, await services.GetRequiredService<DemoSeeder>().SeedAsync(DatabaseSetup.DemoPassword(app))),
                "generate-data" => await GenerateAsync(services, command, stdout),
                "verify-audit" => await VerifyAuditVerb.RunAsync(services, command, stdout),
                "create-token" => await CreateTokenAsync(services, command, stdout),
                _ => throw new ArgumentException($"Unknown verb {command.Verb}."),
            };
        }
        catch (ArgumentException ex)
        {
            await stdout.WriteLineAsync("error: " + ex.Message);
            await stdout.WriteLineAsync(Usage);
            return 2;
        }
        catch (Exception ex) when (ex is InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            await stdout.WriteLineAsync("error: " + ex.Message);
            return 1;
        }
    }

    /// <summary>
    /// Writes the demo's sample prediction files (DemoSamples); by default into the source tree of the repository the
    /// command runs in (dotnet run starts in the project folder, so the root is searched upwards).
    /// </summary>
    private static async Task<int> GenerateSamplesAsync(CommandLine command, TextWriter stdout)
    {
        var samples = Path.Combine("src", "GovernancePortal.Core", "Seeding");
        var root = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (root is not null && !Directory.Exists(Path.Combine(root.FullName, samples))) root = root.Parent;
        if (!command.Options.TryGetValue("out", out var directory))
        {
            if (root is null) throw new ArgumentException("run it inside the repository, or give --out DIR.");
            directory = Path.Combine(root.FullName, samples, "Samples");
        }
        try
        {
            foreach (var path in DemoSamples.WriteAll(directory)) await stdout.WriteLineAsync(path);
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stdout.WriteLineAsync($"error: cannot write to {directory}: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> WriteAsync(TextWriter stdout, string message)
    {
        await stdout.WriteLineAsync(message);
        return 0;
    }

    private static async Task<int> CreateUserAsync(IServiceProvider services, CommandLine command, TextReader input, TextWriter stdout)
    {
        var email = command.Require("email");
        var role = command.Require("role");
        if (!command.Options.ContainsKey("password-stdin"))
            throw new ArgumentException("create-user reads the password from standard input: pass --password-stdin (never on the command line).");
        var password = (await input.ReadLineAsync())?.TrimEnd('\r', '\n') ?? "";
        var name = command.Options.GetValueOrDefault("name") ?? email.Split('@')[0];
        var result = await services.GetRequiredService<UserAdminService>()
            .CreateAsync(Caller.System("create-user"), email, name, password, [role]);
        if (!result.Succeeded)
        {
            await stdout.WriteLineAsync("error: " + result.Error!.Message);
            return 1;
        }
        return await WriteAsync(stdout, $"Created {email} with role {role}.");
    }

    private static async Task<int> GenerateAsync(IServiceProvider services, CommandLine command, TextWriter stdout)
    {
        if (!int.TryParse(command.Require("model-versions"), out var count) || count < 1 || count > 10_000_000)
            throw new ArgumentException("--model-versions must be a whole number from 1 to 10,000,000.");
        var endpoints = 0;
        if (command.Options.TryGetValue("endpoints", out var e) && (!int.TryParse(e, out endpoints) || endpoints < 0 || endpoints > 1_000_000))
            throw new ArgumentException("--endpoints must be a whole number from 0 to 1,000,000.");
        var report = await services.GetRequiredService<DataGenerator>()
            .GenerateAsync(count, Actor.System("generate-data"), new SynchronousProgress(stdout), endpoints: endpoints);
        return await WriteAsync(stdout, $"Generated {report.ModelVersions:N0} model versions, {report.Runs:N0} runs, {report.Evaluations:N0} evaluations, {report.Edges:N0} lineage edges, {report.Endpoints:N0} endpoints, {report.Cards:N0} AI Cards, {report.Promotions:N0} approved promotions with 3 signatures each in {report.Elapsed.TotalSeconds:F1} s.");
    }

    /// <summary>Prints the new token alone on the last line, so CI bootstrap scripts can take it with tail -n 1.</summary>
    private static async Task<int> CreateTokenAsync(IServiceProvider services, CommandLine command, TextWriter stdout)
    {
        var days = ServiceIdentityService.DefaultDays;
        if (command.Options.TryGetValue("days", out var d) && !int.TryParse(d, out days))
            throw new ArgumentException("--days must be a whole number.");
        var scopes = command.Require("scopes").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var identities = services.GetRequiredService<ServiceIdentityService>();
        // The owner is an account, found the way sign-in finds it (normalized e-mail), never stored as typed.
        if (await identities.FindOwnerByEmailAsync(command.Require("owner")) is not { } owner)
        {
            await stdout.WriteLineAsync($"error: no user account has the e-mail '{command.Require("owner")}'; create the user first (create-user).");
            return 1;
        }
        var result = await identities.CreateAsync(Caller.System("create-token"),
            command.Require("name"), owner.UserId, command.Options.GetValueOrDefault("purpose") ?? "", scopes, days);
        if (!result.Succeeded)
        {
            await stdout.WriteLineAsync("error: " + result.Error!.Message);
            return 1;
        }
        await stdout.WriteLineAsync($"Created service identity {command.Require("name")} (scopes {string.Join(",", scopes)}), expires {result.Value!.ExpiresAt:yyyy-MM-dd}. The token is shown once:");
        await stdout.WriteLineAsync(result.Value.Token);
        return 0;
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; a CLI wants lines in order, as they happen.</summary>
    private sealed class SynchronousProgress(TextWriter stdout) : IProgress<string>
    {
        public void Report(string value) => stdout.WriteLine(value);
    }
}
