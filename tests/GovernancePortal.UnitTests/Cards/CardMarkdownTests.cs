using GovernancePortal.Core.Features.Cards;

namespace GovernancePortal.UnitTests.Cards;

public class CardMarkdownTests
{
    [Fact]
    public void ToSafeHtml_Markdown_RendersTablesAndEmphasis()
    {
        var html = CardMarkdown.ToSafeHtml("**AUC** 0.86\n\n| group | DPD |\n|---|---|\n| age<25 | 0.04 |");
        Assert.Contains("<strong>AUC</strong>", html);
        Assert.Contains("<table>", html);
    }

    [Theory]
    [InlineData("<script>alert('x')</script>hello", "<script")]
    [InlineData("<img src=x onerror=\"alert(1)\">", "onerror")]
    [InlineData("<a href=\"javascript:alert(1)\">click</a>", "javascript:")]
    [InlineData("[click](javascript:alert(1))", "javascript:")]
    [InlineData("<div onclick=\"steal()\" onmouseover=\"x()\">hover</div>", "on")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    public void ToSafeHtml_Injection_IsRemoved(string markdown, string forbidden)
    {
        var html = CardMarkdown.ToSafeHtml(markdown);
        if (forbidden == "on") Assert.DoesNotMatch(@"\son\w+=", html);
        else Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ToSafeHtml_SafeLink_IsKept()
    {
        Assert.Contains("href=\"https://example.com/report\"", CardMarkdown.ToSafeHtml("[report](https://example.com/report)"));
    }
}
