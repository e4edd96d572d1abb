using System.Diagnostics.CodeAnalysis;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>
/// One uploaded file as its caller holds it: a stream the service spools once its checks pass (the page reads the
/// browser's file straight into the spool), or a file already spooled while the API read the multipart body
/// (<see cref="ComputedEvaluationService.SpoolAsync"/>). Either way the bytes reach the disk once.
/// </summary>
public sealed class EvidenceUpload
{
    private readonly Stream? stream;
    private readonly UploadSpool? spooled;

    private EvidenceUpload(Stream? stream, UploadSpool? spooled) => (this.stream, this.spooled) = (stream, spooled);

    public static EvidenceUpload Of(Stream stream) => new(stream ?? throw new ArgumentNullException(nameof(stream)), null);

    /// <summary>A file spooled by <see cref="ComputedEvaluationService.SpoolAsync"/>; the caller still disposes it (deleting is idempotent).</summary>
    public static EvidenceUpload Of(UploadSpool spooled) => new(null, spooled ?? throw new ArgumentNullException(nameof(spooled)));

    // Callers with a stream (the page, the demo seeder, tests) pass it as before; no stream (no perturbed file) is no upload.
    [return: NotNullIfNotNull(nameof(stream))]
    public static implicit operator EvidenceUpload?(Stream? stream) => stream is null ? null : Of(stream);

    /// <summary>The spooled file, or null when it is larger than <paramref name="maxBytes"/> (a spooled one was checked against the same limit).</summary>
    internal async Task<UploadSpool?> SpoolAsync(long maxBytes, string folder, CancellationToken ct) =>
        spooled is { } s ? (s.SizeBytes > maxBytes ? null : s) : await UploadSpool.CreateAsync(stream!, maxBytes, folder, ct);
}
