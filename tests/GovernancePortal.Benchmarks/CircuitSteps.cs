namespace GovernancePortal.Benchmarks;

/// <summary>
/// One click of the circuit load: a path navigated to in the circuit and how each driver knows the page is there.
/// The browser driver waits for the document title and an element (<paramref name="Selector"/>); the protocol driver
/// waits until render batches since the navigation carried every one of <paramref name="Texts"/> (UTF-8 in the batch's
/// string table): the title, and text that only the loaded data renders, so a page still loading does not count.
/// </summary>
public sealed record CircuitStep(string Path, string Title, string? Selector, string[] Texts)
{
    /// <summary>Inventory, a version's lineage graph, its AI Card and the approval inbox, in this order.</summary>
    public static CircuitStep[] ClickThrough(Guid versionId) =>
    [
        new("/inventory", "Models", ".mud-table-body tr", ["Models · GovernancePortal", "fraud-gbt"]),
        new($"/lineage/ModelVersion/{versionId}", "Lineage", ".lineage-svg .node.root", ["Lineage · GovernancePortal", "node node-ModelVersion root"]),
        new($"/model-versions/{versionId}/card", "AI Card", null, ["AI Card: ", "4.3.0"]),
        new("/inbox", "Approval inbox", null, ["Approval inbox · GovernancePortal", "Oldest first."]),
    ];
}
