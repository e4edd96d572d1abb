using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Findings;

namespace GovernancePortal.Web.Features.Dashboard;

/// <summary>What the dashboard's charts (<see cref="CountCharts"/>) share: colours that mean the same everywhere, whole-number axes.</summary>
public static class DashboardCharts
{
    /// <summary>Critical to Low: red to grey, so severity reads from colour as it does everywhere else.</summary>
    public static string SeverityColor(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Critical => "#c62828", FindingSeverity.High => "#ef6c00", FindingSeverity.Medium => "#f9a825", _ => "#9e9e9e",
    };

    /// <summary>Minimal to Prohibited: green to red. By tier, not by position, so a tier nobody uses shifts no colour.</summary>
    public static string TierColor(RiskTier tier) => tier switch
    {
        RiskTier.Minimal => "#2e7d32", RiskTier.Limited => "#f9a825", RiskTier.High => "#ef6c00", _ => "#c62828",
    };

    /// <summary>A tick step that gives at most about six whole-number ticks.</summary>
    public static int Step(int max) => max <= 6 ? 1 : (int)Math.Ceiling(max / 6.0);
}
