using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GovernancePortal.E2ETests.Infrastructure;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Hosting;

/// <summary>
/// Two portal processes on two loopback ports against one PostgreSQL database (ADR 0043): a reviewer signs on one,
/// and a browser connected to the other sees its inbox badge change without a reload (LISTEN/NOTIFY fan-out), with
/// the sign-in cookie of each instance its own. Needs GP_TEST_PG: skipped without it on a developer's machine, failed
/// without it under CI.
/// </summary>
[Trait("Provider", PostgresServer.PostgresOnly)]
public class TwoInstancesBrowserTests
{
    [SkippableFact]
    public async Task ReviewerSignsOnOneInstance_InboxBadgeOnTheOtherChangesWithoutReload()
    {
        await using var db = await PostgresServer.EmptyDatabaseAsync();
        // One after the other: the first migrates and seeds the demo, the second finds it done.
        await using var a = await PortalProcess.StartAsync(db.ConnectionString);
        await using var b = await PortalProcess.StartAsync(db.ConnectionString);

        Assertions.SetDefaultExpectTimeout((float)BrowserFixture.Patience.TotalMilliseconds);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFixture.ChromiumPath, Headless = true,
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--no-sandbox"],
        });

        var watcher = await SignInAsync(browser, b.BaseUrl, "security@demo.local");
        await watcher.GotoAsync(b.BaseUrl + "/inbox");
        await BrowserFixture.WaitInteractiveAsync(watcher);
        var badge = watcher.Locator("#inbox-badge");
        await Expect(badge).ToBeVisibleAsync();
        var before = int.Parse(await badge.InnerTextAsync());

        var reviewer = await SignInAsync(browser, a.BaseUrl, "security@demo.local");
        await reviewer.GotoAsync(a.BaseUrl + "/inbox");
        await BrowserFixture.WaitInteractiveAsync(reviewer);
        await reviewer.Locator(".promotion-link", new() { HasText = "fraud-gbt" }).First.ClickAsync();
        await BrowserFixture.WaitInteractiveAsync(reviewer);
        await reviewer.Locator("#sign-panel input[type=password]").FillAsync(BrowserFixture.Password);
        await reviewer.ClickAsync("#approve-button");
        await Expect(reviewer.Locator(".approval-slot[data-role=Security]")).ToContainTextAsync("signed by security@demo.local");

        // No reload on B: the event crossed from A through PostgreSQL.
        if (before > 1) await Expect(badge).ToHaveTextAsync((before - 1).ToString());
        else await Expect(badge).ToHaveCountAsync(0);
        await watcher.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "gp-two-instances-inbox.png") });
        Assert.DoesNotContain("fraud-gbt", await watcher.Locator(".promotions-table").InnerTextAsync());
    }

    private static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, string email)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout((float)BrowserFixture.Patience.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)BrowserFixture.Patience.TotalMilliseconds);
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", BrowserFixture.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/");
        await BrowserFixture.WaitInteractiveAsync(page);
        return page;
    }
}

/// <summary>
/// The portal as operators run it: the built program in its own process (Development, so the demo is seeded), on a
/// free loopback port, against the given PostgreSQL database. Killed with its process tree on dispose.
/// </summary>
internal sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    public string BaseUrl { get; }

    private PortalProcess(Process process, string baseUrl) => (this.process, BaseUrl) = (process, baseUrl);

    public static async Task<PortalProcess> StartAsync(string connectionString)
    {
        var root = RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(root, "src", "GovernancePortal.Web", "bin", configuration, "net10.0", "GovernancePortal.Web.dll");
        var port = FreePort();
        var baseUrl = $"http://localhost:{port}";
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", baseUrl])
        {
            WorkingDirectory = Path.Combine(root, "src", "GovernancePortal.Web"),
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__Governance"] = connectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__GovernancePortal.Core.Data.Instances"] = "Information";
        foreach (var key in new[] { "SignIn__PerAddressPermits", "SignIn__PerAccountPermits", "SignIn__FailuresPerAddressAndAccount", "SignIn__StepUpFailures", "Api__PerAddressPerSecond", "Api__PerAddressBurst" })
            start.Environment[key] = "100000";
        var portal = new PortalProcess(Process.Start(start)!, baseUrl);
        portal.process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        portal.process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        portal.process.BeginOutputReadLine();
        portal.process.BeginErrorReadLine();
        await portal.WaitHealthyAsync();
        return portal;
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
        string log;
        lock (output) log = output.ToString();
        throw new InvalidOperationException($"The portal at {BaseUrl} did not become healthy (exited: {process.HasExited}). Its output:\n{log[Math.Max(0, log.Length - 4000)..]}");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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
