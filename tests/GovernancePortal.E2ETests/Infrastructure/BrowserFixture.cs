using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Inventory;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace GovernancePortal.E2ETests.Infrastructure;

/// <summary>
/// The portal on a real Kestrel port on loopback (its own SQLite file, demo data plus 30 extra versions so the
/// inventory has two pages) and one headless Debian Chromium for the whole test class.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string Password = GovernancePortal.Core.Seeding.DemoUsers.DefaultPassword;
    public const int ExtraVersions = 30;

    /// <summary>
    /// The overall limit of any one wait (navigation, locator, expectation). Tests wait on conditions, never fixed
    /// times; the limit is only there to end a test that will never pass, so it is generous for a busy 2-core machine.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly string dbDir = Path.Combine(Path.GetTempPath(), $"gp-e2e-{Guid.NewGuid():N}");
    private KestrelPortalFactory? factory;
    private IPlaywright? playwright;

    /// <summary>The server's log at Warning and above.</summary>
    public GovernancePortal.IntegrationTests.Infrastructure.LogCapture Log { get; } = new();

    /// <summary>Circuits the server has closed (a tab closed or navigated away).</summary>
    public CircuitWatch Circuits { get; } = new();

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Extra server services for a test class with its own fixture.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // Browser tests never skip: without Chromium they fail and say how to get it.
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium is missing at {ChromiumPath}: run ./test.sh (it installs Debian's chromium) or apt-get install -y chromium.");

        factory = new KestrelPortalFactory(Path.Combine(dbDir, "governance.db"), Log, Circuits, ConfigureServices);
        factory.UseKestrel(0);
        factory.StartServer();
        // "localhost", not 127.0.0.1: browsers treat it as a secure context for cookies and WebAuthn.
        BaseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/').Replace("127.0.0.1", "localhost");
        await AddExtraVersionsAsync(factory.Services);

        // Playwright's expectations default to 5 s, its actions to 30 s: both follow Patience instead.
        Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath, Headless = true,
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--no-sandbox"],
        });
    }

    private static async Task AddExtraVersionsAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ModelRegistryService>();
        var caller = Caller.System("e2e-setup");
        for (var i = 0; i < ExtraVersions; i++)
        {
            var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
            var result = await registry.RegisterVersionAsync(caller, new($"batch-model-{i / 10}", $"0.{i % 10}.0", "onnx 1.16", $"s3://e2e/{i}", digest, Tags: ["e2e"]));
            if (!result.Succeeded) throw new InvalidOperationException(result.Error!.Message);
        }
    }

    public IServiceProvider Services => factory!.Services;

    /// <summary>A fresh browser context (own cookies) signed in as <paramref name="email"/>.</summary>
    public async Task<IPage> SignedInPageAsync(string email, Func<IBrowserContext, Task>? prepare = null)
    {
        var context = await NewContextAsync();
        if (prepare is not null) await prepare(context);
        var page = await context.NewPageAsync();
        page.Console += (_, m) => Console.WriteLine($"[browser {m.Type}] {m.Text}");
        await SignInAsync(page, BaseUrl, email);
        return page;
    }

    /// <summary>
    /// Signs in through the form and waits for the dashboard's circuit. The wait after the redirect is for the document to
    /// commit, not for its load event: interactivity is what the tests need, and once (CI, 2026-12-04) the load event of
    /// a dashboard never came within Patience while the network was idle.
    /// </summary>
    public static async Task SignInAsync(IPage page, string baseUrl, string email)
    {
        await page.GotoAsync(baseUrl + "/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/", new() { WaitUntil = WaitUntilState.Commit });
        await WaitInteractiveAsync(page);
    }

    /// <summary>A fresh browser context (own cookies, nobody signed in) with the suite's generous limits.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Patience.TotalMilliseconds);
        return context;
    }

    /// <summary>Opens <paramref name="path"/> and waits until its circuit is live (see portal.markInteractive).</summary>
    public async Task GotoAsync(IPage page, string path)
    {
        await page.GotoAsync(BaseUrl + path, new() { WaitUntil = WaitUntilState.Commit });
        await WaitInteractiveAsync(page);
    }

    public static Task WaitInteractiveAsync(IPage page) => page.WaitForSelectorAsync("body[data-interactive=true]");

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (factory is not null) await factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dbDir, recursive: true); } catch (IOException) { }
    }
}

internal sealed class KestrelPortalFactory(string dbPath, ILoggerProvider log, CircuitWatch circuits, Action<IServiceCollection> configure) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Governance", $"Data Source={dbPath}");
        // Every journey signs in from localhost: the sign-in limits (docs/security.md) would otherwise stop the suite.
        foreach (var key in new[] { "SignIn:PerAddressPermits", "SignIn:PerAccountPermits", "SignIn:FailuresPerAddressAndAccount", "SignIn:StepUpFailures", "Api:PerAddressPerSecond", "Api:PerAddressBurst" })
            builder.UseSetting(key, "100000");
        builder.ConfigureLogging(l => l.AddProvider(log));
        builder.ConfigureServices(s => s.AddSingleton<CircuitHandler>(circuits));
        builder.ConfigureServices(configure);
    }
}

/// <summary>Counts closed circuits, so a test can wait until the server has really torn a page's circuit down.</summary>
public sealed class CircuitWatch : CircuitHandler
{
    private int closed;

    public int Closed => Volatile.Read(ref closed);

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref closed);
        return Task.CompletedTask;
    }
}
