using System.Net;
using System.Text.RegularExpressions;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>Signs in through the real statically rendered login form (antiforgery token included).</summary>
public static partial class LoginClient
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/Account/Login");
        var token = TokenPattern().Match(page).Groups[1].Value;
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email, ["Input.Password"] = password,
        }));
    }

    public static bool RedirectsTo(this HttpResponseMessage response, string path) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found && response.Headers.Location!.OriginalString.Contains(path);
}
