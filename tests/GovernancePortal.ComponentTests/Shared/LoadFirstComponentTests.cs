using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace GovernancePortal.ComponentTests.Shared;

/// <summary>
/// A component that loads before its first render renders once, with its data, however long the load takes; the same
/// component on ComponentBase renders its empty state first (what PostgreSQL's asynchronous queries caused, ADR 0071).
/// </summary>
public class LoadFirstComponentTests : ComponentTestBase
{
    private sealed class Loader
    {
        public TaskCompletionSource<string> Data { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string? SeenLabel { get; set; }
    }

    private sealed class LoadsFirst : LoadFirstComponent
    {
        private string? data;
        [Parameter] public Loader Loader { get; set; } = null!;
        [Parameter] public string Label { get; set; } = "";

        protected override async Task LoadAsync()
        {
            Loader.SeenLabel = Label;
            data = await Loader.Data.Task;
        }

        protected override void BuildRenderTree(RenderTreeBuilder b) => b.AddMarkupContent(0, $"<p>{Label}: {data ?? "empty"}</p>");
    }

    private sealed class LoadsInInitialized : ComponentBase
    {
        private string? data;
        [Parameter] public Loader Loader { get; set; } = null!;

        protected override async Task OnInitializedAsync() => data = await Loader.Data.Task;

        protected override void BuildRenderTree(RenderTreeBuilder b) => b.AddMarkupContent(0, $"<p>{data ?? "empty"}</p>");
    }

    [Fact]
    public void SlowLoad_NothingRendersUntilLoaded_ThenOneRenderWithTheData()
    {
        var loader = new Loader();
        var cut = Ctx.Render<LoadsFirst>(p => p.Add(c => c.Loader, loader).Add(c => c.Label, "open"));

        Assert.Equal("open", loader.SeenLabel); // parameters are set before the load
        Assert.Equal(0, cut.RenderCount);
        Assert.Equal("", cut.Markup);

        loader.Data.SetResult("3");
        cut.WaitForAssertion(() => cut.MarkupMatches("<p>open: 3</p>"));
        Assert.Equal(1, cut.RenderCount);
    }

    [Fact]
    public void LaterParameters_RenderAgain_WithoutLoadingAgain()
    {
        var loader = new Loader();
        loader.Data.SetResult("3");
        var cut = Ctx.Render<LoadsFirst>(p => p.Add(c => c.Loader, loader).Add(c => c.Label, "open"));
        loader.SeenLabel = null;

        cut.Render(p => p.Add(c => c.Label, "closed"));

        cut.MarkupMatches("<p>closed: 3</p>");
        Assert.Null(loader.SeenLabel);
        Assert.Equal(2, cut.RenderCount);
    }

    [Fact]
    public void OnComponentBase_TheSameSlowLoad_RendersTheEmptyStateFirst()
    {
        var loader = new Loader();
        var cut = Ctx.Render<LoadsInInitialized>(p => p.Add(c => c.Loader, loader));

        cut.MarkupMatches("<p>empty</p>");
        loader.Data.SetResult("3");
        cut.WaitForAssertion(() => cut.MarkupMatches("<p>3</p>"));
        Assert.Equal(2, cut.RenderCount);
    }
}
