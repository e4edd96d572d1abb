using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Lineage;

public static class NodeTypeNames
{
    /// <summary>A node type by name only (case-insensitive), after <see cref="EnumNames"/>.</summary>
    public static bool TryParse(string? text, out NodeType type) => EnumNames.TryParse(text, out type);
}
