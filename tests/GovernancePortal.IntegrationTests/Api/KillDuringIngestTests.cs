using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace GovernancePortal.IntegrationTests.Api;

/// <summary>
/// The portal is killed (SIGKILL) in the middle of OpenLineage ingest: every acknowledged event must be stored and the
/// audit chain must verify afterwards. Once on a SQLite file, once on a PostgreSQL cluster of the test's own.
/// </summary>
public class KillDuringIngestTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"gp-kill-{Guid.NewGuid():N}");
    private string ConnectionString { get; set; } = "";
    private bool postgres;

    private Process Start(string args, bool input = false)
    {
        var start = new ProcessStartInfo("dotnet", $"GovernancePortal.Web.dll {args}")
        {
            WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input,
        };
        start.Environment["ConnectionStrings__Governance"] = ConnectionString;
        start.Environment["Database__Provider"] = postgres ? "Postgres" : "Sqlite";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return Process.Start(start)!;
    }

    /// <summary>The overall limit for each wait; generous because the machine may be busy, never a fixed sleep.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // SQLite only: kills a portal process writing a SQLite file and reopens the file.
    [Fact, Trait(Infrastructure.TestDatabase.Trait, Infrastructure.TestDatabase.SqliteOnly)]
    public async Task Kill9DuringIngest_EveryAcknowledgedEventIsStored()
    {
        Directory.CreateDirectory(dir);
        ConnectionString = $"Data Source={Path.Combine(dir, "governance.db")}";
        await KillDuringIngestAsync();
    }

    // Its own PostgreSQL cluster (test.sh's PostgreSQL run has the binaries); left out of the SQLite run.
    [Fact, Trait(Infrastructure.TestDatabase.Trait, "PostgresOnly")]
    public async Task Kill9DuringIngest_OnPostgres_EveryAcknowledgedEventIsStored()
    {
        Directory.CreateDirectory(dir);
        await using var cluster = await Infrastructure.OwnPostgresCluster.StartNewAsync();
        (ConnectionString, postgres) = (cluster.ConnectionString, true);
        await KillDuringIngestAsync();
    }

    private async Task KillDuringIngestAsync()
    {
        // A token's owner is an account: create the person first.
        using (var user = Start("create-user --email ops@bank.example --role DataScientist --password-stdin", input: true))
        {
            await user.StandardInput.WriteLineAsync("Granite-Meadow-Compass-7");
            user.StandardInput.Close();
            await user.WaitForExitAsync();
            Assert.Equal(0, user.ExitCode);
        }
        using var verb = Start("create-token --name killer --owner ops@bank.example --scopes lineage:write");
        var token = (await verb.StandardOutput.ReadToEndAsync()).Trim().Split('\n')[^1].Trim();
        await verb.WaitForExitAsync();
        Assert.StartsWith("gp_", token);

        var port = FreePort();
        using var server = Start($"--urls http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // Conditions, not fixed times: a busy 2-core machine may take a minute to start the host.
        var starting = Stopwatch.StartNew();
        while (!await ReadyAsync(http))
        {
            Assert.True(starting.Elapsed < Patience, $"the portal did not answer /health within {Patience}");
            await Task.Delay(200);
        }

        var acked = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var runs = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
                var body = new JsonArray(runs.Select(r => (JsonNode)new JsonObject
                {
                    ["eventType"] = "COMPLETE", ["eventTime"] = DateTime.UtcNow.ToString("O"),
                    ["run"] = new JsonObject { ["runId"] = r.ToString() }, ["job"] = new JsonObject { ["namespace"] = "kill", ["name"] = "job" },
                    ["inputs"] = new JsonArray(new JsonObject { ["namespace"] = "s3://kill", ["name"] = $"t{w}" }),
                }).ToArray());
                try
                {
                    using var response = await http.PostAsync("/api/v1/lineage", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                    if (response.IsSuccessStatusCode) foreach (var r in runs) acked.Add(r);
                }
                // A request the kill cut off is simply not acknowledged. A connect racing the kill can surface as a bare
                // SocketException (from reading the socket's remote end point), not wrapped in HttpRequestException.
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or SocketException or IOException) { }
            }
        })).ToArray();

        // Kill in the middle of ingest: once a few batches are acknowledged and the senders are still sending.
        var ingesting = Stopwatch.StartNew();
        while (acked.Count <= 200 && ingesting.Elapsed < Patience) await Task.Delay(50);
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
        stop.Cancel();
        await Task.WhenAll(senders);

        Assert.True(acked.Count > 100, $"only {acked.Count} events were acknowledged before the kill");
        var stored = new HashSet<Guid>();
        await using (System.Data.Common.DbConnection connection = postgres ? new Npgsql.NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"RunId\" FROM \"LineageEvents\"";
            await using var reader = await command.ExecuteReaderAsync();
            // Static events have no run. SQLite stores the id as text, PostgreSQL as uuid.
            while (await reader.ReadAsync()) if (!reader.IsDBNull(0)) stored.Add(Guid.Parse(reader.GetValue(0).ToString()!));
        }
        var lost = acked.Where(a => !stored.Contains(a)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acked.Count} acknowledged events were lost");

        // Nothing half-written in the chain: the verb walks every entry and its hashes.
        using var verify = Start("verify-audit");
        var output = await verify.StandardOutput.ReadToEndAsync() + await verify.StandardError.ReadToEndAsync();
        await verify.WaitForExitAsync();
        Assert.True(verify.ExitCode == 0, output);
        Assert.Contains("Audit chain intact", output);
    }

    private static async Task<bool> ReadyAsync(HttpClient http)
    {
        try { return (await http.GetAsync("/health")).IsSuccessStatusCode; }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { return false; }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
