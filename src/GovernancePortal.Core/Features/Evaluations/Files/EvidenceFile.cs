using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Evaluations.Files;

/// <summary>
/// A kept evidence file, one row per distinct content (ADR 0040): the bytes live in the <see cref="IEvidenceFileStore"/>
/// under their SHA-256, this row says what they are and who first brought them. Evaluations reach their files through
/// the digests of their <see cref="EvaluationUpload"/>; a second upload of the same bytes reuses the row and the file.
/// </summary>
public class EvidenceFile : IAuditable
{
    /// <summary>Lower-case hex SHA-256 of the bytes: the key, and the file's name in the store.</summary>
    public required string Sha256 { get; set; }
    public long SizeBytes { get; set; }
    /// <summary>What the bytes are, as served on download (e.g. <c>text/csv</c>).</summary>
    public required string MediaType { get; set; }
    /// <summary>The file name the first upload gave; later uploads of the same bytes keep their own name in their upload record.</summary>
    public required string OriginalFileName { get; set; }
    public DateTime FirstStoredAt { get; set; }
    /// <summary>Account id of the first uploader (user id, or service identity id), as in <see cref="EvaluationUpload.UploadedById"/>.</summary>
    public required string FirstStoredById { get; set; }
    public required string FirstStoredByName { get; set; }
}
