using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// What a browser takes from a prerendered page before it opens a circuit: the server components' markers
/// (<c>&lt;!--Blazor:{"type":"server",...}--&gt;</c>, each with a data-protected descriptor that expires after a few
/// minutes, so every circuit gets its own GET as a browser would) and the persisted component state.
/// </summary>
public sealed partial record BlazorPage(Uri Address, JsonObject[] Markers, string ApplicationState)
{
    public static async Task<BlazorPage> GetAsync(HttpClient http, Uri address)
    {
        using var response = await http.GetAsync(address);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {address} answered {(int)response.StatusCode} {response.Headers.Location}: signed out?");
        var html = await response.Content.ReadAsStringAsync();
        var markers = Marker().Matches(html).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject())
            .Where(m => (string?)m["type"] == "server").ToArray();
        if (markers.Length == 0) throw new InvalidOperationException($"GET {address}: no server component markers in the page.");
        var state = State().Match(html);
        return new BlazorPage(address, markers, state.Success ? state.Groups[1].Value : "");
    }

    /// <summary>
    /// Signs in through Identity's login form (the antiforgery token and the form's hidden fields posted back, as a
    /// browser does) and returns a client that carries the cookie. One sign-in serves every circuit: 200 password
    /// checks would measure PBKDF2 and the sign-in throttle, not the circuits.
    /// </summary>
    public static async Task<(HttpClient Http, CookieContainer Cookies)> SignInAsync(Uri baseUri, string email, string password)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseUri };
        var login = new Uri(baseUri, "Account/Login");
        var form = await http.GetStringAsync(login);
        var fields = Hidden().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        if (!fields.ContainsKey("__RequestVerificationToken")) throw new InvalidOperationException("The login form carries no antiforgery token.");
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        using var posted = await http.PostAsync(login, new FormUrlEncodedContent(fields));
        // A failed sign-in renders the form again (200); a signed-in client is not sent back to the login page.
        using var home = await http.GetAsync(baseUri);
        if (posted.StatusCode != HttpStatusCode.Redirect || home.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)posted.StatusCode} then {(int)home.StatusCode} {home.Headers.Location}.");
        return (http, cookies);
    }

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex State();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex Hidden();
}
