using GovernancePortal.Core.Common;
using GovernancePortal.Core.Identity;

namespace GovernancePortal.Core.Features.Findings;

/// <summary>
/// Who may act on which findings (ADR 0022), in one place: the service enforces it, the bell counts by it, the page
/// shows buttons by it. Acting (acknowledge, resolve, reopen) belongs to the roles that can fix the cause; suppressing
/// (accepting a risk) to those who own the risk. Admin and compliance may do both for every signal. Service identities
/// never act on findings.
/// </summary>
public static class FindingAccess
{
    private static readonly Dictionary<FindingSignal, string[]> Act = new()
    {
        [FindingSignal.UntrackedPromotion] = [Roles.PlatformReviewer, Roles.SecurityReviewer, Roles.RiskReviewer],
        [FindingSignal.InconsistentLineage] = [Roles.DataScientist, Roles.PlatformReviewer, Roles.SecurityReviewer],
        [FindingSignal.MissingEvidence] = [Roles.DataScientist, Roles.RiskReviewer],
        [FindingSignal.ServiceIdentity] = [Roles.SecurityReviewer],
        [FindingSignal.CardDrift] = [Roles.DataScientist, Roles.RiskReviewer],
        // Production behaviour: the model's owners and the platform that runs it can investigate and fix it.
        [FindingSignal.ProductionDivergence] = [Roles.DataScientist, Roles.PlatformReviewer, Roles.RiskReviewer],
    };

    private static readonly Dictionary<FindingSignal, string[]> Accept = new()
    {
        [FindingSignal.UntrackedPromotion] = [Roles.RiskReviewer],
        [FindingSignal.InconsistentLineage] = [Roles.RiskReviewer, Roles.SecurityReviewer],
        [FindingSignal.MissingEvidence] = [Roles.RiskReviewer],
        [FindingSignal.ServiceIdentity] = [Roles.SecurityReviewer],
        [FindingSignal.CardDrift] = [Roles.RiskReviewer],
        [FindingSignal.ProductionDivergence] = [Roles.RiskReviewer],
    };

    private static bool Overseer(Caller c) => !c.IsService && (c.Roles.Contains(Roles.Admin) || c.Roles.Contains(Roles.ComplianceOfficer));

    public static bool CanAct(Caller caller, FindingSignal signal) =>
        !caller.IsService && (Overseer(caller) || Act[signal].Any(caller.Roles.Contains));

    public static bool CanSuppress(Caller caller, FindingSignal signal) =>
        !caller.IsService && (Overseer(caller) || Accept[signal].Any(caller.Roles.Contains));

    /// <summary>The signals whose findings <paramref name="caller"/> may act on (what the bell counts).</summary>
    public static IReadOnlyList<FindingSignal> ActionableSignals(Caller caller) =>
        Enum.GetValues<FindingSignal>().Where(s => CanAct(caller, s)).ToList();
}
