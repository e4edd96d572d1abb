namespace GovernancePortal.Core.Features.Findings;

/// <summary>What a person can do to a finding (ADR 0022).</summary>
public enum FindingAction { Acknowledge, Resolve, Reopen, Suppress }

/// <summary>
/// The lifecycle's state rules in one place: which findings an action moves. The service applies them (a finding
/// the action does not apply to is left as it is) and the pages offer only the buttons that would move something.
/// </summary>
public static class FindingTransitions
{
    public static bool Applies(FindingAction action, Finding f) => action switch
    {
        FindingAction.Acknowledge => f.Status == FindingStatus.Open,
        FindingAction.Resolve => f.ResolvedAt is null,
        FindingAction.Reopen => f.Status != FindingStatus.Open,
        FindingAction.Suppress => f.ResolvedAt is null,
        _ => false,
    };

    /// <summary>Whether <paramref name="caller"/> may take <paramref name="action"/> on findings of <paramref name="signal"/> (<see cref="FindingAccess"/>).</summary>
    public static bool Allowed(Common.Caller caller, FindingAction action, FindingSignal signal) =>
        action == FindingAction.Suppress ? FindingAccess.CanSuppress(caller, signal) : FindingAccess.CanAct(caller, signal);
}
