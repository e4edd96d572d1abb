namespace GovernancePortal.Core.Features.Evaluations.Files;

/// <summary>What reading a kept file found: the bytes still hash to their name, the file is gone, or it changed.</summary>
public enum StoredFileState { Intact, Missing, Corrupted }

/// <summary>
/// The outcome of <see cref="IEvidenceFileStore.OpenVerifiedAsync"/>: for <see cref="StoredFileState.Intact"/> a stream
/// at offset 0 over bytes that were just hashed to the digest asked for (the caller disposes it); otherwise no stream.
/// Reading it to its end throws <see cref="IOException"/> instead of giving out the last bytes if the file changed since
/// that check, so a download is cut short rather than completed with other bytes.
/// </summary>
public sealed record StoredFileRead(StoredFileState State, Stream? Content, long SizeBytes);

/// <summary>
/// Content-addressed storage of the files evidence was computed from (ADR 0040). Files are named by their SHA-256,
/// written atomically and durably, never rewritten while intact, and verified against their name on every read.
/// </summary>
public interface IEvidenceFileStore
{
    /// <summary>
    /// Where uploads are spooled: on the store's own file system, so keeping a spooled file is a rename, not a copy.
    /// </summary>
    string SpoolFolder { get; }

    /// <summary>
    /// Moves the file at <paramref name="path"/> (whose bytes hash to <paramref name="sha256"/>) into the store. When this
    /// returns, the file is on disk under its digest and survives a crash; an intact file already stored under that digest
    /// is kept and the new copy dropped. <paramref name="path"/> no longer exists afterwards.
    /// </summary>
    Task KeepAsync(string path, string sha256, CancellationToken ct = default);

    /// <summary>Opens the file stored under <paramref name="sha256"/> after checking that its bytes still hash to it.</summary>
    Task<StoredFileRead> OpenVerifiedAsync(string sha256, CancellationToken ct = default);

    /// <summary>
    /// Deletes stored files untouched since <paramref name="cutoff"/> whose digest <paramref name="named"/> does not
    /// return, and spool and temporary files untouched since then; never a file an upload is about to name.
    /// </summary>
    Task<EvidenceSweep> SweepAsync(DateTime cutoff, Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlySet<string>>> named,
        CancellationToken ct = default);
}
