using System.Net;
using System.Text.Json;

namespace GovernancePortal.IntegrationTests.Api;

/// <summary>What every API error must look like (ADR 0015): problem+json with title and status, nothing of the server's insides.</remarks>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? errorKey = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} → {(int)response.StatusCode}: {Trim(text)}";
        Assert.True(response.StatusCode == status, what);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{what} (Content-Type {response.Content.Headers.ContentType})");
        var body = JsonDocument.Parse(text).RootElement;
        Assert.True(body.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 }, what);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        AssertNoInsides(text, what);
        if (errorKey is not null)
            Assert.True(body.TryGetProperty("errors", out var errors) && (errorKey == "" || errors.TryGetProperty(errorKey, out _)), $"{what} should name '{errorKey}'");
        return body;
    }

    public static void AssertNoInsides(string text, string what)
    {
        foreach (var leak in new[] { "   at ", ".cs:line", "/work/", "Exception", "StackTrace", "<html", "<!DOCTYPE" })
            Assert.False(text.Contains(leak, StringComparison.OrdinalIgnoreCase), $"{what} leaks '{leak}'");
    }

    private static string Trim(string s) => s.Length > 400 ? s[..400] + "…" : s;
}
