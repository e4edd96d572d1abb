namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>
/// When a baseline/window comparison counts as drift (ADR 0036). Defaults are Evidently's: p-value 0.05 for the
/// small-reference tests, 0.1 for the normalised Wasserstein and Jensen–Shannon distances, PSI bands 0.1 / 0.25, and a
/// reference of at most 1,000 observations counted as small. The minimum counts are this portal's guard so that
/// a thin window (or baseline) never alarms.
/// </summary>
/// <param name="PValue">Drift when the KS, chi-square or Z-test p-value is below this.</param>
/// <param name="Wasserstein">Drift when the Wasserstein-1 distance divided by the reference's standard deviation is at least this.</param>
/// <param name="JensenShannon">Drift when the Jensen–Shannon distance (natural log) is at least this.</param>
/// <param name="PsiModerate">PSI from here is reported as a moderate shift.</param>
/// <param name="PsiMajor">PSI from here is reported as a major shift.</param>
/// <param name="SmallReference">A baseline with at most this many observations gets the p-value tests; larger ones the distances.</param>
/// <param name="MinBaselineCount">Below this many baseline observations no drift is reported.</param>
/// <param name="MinWindowCount">Below this many window observations no drift is reported.</param>
public sealed record DriftThresholds(
    double PValue = 0.05,
    double Wasserstein = 0.1,
    double JensenShannon = 0.1,
    double PsiModerate = 0.1,
    double PsiMajor = 0.25,
    long SmallReference = 1000,
    long MinBaselineCount = 100,
    long MinWindowCount = 100)
{
    /// <summary>Evidently's defaults with this portal's minimum counts.</summary>
    public static DriftThresholds Default { get; } = new();

    /// <summary>Why these thresholds cannot be used (a policy override out of range), or null when they can.</summary>
    public string? Validate() =>
        PValue is <= 0 or >= 1 ? "The p-value threshold must be between 0 and 1."
        : !(Wasserstein > 0) || double.IsInfinity(Wasserstein) ? "The Wasserstein threshold must be a positive number."
        : JensenShannon is <= 0 or > 1 || double.IsNaN(JensenShannon) ? "The Jensen–Shannon threshold must be above 0 and at most 1."
        : !(PsiModerate > 0) || !(PsiMajor >= PsiModerate) || double.IsInfinity(PsiMajor) ? "The PSI bands must be positive, the major one at least the moderate one."
        : SmallReference < 0 ? "The small-reference size cannot be negative."
        : MinBaselineCount < 1 || MinWindowCount < 1 ? "The minimum counts must be at least 1."
        : null;
}
