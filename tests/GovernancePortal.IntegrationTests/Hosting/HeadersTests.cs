using System.Net;
using System.Text.RegularExpressions;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Hosting;

/// <summary>The Content-Security-Policy and HSTS as sent (ADR 0017); the browser suite proves nothing is blocked.</summary>
public partial class HeadersTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [GeneratedRegex("'nonce-([A-Za-z0-9+/=]+)'")]
    private static partial Regex NoncePattern();

    [GeneratedRegex("<script\\b[^>]*>")]
    private static partial Regex ScriptTag();

    private static Dictionary<string, string> Directives(HttpResponseMessage response) =>
        string.Join(";", response.Headers.GetValues("Content-Security-Policy")).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d);

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/not-found")]
    [InlineData("/api/reference/")]
    [InlineData("/health")]
    public async Task Csp_ScriptsFromThePortalOnly_WithoutEvalOrInline(string path)
    {
        using var response = await factory.CreateClient().GetAsync(path);
        var csp = Directives(response);
        Assert.Equal("default-src 'self'", csp["default-src"]);
        Assert.Matches("^script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'$", csp["script-src"]);
        Assert.Equal("object-src 'none'", csp["object-src"]);
        Assert.Equal("frame-ancestors 'none'", csp["frame-ancestors"]);
        Assert.Equal("base-uri 'self'", csp["base-uri"]);
        Assert.Equal("form-action 'self'", csp["form-action"]);
        var all = string.Join(";", csp.Values);
        Assert.DoesNotContain("unsafe-eval", all);
        Assert.DoesNotContain("http", all); // no outside host in any directive
        Assert.DoesNotContain("*", all);
    }

    [Fact]
    public async Task Nonce_IsFreshPerResponse_AndOnlyTheImportMapCarriesIt()
    {
        var client = factory.CreateClient();
        using var first = await client.GetAsync("/Account/Login");
        using var second = await client.GetAsync("/Account/Login");
        var nonce = NoncePattern().Match(Directives(first)["script-src"]).Groups[1].Value;
        Assert.NotEqual(nonce, NoncePattern().Match(Directives(second)["script-src"]).Groups[1].Value);

        // Attribute values as the browser reads them: Razor writes a '+' in the nonce as &#x2B;.
        var inline = ScriptTag().Matches(await first.Content.ReadAsStringAsync()).Select(m => WebUtility.HtmlDecode(m.Value)).Where(t => !t.Contains("src=")).ToList();
        var importMap = Assert.Single(inline);
        Assert.Contains("type=\"importmap\"", importMap);
        Assert.Contains($"nonce=\"{nonce}\"", importMap);
    }

    [Fact]
    public async Task ApiReference_EveryScriptCarriesTheNonce_AndNothingComesFromElsewhere()
    {
        using var response = await factory.CreateClient().GetAsync("/api/reference/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var nonce = NoncePattern().Match(Directives(response)["script-src"]).Groups[1].Value;
        var html = await response.Content.ReadAsStringAsync();
        // Attribute values as the browser reads them (Scalar writes '+' as &#x2B;).
        var scripts = ScriptTag().Matches(html).Select(m => WebUtility.HtmlDecode(m.Value)).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains($"nonce=\"{nonce}\"", s));
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.Contains("id=\"gp-home-link\"", html);
        Assert.Contains("href=\"/\"", html);
    }

    [Fact]
    public async Task Https_CarriesHsts_PlainHttpDoesNot()
    {
        var https = factory.CreateClient(new() { BaseAddress = new Uri("https://localhost") });
        using var secure = await https.GetAsync("/health");
        Assert.Equal("max-age=31536000", secure.Headers.GetValues("Strict-Transport-Security").Single());

        using var plain = await factory.CreateClient().GetAsync("/health");
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }
}
