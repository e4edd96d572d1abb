using GovernancePortal.Core.Features.Promotions;
using MudBlazor;

namespace GovernancePortal.Web.Features.Promotions;

/// <summary>
/// How one role's signature on a request is shown (icon, colour, words), in one place so the slots on the review
/// screen and the icons in every list agree. The words double as the screen-reader text and the tooltip.
/// </summary>
public sealed record SignatureState(SignatureState.State Kind, string Icon, Color Colour, string Text)
{
    public enum State { Signed, Rejected, Invalidated, Waiting, NotSigned }

    public static SignatureState Of(PromotionRow r, ReviewerRole role)
    {
        var name = $"{role} reviewer";
        if (r.Approvals.FirstOrDefault(a => a.Valid && a.Role == role) is { } signed)
            return new(State.Signed, Icons.Material.Filled.Verified, Color.Success, $"{name}: signed by {signed.Reviewer}");
        if (r.Status == PromotionStatus.Rejected && r.RejectedAs == role)
            return new(State.Rejected, Icons.Material.Filled.Cancel, Color.Error, $"{name}: rejected by {r.ClosedBy}");
        if (r.IsOpen && r.Approvals.Any(a => !a.Valid && a.Role == role))
            return new(State.Invalidated, Icons.Material.Filled.Replay, Color.Warning, $"{name}: signature invalidated, waiting to sign again");
        return r.IsOpen
            ? new(State.Waiting, Icons.Material.Outlined.Circle, Color.Default, $"{name}: waiting")
            : new(State.NotSigned, Icons.Material.Outlined.Circle, Color.Default, $"{name}: not signed");
    }

    /// <summary>The role's initial, drawn beside the icon so the role is visible without hovering.</summary>
    public static string Initial(ReviewerRole role) => role.ToString()[..1];
}
