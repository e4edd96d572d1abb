using GovernancePortal.Core.Common;
using GovernancePortal.Core.Identity;

namespace GovernancePortal.Core.Features.Cards;

/// <summary>
/// Who may write cards: data scientists (the authors) and admins, as people. Platform reviewers hold the Editor
/// policy for wiring pipelines, but a card is the authors' statement; service identities only read cards.
/// </summary>
public static class CardAccess
{
    public static bool CanEdit(Caller caller) =>
        !caller.IsService && (caller.Roles.Contains(Roles.DataScientist) || caller.Roles.Contains(Roles.Admin));

    public static Error? DenyEdit(Caller caller, string action) =>
        CanEdit(caller) ? null : new Error.Forbidden($"You are not allowed to {action}: AI Cards are written by data scientists ({caller.Actor.Name} is not one).");
}
