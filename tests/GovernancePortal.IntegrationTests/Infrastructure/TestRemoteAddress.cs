using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>
/// Lets a test play several client addresses: the test server has none, so requests carrying <see cref="Header"/> get that
/// address before any of the portal's middleware (rate limits included) runs. Registered only by the test factory.
/// </summary>
public sealed class TestRemoteAddress : IStartupFilter
{
    public const string Header = "X-Test-Remote-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, nextMiddleware) =>
        {
            if (http.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value.ToString(), out var address))
                http.Connection.RemoteIpAddress = address;
            await nextMiddleware(http);
        });
        next(app);
    };
}
