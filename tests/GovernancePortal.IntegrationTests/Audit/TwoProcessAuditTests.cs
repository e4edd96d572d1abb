using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Audit;

/// <summary>
/// Two portal processes on one database serve audited writes at the same time (ADR 0039: appends serialised by an
/// advisory lock on PostgreSQL, by the write lock on SQLite): afterwards the chain verifies with the verb operators run,
/// and its sequences are gap-free with both processes' entries interleaved.
/// </summary>
public class TwoProcessAuditTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();
    private readonly List<Process> processes = [];

    /// <summary>The overall limit for each wait; generous because the machine may be busy, never a fixed sleep.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }

    public async Task DisposeAsync()
    {
        foreach (var p in processes)
        {
            if (!p.HasExited) { p.Kill(entireProcessTree: true); await p.WaitForExitAsync(); }
            p.Dispose();
        }
        await factory.DisposeAsync();
    }

    private Process Start(string args, StringBuilder? output = null)
    {
        var start = new ProcessStartInfo("dotnet", $"GovernancePortal.Web.dll {args}")
        {
            WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Governance"] = factory.ConnectionString;
        start.Environment["Database__Provider"] = TestDatabase.Provider.ToString();
        // The host's content root, so every process reads the same key ring as the factory that seeded the database.
        start.Environment["ASPNETCORE_CONTENTROOT"] = factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.IWebHostEnvironment>().ContentRootPath;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in PortalFactory.TestFriendlyLimits) start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start)!;
        processes.Add(process);
        // Drain the pipes so a chatty process never blocks on a full buffer; keep what the caller wants to read.
        process.OutputDataReceived += (_, e) => { if (output is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (output is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<(HttpClient Http, string Actor)> InstanceAsync(string tag)
    {
        var name = $"twin-{tag}-{Guid.NewGuid():N}"[..24];
        var token = (await factory.Get<ServiceIdentityService>().CreateAsync(Caller.System("test"), name, ApiClient.Owner, "two-process audit test", [Scopes.LineageWrite])).Value!;
        var port = FreePort();
        Start($"--urls http://127.0.0.1:{port}");
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return (http, name);
    }

    private static async Task WaitReadyAsync(HttpClient http)
    {
        var starting = Stopwatch.StartNew();
        while (true)
        {
            try { if ((await http.GetAsync("/health")).IsSuccessStatusCode) return; }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            Assert.True(starting.Elapsed < Patience, $"{http.BaseAddress} did not answer /health within {Patience}");
            await Task.Delay(200);
        }
    }

    /// <summary>One request, audited in its writer commit: an event of a fresh run (so nothing is a duplicate).</summary>
    private static StringContent OneEvent() => new(new JsonObject
    {
        ["eventType"] = "COMPLETE", ["eventTime"] = DateTime.UtcNow.ToString("O"),
        ["run"] = new JsonObject { ["runId"] = Guid.NewGuid().ToString() }, ["job"] = new JsonObject { ["namespace"] = "twin", ["name"] = "audit" },
        ["inputs"] = new JsonArray(new JsonObject { ["namespace"] = "s3://twin", ["name"] = "audit.input" }),
    }.ToJsonString(), Encoding.UTF8, "application/json");

    [Fact]
    public async Task TwoProcessesWritingAtOnce_ChainVerifiesAndSequencesAreGapFree()
    {
        var instances = new[] { await InstanceAsync("a"), await InstanceAsync("b") };
        foreach (var (http, _) in instances) await WaitReadyAsync(http);

        const int Minimum = 30;
        var acked = new int[2];
        // Acknowledged after the other process's first acknowledgement was seen: proof the two wrote side by side.
        var overlapping = new int[2];
        var writing = Stopwatch.StartNew();
        var senders = Enumerable.Range(0, 2).SelectMany(i => Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var other = 1 - i;
            while (Volatile.Read(ref acked[i]) < Minimum || Volatile.Read(ref acked[other]) < Minimum || Volatile.Read(ref overlapping[i]) < 5)
            {
                Assert.True(writing.Elapsed < Patience, $"the two processes acknowledged {acked[0]} and {acked[1]} writes within {Patience}");
                var otherStarted = Volatile.Read(ref acked[other]) > 0;
                using var response = await instances[i].Http.PostAsync("/api/v1/lineage", OneEvent());
                Assert.True(response.IsSuccessStatusCode, $"{instances[i].Http.BaseAddress}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Interlocked.Increment(ref acked[i]);
                if (otherStarted) Interlocked.Increment(ref overlapping[i]);
            }
        }))).ToArray();
        await Task.WhenAll(senders);
        foreach (var p in processes) { p.Kill(entireProcessTree: true); await p.WaitForExitAsync(); }

        var output = new StringBuilder();
        var verify = Start("verify-audit", output);
        await verify.WaitForExitAsync();
        lock (output) Assert.True(verify.ExitCode == 0, output.ToString());
        lock (output) Assert.Contains("Audit chain intact", output.ToString());

        await using var db = factory.NewDb();
        var sequences = await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(s => (long)s), sequences);
        var actors = instances.Select(x => x.Actor).ToList();
        var entries = await db.AuditEntries.Where(e => actors.Contains(e.Actor)).OrderBy(e => e.Sequence).Select(e => new { e.Actor, e.After }).ToListAsync();
        var ours = entries.Select(e => e.Actor).ToList();
        // One entry per writer commit; requests of one sender that arrived together share it (ADR 0082).
        int Requests(string actor) => entries.Where(e => e.Actor == actor).Sum(e => JsonDocument.Parse(e.After!).RootElement.GetProperty("Requests").GetInt32());
        Assert.Equal(acked[0], Requests(actors[0]));
        Assert.Equal(acked[1], Requests(actors[1]));
        // Interleaved: each process wrote entries after the other's first one.
        Assert.Contains(actors[0], ours.SkipWhile(a => a != actors[1]));
        Assert.Contains(actors[1], ours.SkipWhile(a => a != actors[0]));
    }
}
