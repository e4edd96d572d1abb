namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>
/// The verdict for one feature or score: which test decided (<see cref="DriftTests"/>), its statistic (KS D,
/// chi-square, Z, normalised Wasserstein or Jensen–Shannon distance), its p-value (null for the distances), the PSI
/// (always reported, never decides), whether it is drift, both counts, and a sentence a reviewer can read.
/// </summary>
public sealed record DriftVerdict(
    string Feature, string Test, double Statistic, double? PValue, double Psi, bool Drift,
    long BaselineCount, long WindowCount, string Explanation);

/// <summary>The names a verdict's <see cref="DriftVerdict.Test"/> takes (the API's <c>test</c> values).</summary>
public static class DriftTests
{
    public const string KolmogorovSmirnov = "ks";
    public const string ChiSquare = "chi2";
    public const string ZTest = "ztest";
    public const string Wasserstein = "wasserstein";
    public const string JensenShannon = "jensenshannon";
}
