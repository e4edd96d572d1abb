using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Identity;
using GovernancePortal.Web.Components.Layout;
using GovernancePortal.Web.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace GovernancePortal.ComponentTests.Layout;

/// <summary>
/// An action in an open page that meets an emptied audit chain or a database outage says so in the words the request
/// path uses, and the circuit stays usable; anything else asks for a reload. Before, each showed Blazor's generic bar.
/// </summary>
public class PageErrorBoundaryTests : DatabaseComponentTestBase
{
    /// <summary>A page whose one button throws what it is given, as a service call would.</summary>
    private sealed class ThrowingPage : ComponentBase
    {
        [Parameter] public Exception? Throws { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder b)
        {
            b.OpenElement(0, "button");
            b.AddAttribute(1, "id", "act");
            b.AddAttribute(2, "onclick", EventCallback.Factory.Create(this, () => throw Throws!));
            b.AddContent(3, "Sign");
            b.CloseElement();
        }
    }

    /// <summary>A page that throws while it loads.</summary>
    private sealed class FailingPage : ComponentBase
    {
        protected override void OnInitialized() => throw new AuditChainEmptiedException("refused while loading");
    }

    private IRenderedComponent<MainLayout> LayoutWith(Exception thrown)
    {
        SignIn("risk@demo.local", Roles.RiskReviewer).SetPolicies(Policies.Reader);
        InCircuit();
        return Ctx.Render<MainLayout>(p => p.Add(l => l.Body, Page(thrown)));
    }

    private static RenderFragment Page(Exception thrown) => b =>
    {
        b.OpenComponent<ThrowingPage>(0);
        b.AddComponentParameter(1, nameof(ThrowingPage.Throws), thrown);
        b.CloseComponent();
    };

    [Fact]
    public void Prerender_PageThrows_TheExceptionReachesTheRequestPath()
    {
        // A GET prerenders without a circuit: its outage and emptied-chain pages (503) or the error page (500) answer,
        // never a 200 carrying this alert.
        Ctx.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        SignIn("risk@demo.local", Roles.RiskReviewer).SetPolicies(Policies.Reader);

        var thrown = Assert.Throws<AuditChainEmptiedException>(() => Ctx.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b =>
        {
            b.OpenComponent<FailingPage>(0);
            b.CloseComponent();
        }))));
        Assert.Equal("refused while loading", thrown.Message);
    }

    [Fact]
    public void Action_AuditChainEmptied_SaysSo_AndTheSameCircuitShowsThePageAgain()
    {
        var cut = LayoutWith(new AuditChainEmptiedException("Models hold rows but the audit chain has no entries."));

        cut.Find("#act").Click();

        var alert = cut.Find("[data-testid=audit-chain-emptied]");
        Assert.Contains(DatabaseUnavailable.EmptiedTitle, alert.TextContent);
        Assert.Contains("Nothing was saved", alert.TextContent);
        Assert.Empty(cut.FindAll("#act"));
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Back to the page").Click();
        Assert.Single(cut.FindAll("#act"));
        Assert.Empty(cut.FindAll("[role=alert]"));
    }

    [Fact]
    public void Action_DatabaseFull_SaysWhatTheRequestPathSays()
    {
        var cut = LayoutWith(new Microsoft.Data.Sqlite.SqliteException("database or disk is full", 13));

        cut.Find("#act").Click();

        var alert = cut.Find("[data-testid=database-unavailable]");
        Assert.Contains(DatabaseUnavailable.Title(OutageKind.Full), alert.TextContent);
        Assert.Contains(DatabaseUnavailable.Detail(OutageKind.Full), alert.TextContent);
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Back to the page");
    }

    [Fact]
    public void Action_UnexpectedError_AsksForAReload_AndANewPageStartsClean()
    {
        var cut = LayoutWith(new InvalidOperationException("a bug"));

        cut.Find("#act").Click();

        Assert.Contains("Something went wrong", cut.Find("[data-testid=unexpected-error]").TextContent);
        Assert.DoesNotContain("a bug", cut.Markup);
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Reload");
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() == "Back to the page");
        // Navigation gives the layout a new body: the last page's error does not follow.
        cut.Render(p => p.Add(l => l.Body, Page(new InvalidOperationException("another"))));
        Assert.Single(cut.FindAll("#act"));
        Assert.Empty(cut.FindAll("[data-testid=unexpected-error]"));
    }

    [Fact]
    public void Problems_AreLoggedAtTheRequestPathsLevels()
    {
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Critical, PageProblem.Of(new AuditChainEmptiedException("emptied")).Level);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, PageProblem.Of(new Microsoft.Data.Sqlite.SqliteException("database or disk is full", 13)).Level);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, PageProblem.Of(new InvalidOperationException("a bug")).Level);
    }
}
