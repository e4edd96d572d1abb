using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Inventory;

/// <summary>
/// The one way a digest conflict is recorded, whoever noticed it (the registry for the API and the UI, the
/// OpenLineage writer for its batches): a <see cref="DigestConflict"/> row, plus an audit entry saying it happened,
/// both written by the caller's next save.
/// </summary>
public static class DigestConflicts
{
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

    public static string Message(string model, string version, string registered, string reported) =>
        $"{model} {version} is registered with digest {registered}; {reported} was reported. Register a new version; this conflict was recorded.";
}
