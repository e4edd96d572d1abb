using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Evaluations.Files;

/// <summary>A kept file of an evaluation, opened and verified: the caller streams <see cref="Content"/> and disposes it.</summary>
public sealed record EvidenceDownload(string Sha256, string FileName, string MediaType, long SizeBytes, Stream Content);

/// <summary>A file an evaluation was computed from, and whether the portal kept its bytes.</summary>
public sealed record EvaluationFile(string Role, string Sha256, string FileName, long SizeBytes, bool Kept);

/// <summary>
/// Reading the files evaluations were computed from (ADR 0040): anyone who may read the evaluation may download them,
/// only under a digest that belongs to that evaluation, and only bytes that still hash to it.
/// </summary>
public sealed class EvidenceFileService(IDbContextFactory<GovernanceDbContext> dbFactory, IEvidenceFileStore store)
{
    /// <summary>The evaluation's source files (none for reported evidence): the predictions file, or clean and perturbed.</summary>
    public async Task<IReadOnlyList<EvaluationFile>> FilesOfAsync(Guid evaluationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var upload = await db.EvaluationUploads.AsNoTracking().FirstOrDefaultAsync(u => u.EvaluationId == evaluationId, ct);
        if (upload is null) return [];
        var files = new List<(string Role, string Sha, string Name, long Size)>
            { (upload.PerturbedSha256 is null ? "file" : "clean", upload.Sha256, upload.FileName, upload.SizeBytes) };
        if (upload.PerturbedSha256 is { } perturbed) files.Add(("perturbed", perturbed, upload.PerturbedFileName ?? "perturbed", upload.PerturbedSizeBytes ?? 0));
        var digests = files.Select(f => f.Sha).ToList();
        var kept = await db.NamedDigestsAsync(digests, ct);
        return files.Select(f => new EvaluationFile(f.Role, f.Sha, f.Name, f.Size, kept.Contains(f.Sha))).ToList();
    }

    /// <summary>
    /// Opens the file <paramref name="sha256"/> of evaluation <paramref name="evaluationId"/>. Not found when the digest is
    /// not one of that evaluation's files or was never kept; a conflict when the stored bytes are gone or no longer hash
    /// to the digest (the store logs it).
    /// </summary>
    public async Task<Result<EvidenceDownload>> OpenAsync(Caller caller, Guid evaluationId, string sha256, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Reader, "read evaluations") is { } denied) return denied;
        var digest = sha256.Trim().ToLowerInvariant();
        var file = (await FilesOfAsync(evaluationId, ct)).FirstOrDefault(f => f.Sha256 == digest);
        if (file is null) return new Error.NotFound($"File {Digest.Short(digest)}… of this evaluation");
        if (!file.Kept)
            return new Error.NotFound($"A kept copy of {file.FileName} (evaluations computed before the portal kept files have only its digest)");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mediaType = await db.EvidenceFiles.AsNoTracking().Where(f => f.Sha256 == digest).Select(f => f.MediaType).FirstAsync(ct);
        var read = await store.OpenVerifiedAsync(digest, ct);
        return read.State switch
        {
            StoredFileState.Intact => new EvidenceDownload(digest, file.FileName, mediaType, read.SizeBytes, read.Content!),
            StoredFileState.Missing => new Error.Conflict(
                $"The stored copy of {file.FileName} (SHA-256 {digest}) is missing from the evidence store; restore it from backup. Nothing was served."),
            _ => new Error.Conflict(
                $"The stored copy of {file.FileName} no longer matches its SHA-256 {digest}: it was changed or damaged; restore it from backup. Nothing was served."),
        };
    }
}
