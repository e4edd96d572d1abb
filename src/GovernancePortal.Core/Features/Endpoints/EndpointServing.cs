using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Endpoints;

/// <summary>What an endpoint serves, as every screen and rule states it.</summary>
/// <param name="ReportedVersionId">The registered version its report names (model name + version), if any: a claim.</param>
/// <param name="ServedVersionId">The registered version whose digest it serves, if any: the fact.</param>
public sealed record EndpointRow(
    Guid Id, string Name, DeploymentEnvironment Environment, string Url, string ReportedModelName, string ReportedVersion, string ReportedSha256,
    Guid? ReportedVersionId, Guid? ServedVersionId, string? ServedModelName, string? ServedVersion, Guid? AiSystemId, string? AiSystemKey, string? AiSystemName,
    DateTime FirstSeen, DateTime LastSeen)
{
    /// <summary>The served digest matches a registered version.</summary>
    public bool ServesRegistered => ServedVersionId is not null;

    /// <summary>The report names a registered version, but the artifact served is not that version.</summary>
    public bool ReportDisagrees => ReportedVersionId is not null && ReportedVersionId != ServedVersionId;

    public string Reported => $"{ReportedModelName} v{ReportedVersion}";

    public string? Served => ServedVersionId is null ? null : $"{ServedModelName} v{ServedVersion}";
}

/// <summary>
/// The one owner of "what does this endpoint serve": the artifact is known by its digest, never by the name and version
/// the infrastructure reports (a hot-fixed build keeps its old label). The endpoints list and page, the lineage edge a
/// report writes, the review screen and the untracked-promotion and unregistered-artifact rules all ask here.
/// </summary>
public static class EndpointServing
{
    /// <summary>The endpoints as rows; the served version is the registered one with the reported digest (the earliest, should two share it).</summary>
    public static IQueryable<EndpointRow> Rows(GovernanceDbContext db, IQueryable<ServingEndpoint> endpoints) => endpoints.Select(e => new EndpointRow(
        e.Id, e.Name, e.Environment, e.Url, e.ReportedModelName, e.ReportedVersion, e.ReportedSha256, e.ModelVersionId,
        db.ModelVersions.Where(v => v.Sha256 == e.ReportedSha256).OrderBy(v => v.CreatedAt).Select(v => (Guid?)v.Id).FirstOrDefault(),
        db.ModelVersions.Where(v => v.Sha256 == e.ReportedSha256).OrderBy(v => v.CreatedAt).Select(v => v.Model!.Name).FirstOrDefault(),
        db.ModelVersions.Where(v => v.Sha256 == e.ReportedSha256).OrderBy(v => v.CreatedAt).Select(v => v.Version).FirstOrDefault(),
        e.AiSystemId, e.AiSystem == null ? null : e.AiSystem.Key, e.AiSystem == null ? null : e.AiSystem.Name, e.FirstSeen, e.LastSeen));

    /// <summary>Endpoints whose served digest does (or does not) match a registered version.</summary>
    public static IQueryable<ServingEndpoint> WhereServesRegistered(this IQueryable<ServingEndpoint> endpoints, GovernanceDbContext db, bool registered) =>
        endpoints.Where(e => db.ModelVersions.Any(v => v.Sha256 == e.ReportedSha256) == registered);

    /// <summary>Endpoints that serve a version or report that they do: both belong on that version's review.</summary>
    public static IQueryable<ServingEndpoint> ServingOrClaiming(GovernanceDbContext db, Guid versionId) =>
        db.ServingEndpoints.Where(e => e.ModelVersionId == versionId || db.ModelVersions.Any(v => v.Id == versionId && v.Sha256 == e.ReportedSha256));
}
