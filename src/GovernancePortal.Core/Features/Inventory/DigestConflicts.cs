using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Inventory;

/// <summary>
/// The one owner of the digest-conflict rule (ADR 0023), whoever meets a report (the registry for the API and the UI,
/// the OpenLineage writer for its batches): what counts as a conflict (<see cref="Check"/>, <see cref="FirstWithin"/>)
/// and how one is recorded (<see cref="RecordAsync"/>: a <see cref="DigestConflict"/> row plus an audit entry, both
/// written by the caller's next save).
/// </summary>
public static class DigestConflicts
{
    /// <summary>
    /// The decision: a registered version reported with another digest (compared normalised) is a conflict; the same
    /// digest is the same version (an idempotent retry). Null when there is no conflict; otherwise the conflict,
    /// worded for <paramref name="reportedBy"/> (e.g. "run 0b7c…"), naming both digests.
    /// </summary>
    public static Error.Conflict? Check(string model, string version, string registeredSha256, string reportedSha256, string? reportedBy = null, string? consequence = null)
    {
        var (registered, reported) = (Digest.Normalize(registeredSha256), Digest.Normalize(reportedSha256));
        return registered == reported ? null
            : new Error.Conflict($"{model} {version} is registered with digest {registered}; {(reportedBy is null ? "" : reportedBy + " reported ")}{reported}{(reportedBy is null ? " was reported" : "")}. "
                + (consequence ?? "Register a new version; this conflict was recorded."));
    }

    /// <summary>
    /// One set of reports naming a version twice with different digests contradicts itself (no registered version is
    /// needed to see it): the first such (model, version), or null.
    /// </summary>
    public static (string Model, string Version)? FirstWithin(IEnumerable<(string Model, string Version, string Sha256)> reports) =>
        reports.GroupBy(r => (r.Model, r.Version)).FirstOrDefault(g => g.Select(r => Digest.Normalize(r.Sha256)).Distinct().Count() > 1)?.Key;

    public static async Task RecordAsync(GovernanceDbContext db, Guid versionId, string registeredSha256, string reportedSha256, CancellationToken ct)
    {
        var (registered, reported) = (Digest.Normalize(registeredSha256), Digest.Normalize(reportedSha256));
        var now = db.UtcNow;
        var row = db.DigestConflicts.Local.FirstOrDefault(c => c.ModelVersionId == versionId && c.ReportedSha256 == reported)
            ?? await db.DigestConflicts.FirstOrDefaultAsync(c => c.ModelVersionId == versionId && c.ReportedSha256 == reported, ct);
        if (row is null)
            db.DigestConflicts.Add(new DigestConflict
            {
                ModelVersionId = versionId, RegisteredSha256 = registered, ReportedSha256 = reported,
                FirstReportedBy = db.Actor?.Name ?? "", FirstReportedAt = now, LastReportedAt = now,
            });
        else
        {
            row.Reports++;
            row.LastReportedAt = now;
        }
        db.AddAuditEvent(new AuditEvent(AuditActions.DigestConflict, nameof(ModelVersion), versionId.ToString(), registered, reported));
    }
}
