using GovernancePortal.Core.Identity;

namespace GovernancePortal.Core.Features.Promotions;

public static class ReviewerRoles
{
    public static readonly IReadOnlyList<ReviewerRole> All = [ReviewerRole.Platform, ReviewerRole.Security, ReviewerRole.Risk];

    /// <summary>The Identity role a person must hold, at the moment of signing, to sign as <paramref name="role"/>.</summary>
    public static string IdentityRole(this ReviewerRole role) => role switch
    {
        ReviewerRole.Platform => Roles.PlatformReviewer,
        ReviewerRole.Security => Roles.SecurityReviewer,
        _ => Roles.RiskReviewer,
    };

    public static IEnumerable<ReviewerRole> HeldBy(IEnumerable<string> identityRoles)
    {
        var set = identityRoles.ToHashSet();
        return All.Where(r => set.Contains(r.IdentityRole()));
    }

    /// <summary>What each role's signature means, shown next to the Approve button.</summary>
    public static string Meaning(this ReviewerRole role) => role switch
    {
        ReviewerRole.Platform => "Deployment approval: the release can be operated and rolled back.",
        ReviewerRole.Security => "Integrity approval: the artifact is the one evaluated, its digest and provenance check out, red-team evidence is sufficient.",
        _ => "Risk approval: bias, robustness, intended use and the AI Card are acceptable for this use.",
    };
}
