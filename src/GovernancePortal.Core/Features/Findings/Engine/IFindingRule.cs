using GovernancePortal.Core.Data;

namespace GovernancePortal.Core.Features.Findings.Engine;

/// <summary>One condition a rule sees: raised as a finding, or matched to the finding it already is by (Rule, Key).</summary>
public sealed record Condition(
    FindingRule Rule, string Key, FindingSeverity Severity, string EntityType, Guid EntityId, string EntityName,
    string Title, string Explanation, string SuggestedAction);

/// <summary>What a rule reads: the database, the time, and the changes (null for a full evaluation).</summary>
public sealed record RuleInput(GovernanceDbContext Db, DateTime Now, ChangeSet? Changes, IServiceProvider Services)
{
    public bool IsFull => Changes is null;
}

/// <summary>
/// The conditions a rule sees, and the entities it looked at (<see cref="Scope"/>): open findings of its rules on those
/// entities that it no longer sees are resolved. A null scope means "everything" (a full evaluation).
/// </summary>
public sealed record RuleOutcome(IReadOnlyList<Condition> Conditions, IReadOnlySet<Guid>? Scope)
{
    public static RuleOutcome Full(IReadOnlyList<Condition> conditions) => new(conditions, null);
    public static readonly RuleOutcome Nothing = new([], new HashSet<Guid>());
}

/// <summary>
/// One check of the register. Adding a signal is adding a class (registered in <c>AddFindings</c>) and its tests:
/// the engine decides when to run it (<see cref="ReactsTo"/>), and turns what it returns into findings.
/// </summary>
public interface IFindingRule
{
    FindingSignal Signal { get; }
    /// <summary>The rules whose findings this class owns (and may resolve).</summary>
    IReadOnlyList<FindingRule> Rules { get; }
    /// <summary>Entity type names (<see cref="RegisterChange.EntityType"/>) whose changes can change what this rule sees.</summary>
    IReadOnlySet<string> ReactsTo { get; }
    /// <summary>Full when <see cref="RuleInput.Changes"/> is null; otherwise only what the changes can affect.</summary>
    Task<RuleOutcome> EvaluateAsync(RuleInput input, CancellationToken ct);
}
