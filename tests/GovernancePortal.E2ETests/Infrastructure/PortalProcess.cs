using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

namespace GovernancePortal.E2ETests.Infrastructure;

/// <summary>
/// The portal as operators run it: the built program in its own process (Development, so the demo is seeded), on a
/// free loopback port, against the given database. Killed with its process tree on dispose. Used where the process
/// itself matters: two instances side by side, or an instance that dies.
/// </summary>
internal sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    public string BaseUrl { get; }

    private PortalProcess(Process process, string baseUrl) => (this.process, BaseUrl) = (process, baseUrl);

    /// <param name="provider"><c>Sqlite</c> or <c>Postgres</c>.</param>
    /// <param name="settings">Extra configuration as environment variables (<c>Section__Key</c>).</param>
    public static async Task<PortalProcess> StartAsync(string provider, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = Program(provider, connectionString, "--urls", BaseUrlOnFreePort(out var baseUrl));
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var portal = new PortalProcess(System.Diagnostics.Process.Start(start)!, baseUrl);
        portal.process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        portal.process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        portal.process.BeginOutputReadLine();
        portal.process.BeginErrorReadLine();
        await portal.WaitHealthyAsync();
        return portal;
    }

    /// <summary>A fresh browser context signed in to this instance as a demo person, on the home page, interactive.</summary>
    public async Task<IPage> SignInAsync(IBrowser browser, string email)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout((float)BrowserFixture.Patience.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)BrowserFixture.Patience.TotalMilliseconds);
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, BaseUrl, email);
        return page;
    }

    /// <summary>Runs an admin verb (e.g. <c>verify-audit</c>) of the same program against the same database; exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunVerbAsync(string provider, string connectionString, params string[] verb)
    {
        using var run = System.Diagnostics.Process.Start(Program(provider, connectionString, verb))!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        return (run.ExitCode, await stdout + await stderr);
    }

    private static ProcessStartInfo Program(string provider, string connectionString, params string[] args)
    {
        var root = RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(root, "src", "GovernancePortal.Web", "bin", configuration, "net10.0", "GovernancePortal.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = Path.Combine(root, "src", "GovernancePortal.Web"),
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__Provider"] = provider;
        start.Environment["ConnectionStrings__Governance"] = connectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__GovernancePortal.Core.Data.Instances"] = "Information";
        foreach (var key in new[] { "SignIn__PerAddressPermits", "SignIn__PerAccountPermits", "SignIn__FailuresPerAddressAndAccount", "SignIn__StepUpFailures", "Api__PerAddressPerSecond", "Api__PerAddressBurst" })
            start.Environment[key] = "100000";
        return start;
    }

    /// <summary>Waits for the process to end by itself (e.g. a fail point killed it) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan patience)
    {
        try { await process.WaitForExitAsync().WaitAsync(patience); }
        catch (TimeoutException) { throw new InvalidOperationException($"The portal at {BaseUrl} did not exit within {patience}. Its output:\n{Output}"); }
        return process.ExitCode;
    }

    public string Output
    {
        get
        {
            lock (output) return output.ToString()[Math.Max(0, output.Length - 4000)..];
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private async Task WaitHealthyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        // Generous: the first instance migrates and seeds the demo, minutes on a busy 2-core machine.
        while (clock.Elapsed < TimeSpan.FromMinutes(20))
        {
            if (process.HasExited) break;
            try
            {
                if ((await client.GetAsync(BaseUrl + "/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new InvalidOperationException($"The portal at {BaseUrl} did not become healthy (exited: {process.HasExited}). Its output:\n{Output}");
    }

    private static string BaseUrlOnFreePort(out string baseUrl)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return baseUrl = $"http://localhost:{port}";
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GovernancePortal.sln"))) return dir.FullName;
        throw new InvalidOperationException("GovernancePortal.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
