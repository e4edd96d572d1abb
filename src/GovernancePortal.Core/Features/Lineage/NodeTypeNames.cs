using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Lineage;

public static class NodeTypeNames
{
    /// <summary>
    /// A node type by name only (case-insensitive). Enum.TryParse alone also takes "1" and "A,B", which would reach
    /// queries as types that do not exist.
    /// </summary>
    public static bool TryParse(string? text, out NodeType type)
    {
        type = default;
        return text is { Length: > 0 } && char.IsLetter(text[0]) && !text.Contains(',')
            && Enum.TryParse(text, ignoreCase: true, out type) && Enum.IsDefined(type);
    }
}
