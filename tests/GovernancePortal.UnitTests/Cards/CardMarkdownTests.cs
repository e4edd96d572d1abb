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

    [Fact]
    public void ToSafeHtml_PhishingFormOverlayAndTrackingPixel_AreRemoved()
    {
        var html = CardMarkdown.ToSafeHtml(
            "<form action=\"https://evil.example/x\" method=\"post\"><label>Password</label><input name=p type=password><select><option>a</option></select>" +
            "<textarea>t</textarea><fieldset><button>Confirm</button></fieldset></form>\n\n" +
            "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999\">Published</div>\n\n" +
            "<img src=\"https://evil.example/p.gif\"> <img src=\"//evil.example/q.gif\"> <img src=\"HTTP://EVIL.EXAMPLE/r.gif\"> <a id=\"submit-review\" href=\"https://example.com\">x</a>");
        foreach (var forbidden in new[] { "<form", "<input", "<button", "<select", "<option", "<textarea", "<label", "<fieldset", "evil.example", "style=", "position:fixed", "password", "id=" })
            Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Published", html);
        Assert.Contains("href=\"https://example.com\"", html);
    }

    [Fact]
    public void ToSafeHtml_RelativeAndDataImages_AreKept_TaskListsStillShowTheirState()
    {
        var html = CardMarkdown.ToSafeHtml("![chart](img/roc.png) <img src=\"data:image/png;base64,iVBORw0KGgo=\">\n\n- [x] done\n- [ ] open");
        Assert.Contains("src=\"img/roc.png\"", html);
        Assert.Contains("src=\"data:image/png;base64,iVBORw0KGgo=\"", html);
        Assert.Contains("\u2611 done", html);
        Assert.Contains("\u2610 open", html);
        Assert.DoesNotContain("href=\"data:", CardMarkdown.ToSafeHtml("<a href=\"data:text/html,<script>alert(1)</script>\">x</a>"));
    }
}
