using GovernancePortal.Core.Identity;

namespace GovernancePortal.Core.Seeding;

/// <summary>The demo accounts, one per role plus a second scientist and risk reviewer for separation-of-duties demos.</summary>
public static class DemoUsers
{
    /// <summary>Documented default for Development only; the host refuses it elsewhere.</summary>
    public const string DefaultPassword = "Tulip-Harbor-Lantern-42";

    /// <summary>The stable account id a demo user is created with ("demo-risk" for risk@demo.local), so tests and scripts can name one.</summary>
    public static string IdOf(string email) => "demo-" + email[..email.IndexOf('@')].ToLowerInvariant();

    public static readonly IReadOnlyList<(string Email, string Name, string Role)> All =
    [
        ("admin@demo.local", "Ada Admin", Roles.Admin),
        ("scientist@demo.local", "Sam Scientist", Roles.DataScientist),
        ("scientist2@demo.local", "Sofia Scientist", Roles.DataScientist),
        ("platform@demo.local", "Pat Platform", Roles.PlatformReviewer),
        ("security@demo.local", "Sid Security", Roles.SecurityReviewer),
        ("risk@demo.local", "Rita Risk", Roles.RiskReviewer),
        ("risk2@demo.local", "Rohan Risk", Roles.RiskReviewer),
        ("compliance@demo.local", "Cora Compliance", Roles.ComplianceOfficer),
    ];
}
