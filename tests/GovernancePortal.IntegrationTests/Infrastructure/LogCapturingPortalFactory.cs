using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>The portal with its log captured (<see cref="Log"/>).</summary>
public sealed class LogCapturingPortalFactory : PortalFactory
{
    public LogCapture Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.AddProvider(Log));
    }
}
