using GovernancePortal.Core.Features.Lineage.Layout;

namespace GovernancePortal.Web.Features.Lineage;

/// <summary>A click on a drawn node; Shift picks it for a path instead of re-centring.</summary>
public sealed record NodeClick(ViewNode Node, bool Shift);
