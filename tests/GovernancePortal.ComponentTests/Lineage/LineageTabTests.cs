using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Domain;
using GovernancePortal.Web.Features.Lineage;
using Microsoft.AspNetCore.Components;

namespace GovernancePortal.ComponentTests.Lineage;

/// <summary>
/// The detail pages' "Details / Lineage graph" tabs. The details are the page: they must be rendered once per render,
/// since each child's OnParametersSetAsync reads the database (issue 16's read budget).
/// </summary>
public class LineageTabTests : ComponentTestBase
{
    /// <summary>Counts how often its parameters are set: a list parameter is never "unchanged", so every re-render of its parent sets it again.</summary>
    private sealed class Probe : ComponentBase
    {
        [Parameter] public List<int> Calls { get; set; } = [];
        protected override void OnParametersSet() => Calls.Add(1);
        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) =>
            builder.AddMarkupContent(0, "<p id=\"details-probe\">details</p>");
    }

    [Fact]
    public void Render_DetailsTab_ChildContentParametersSetOnce()
    {
        var calls = new List<int>();
        var cut = Ctx.Render<LineageTab>(p => p
            .Add(c => c.Type, NodeType.ModelVersion).Add(c => c.Id, Guid.NewGuid())
            .AddChildContent<Probe>(probe => probe.Add(c => c.Calls, calls)));

        Assert.NotNull(cut.Find("#details-probe"));
        Assert.Equal(2, cut.FindAll(".detail-tabs .mud-tab").Count);
        Assert.Single(calls);
    }
}
