using GovernancePortal.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>A portal whose every context also runs the given EF interceptors: faults and probes below the services.</summary>
public sealed class InterceptedPortal(params IInterceptor[] interceptors) : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.ConfigureDbContext<GovernanceDbContext>(o => o.AddInterceptors(interceptors)));
    }
}
