namespace GovernancePortal.Core.Data.Instances;

/// <summary>How the PostgreSQL runner lease is asked and checked (ADR 0043).</summary>
public sealed class RunnerLeaseOptions
{
    public const string Section = "RunnerLease";
    /// <summary>How often a runner that does not hold the lease asks again: the takeover time after a holder dies.</summary>
    public double RetrySeconds { get; set; } = 2;
    /// <summary>A check on the lease connection that takes longer than this counts as a lost lease.</summary>
    public double CheckTimeoutSeconds { get; set; } = 5;
}
