using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL cluster that one test owns, so it can stop and start the server with pg_ctl without
/// disturbing the shared test server. Needs the PostgreSQL binaries (test.sh installs them for the PostgreSQL run); as
/// root the server runs as the unprivileged <c>postgres</c> user, as test.sh does.
/// </summary>
public sealed class OwnPostgresCluster : IAsyncDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"gp-own-pg-{Guid.NewGuid():N}");
    private readonly int port = FreePort();

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = port, Username = "postgres", Database = "governance", IncludeErrorDetail = true,
        // Fail fast while the server is down: a refused connection is immediate, a timeout must not stall the test.
        Timeout = 5,
    }.ToString();

    private static string Bin => Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
        .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
        ?? throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql (test.sh installs them with GP_TEST_POSTGRES=1).");

    public static async Task<OwnPostgresCluster> StartNewAsync()
    {
        var cluster = new OwnPostgresCluster();
        Directory.CreateDirectory(cluster.dir);
        if (Environment.UserName == "root") await RunAsync("chown", "postgres", cluster.dir);
        await cluster.AsPostgresAsync($"{Bin}/initdb -D {cluster.dir}/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
        await cluster.StartAsync();
        return cluster;
    }

    public Task StartAsync() => AsPostgresAsync(
        $"{Bin}/pg_ctl -D {dir}/data -w -l {dir}/server.log -o \"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off\" start");

    /// <summary>A clean, fast shutdown: sessions are terminated, new connections refused.</summary>
    public Task StopAsync() => AsPostgresAsync($"{Bin}/pg_ctl -D {dir}/data -w -m fast stop");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try { await AsPostgresAsync($"{Bin}/pg_ctl -D {dir}/data -m immediate stop"); } catch (InvalidOperationException) { }
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    private Task AsPostgresAsync(string command) => Environment.UserName == "root"
        ? RunAsync("su", "postgres", "-s", "/bin/sh", "-c", command)
        : RunAsync("/bin/sh", "-c", command);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await output} {await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
