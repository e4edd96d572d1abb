using System.Net;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Hosting;

/// <summary>
/// Query strings are typed by people and by links from elsewhere: a value a page cannot read (found by the outside probe:
/// "?mine=2" and "?registered=maybe" answered 500) reads as absent, and the page renders.
/// </summary>
public partial class EveryPageRendersTests
{
    [Fact]
    public async Task TypedQueryValues_Malformed_PagesStillRender()
    {
        Guid version;
        await using (var db = factory.NewDb())
            version = await db.ModelVersions.Where(v => v.Model!.Name == "fraud-gbt" && v.Version == "4.3.0").Select(v => v.Id).SingleAsync();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.True((await LoginClient.PostLoginAsync(client, "admin@demo.local", PortalFactory.Password)).RedirectsTo("/"));

        string[] routes =
        [
            "/promotions?mine=2&status=%3Cscript%3E&gates=x", "/promotions?mine=", "/endpoints?registered=maybe",
            "/evaluations/new?modelVersionId=not-a-guid", "/promotions/new?version=..%2F..", $"/model-versions/{version}/card?revision=-1x",
            $"/model-versions/{version}/card/compare?left=one&right=99999999999", "/findings?severity=%00&status=zzz&rule=..%2Fx&system=%27%22",
        ];
        foreach (var route in routes)
        {
            using var response = await client.GetAsync(route);
            var html = await response.Content.ReadAsStringAsync();
            // Admin may be sent elsewhere (requesting a promotion is not theirs), never shown a server error.
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{route} answered {(int)response.StatusCode}");
            Assert.False(ErrorText().IsMatch(StateComment().Replace(html, "")), $"{route} shows an error");
        }
        using var anonymous = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/Account/LoginWith2fa?rememberMe=maybe");
        Assert.True(anonymous.RedirectsTo("/Account/Login"), $"2FA page answered {(int)anonymous.StatusCode}");
    }
}
