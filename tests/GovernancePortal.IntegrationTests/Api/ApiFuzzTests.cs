using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace GovernancePortal.IntegrationTests.Api;

/// <summary>
/// Issue 10 item 3: every operation of /openapi/v1.json with parameters or a body, fed malformed input
/// (<see cref="FuzzCases"/>), answers 4xx problem+json without leaking the server's insides, and changes no table.
/// The audit chain may grow only by <c>Api.Read</c> entries: reads are audited whatever their outcome (ADR 0007).
/// </summary>
public class ApiFuzzTests(PortalFactory factory, ITestOutputHelper output) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task EveryOperation_MalformedInputs_4xxProblemDetails_NothingStored()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.All.ToArray());
        var document = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var cases = FuzzCases.From(document).ToList();
        var operations = cases.Select(c => c.Name.Split(' ')[0] + " " + c.Name.Split(' ')[1]).Distinct().ToList();
        Assert.True(operations.Count >= 15, "the document should yield cases for every operation with input: " + string.Join(", ", operations));

        // Settle what the first call and the background check would otherwise change mid-test.
        await client.GetAsync("/api/v1/models");
        await factory.Get<GovernancePortal.Core.Features.Findings.Engine.FindingsEngine>().EvaluateAllAsync("test");
        var before = await CountsAsync();
        long lastAudit;
        await using (var db = factory.NewDb()) lastAudit = await db.AuditEntries.MaxAsync(a => a.Sequence);

        var failures = new List<string>();
        var watch = Stopwatch.StartNew();
        foreach (var c in cases)
        {
            using var response = await client.SendAsync(c.ToRequest());
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            if (status is < 400 or >= 500) { failures.Add($"{c.Name} → {status} {Trim(text)}"); continue; }
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") { failures.Add($"{c.Name} → {status} as {response.Content.Headers.ContentType}"); continue; }
            try
            {
                var problem = JsonDocument.Parse(text).RootElement;
                if (problem.GetProperty("status").GetInt32() != status || problem.GetProperty("title").GetString() is not { Length: > 0 })
                    failures.Add($"{c.Name} → problem without title/status: {Trim(text)}");
                ProblemAssert.AssertNoInsides(text, c.Name);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or Xunit.Sdk.XunitException)
            {
                failures.Add($"{c.Name} → {status}: {ex.Message}");
            }
        }
        watch.Stop();
        output.WriteLine($"{cases.Count} malformed requests over {operations.Count} operations in {watch.Elapsed.TotalSeconds:F1} s");

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases broke the contract:\n" + string.Join("\n", failures.Take(60)));
        Assert.Equal(before, await CountsAsync());
        await using var after = factory.NewDb();
        var added = await after.AuditEntries.Where(a => a.Sequence > lastAudit).Select(a => a.Action).Distinct().ToListAsync();
        Assert.All(added, action => Assert.Equal("Api.Read", action));
    }

    /// <summary>
    /// Rows of every table but the audit chain (checked by action above) and the background runners' own logs: the
    /// findings engine records each run (FindingRuns) and the events its findings raise pass through the webhook outbox
    /// (WebhookOutbox, WebhookMessages, WebhookAttempts), and the audit checkpoints are signed on a timer, whatever the requests do.
    /// </summary>
    private async Task<string> CountsAsync()
    {
        await using var connection = await TestDatabase.OpenAsync(factory.ConnectionString);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            const string skipped = "('AuditEntries', 'FindingRuns', 'AuditCheckpoints', 'WebhookOutbox', 'WebhookMessages', 'WebhookAttempts')";
            list.CommandText = TestDatabase.IsPostgres
                ? $"SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN {skipped} ORDER BY 1"
                : $"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN {skipped} ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var counts = new List<string>();
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts.Add($"{table}={await count.ExecuteScalarAsync()}");
        }
        return string.Join(", ", counts);
    }

    private static string Trim(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
