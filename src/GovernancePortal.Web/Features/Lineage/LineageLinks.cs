using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage.Layout;

namespace GovernancePortal.Web.Features.Lineage;

/// <summary>Addresses of the lineage page.</summary>
public static class LineageLinks
{
    public static string Page(NodeType type, Guid id) => $"/lineage/{type}/{id}";

    public static string Page(NodeType type, Guid id, int depth, LineageScope scope) =>
        $"{Page(type, id)}?depth={depth}&scope={scope}";
}
