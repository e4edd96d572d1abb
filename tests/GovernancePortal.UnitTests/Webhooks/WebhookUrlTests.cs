using GovernancePortal.Core.Features.Webhooks;

namespace GovernancePortal.UnitTests.Webhooks;

public class WebhookUrlTests
{
    [Theory]
    [InlineData("https://hooks.example.com/governance")]
    [InlineData("https://10.0.0.5:8443/hook?team=risk")]
    public void Problem_HttpsUrl_Accepted(string url) => Assert.Null(WebhookUrl.Problem(url, allowHttpLoopback: false));

    [Theory]
    [InlineData("http://localhost:5000/hook")]
    [InlineData("http://127.0.0.1:9999/hook")]
    [InlineData("http://[::1]:9999/hook")]
    public void Problem_HttpToLoopback_OnlyWhenAllowed(string url)
    {
        Assert.Null(WebhookUrl.Problem(url, allowHttpLoopback: true));
        Assert.Contains("Development", WebhookUrl.Problem(url, allowHttpLoopback: false));
    }

    [Theory]
    [InlineData("", "is required.")]
    [InlineData("hooks.example.com/x", "absolute URL")]
    [InlineData("/relative/path", "absolute URL")]
    [InlineData("http://hooks.example.com/x", "must use https")]
    [InlineData("ftp://hooks.example.com/x", "not 'ftp'")]
    [InlineData("file:///etc/passwd", "not 'file'")]
    [InlineData("javascript:alert(1)", "not 'javascript'")]
    [InlineData("https://user:pass@hooks.example.com/x", "user name or password")]
    [InlineData("https://hooks.example.com/x#frag", "fragment")]
    [InlineData("https://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("https://[fe80::1]/x", "link-local")]
    public void Problem_RefusedUrl_SaysWhy(string url, string expected) =>
        Assert.Contains(expected, WebhookUrl.Problem(url, allowHttpLoopback: true));

    [Fact]
    public void RetryDelay_FollowsTheScheduleWithin20PercentJitter_LastRepeats()
    {
        var options = new WebhookOptions { RetryDelaysSeconds = [5, 30, 120] };
        var random = new Random(42);
        foreach (var (attempt, seconds) in new[] { (1, 5.0), (2, 30.0), (3, 120.0), (9, 120.0) })
            for (var i = 0; i < 50; i++)
            {
                var delay = options.RetryDelay(attempt, random).TotalSeconds;
                Assert.InRange(delay, seconds * 0.8, seconds * 1.2);
            }
        var spread = Enumerable.Range(0, 50).Select(_ => options.RetryDelay(1, random)).Distinct().Count();
        Assert.True(spread > 1, "jitter should spread retries");
    }
}
