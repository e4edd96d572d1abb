namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>
/// When a baseline/window comparison counts as drift (ADR 0036). Defaults are Evidently's: p-value 0.05 for the
/// small-reference tests, 0.1 for the normalised Wasserstein and Jensen–Shannon distances, PSI bands 0.1 / 0.25, and a
/// reference of at most 1,000 observations counted as small. The minimum counts are this portal's guard so that
/// a thin window (or baseline) never alarms. A policy's <c>monitoring</c> section overrides any of them (ADR 0041).
/// </summary>
/// <param name="Ks">Drift when the Kolmogorov–Smirnov p-value is below this.</param>
/// <param name="ChiSquare">Drift when the chi-square p-value is below this.</param>
/// <param name="ZTest">Drift when the two-proportion Z-test p-value is below this.</param>
/// <param name="Wasserstein">Drift when the Wasserstein-1 distance divided by the reference's standard deviation is at least this.</param>
/// <param name="JensenShannon">Drift when the Jensen–Shannon distance (natural log) is at least this.</param>
/// <param name="PsiModerate">PSI from here is reported as a moderate shift.</param>
/// <param name="PsiMajor">PSI from here is reported as a major shift.</param>
/// <param name="SmallReference">A baseline with at most this many observations gets the p-value tests; larger ones the distances.</param>
/// <param name="MinBaselineCount">Below this many baseline observations no drift is reported.</param>
/// <param name="MinWindowCount">Below this many window observations no drift is reported.</param>
public sealed record DriftThresholds(
    double Ks = 0.05,
    double ChiSquare = 0.05,
    double ZTest = 0.05,
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

    /// <summary>
    /// The number that decides <paramref name="test"/> (a <see cref="DriftTests"/> name): the p-value below which the
    /// KS, chi-square and Z-test call drift, the distance from which Wasserstein and Jensen–Shannon do. The one owner of
    /// the test → threshold mapping (the detector, the page's charts and the finding's evidence all read it here).
    /// </summary>
    public double For(string test) => test switch
    {
        DriftTests.KolmogorovSmirnov => Ks,
        DriftTests.ChiSquare => ChiSquare,
        DriftTests.ZTest => ZTest,
        DriftTests.Wasserstein => Wasserstein,
        DriftTests.JensenShannon => JensenShannon,
        _ => throw new ArgumentOutOfRangeException(nameof(test), test, "Not a drift test."),
    };

    /// <summary>Whether <paramref name="test"/> decides by a p-value (drift below the threshold) rather than a distance (drift at or above it).</summary>
    public static bool IsPValueTest(string test) => test is DriftTests.KolmogorovSmirnov or DriftTests.ChiSquare or DriftTests.ZTest;

    /// <summary>Why these thresholds cannot be used (a policy override out of range) as (field, message), or null when they can.</summary>
    public (string Field, string Message)? Validate() =>
        Ks is <= 0 or >= 1 || double.IsNaN(Ks) ? ("ks", "The KS p-value threshold must be between 0 and 1.")
        : ChiSquare is <= 0 or >= 1 || double.IsNaN(ChiSquare) ? ("chi2", "The chi-square p-value threshold must be between 0 and 1.")
        : ZTest is <= 0 or >= 1 || double.IsNaN(ZTest) ? ("ztest", "The Z-test p-value threshold must be between 0 and 1.")
        : !(Wasserstein > 0) || double.IsInfinity(Wasserstein) ? ("wasserstein", "The Wasserstein threshold must be a positive number.")
        : JensenShannon is <= 0 or > 1 || double.IsNaN(JensenShannon) ? ("jensenshannon", "The Jensen–Shannon threshold must be above 0 and at most 1.")
        : !(PsiModerate > 0) || double.IsInfinity(PsiModerate) ? ("psiModerate", "The moderate PSI band must be a positive number.")
        : !(PsiMajor >= PsiModerate) || double.IsInfinity(PsiMajor) ? ("psiMajor", "The major PSI band must be a number at least the moderate one.")
        : SmallReference < 0 ? ("smallReference", "The small-reference size cannot be negative.")
        : MinBaselineCount < 1 ? ("minBaselineCount", "The minimum baseline count must be at least 1.")
        : MinWindowCount < 1 ? ("minWindowCount", "The minimum window count must be at least 1.")
        : null;
}
