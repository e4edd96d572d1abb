using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Inventory;

public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

public sealed record StageBadge(string UseKey, string UseName, Stage Stage);

public sealed record ModelVersionRow(
    Guid Id, Guid ModelId, string ModelName, string Version, string Framework, string Sha256,
    DateTime CreatedAt, string CreatedBy, IReadOnlyList<string> Tags, IReadOnlyList<StageBadge> Stages);

public enum InventorySort { ModelName, Version, CreatedAt, Framework }

/// <summary>
/// Grid query. <see cref="Search"/> matches a model name (substring) or an exact version; <c>tag:x</c> matches
/// a tag exactly; <c>sha256:...</c> or 8+ hex characters match a digest prefix. <see cref="CardSubmitted"/> false keeps
/// the versions whose AI Card was never submitted for review (none, or drafts only).
/// </summary>
public sealed record InventoryQuery(
    string? Search = null, Stage? Stage = null, Guid? AiSystemId = null, string? Framework = null,
    InventorySort Sort = InventorySort.CreatedAt, bool Descending = true, int Page = 0, int PageSize = 25, bool? CardSubmitted = null);
