namespace GovernancePortal.Core.Features.Evaluations.Files;

/// <summary>Where evidence files are kept (section <c>Evidence</c>, key <c>FileStore</c>; ADR 0040).</summary>
public sealed class EvidenceFileStoreOptions
{
    public const string Section = "Evidence";

    /// <summary>
    /// The store's root folder. The web host defaults it to <c>evidence/</c> beside the SQLite database (or under
    /// <c>data/</c> on PostgreSQL); several instances on one PostgreSQL database must share one volume here.
    /// </summary>
    public string? FileStore { get; set; }
}
