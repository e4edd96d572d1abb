using Microsoft.Extensions.Logging;

namespace GovernancePortal.Core.Features.Evaluations.Files;

public sealed partial class FileSystemEvidenceFileStore
{
    private const string SweepSuffix = ".sweep.tmp";
    private const int NamedBatch = 500;

    /// <summary>
    /// Deletes what nobody needs and nobody touched since <paramref name="cutoff"/>: spool files (an upload that crashed
    /// between spool and rename), temporary copies beside a target, and stored files whose digest
    /// <paramref name="named"/> does not return (their evaluation's transaction rolled back). A stored file is first
    /// renamed aside, its times read again there, and put back if an upload freshened it meanwhile (<see cref="KeepAsync"/>
    /// freshens a file it reuses, and keeps its own copy if the file is gone), so a file an evaluation is about to name is
    /// never lost to a sweep running beside it, on this instance or another one sharing the volume.
    /// </summary>
    public async Task<EvidenceSweep> SweepAsync(DateTime cutoff, Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlySet<string>>> named,
        CancellationToken ct = default)
    {
        if (!Directory.Exists(Root)) return new(0, 0);
        var leftovers = 0;
        foreach (var spooled in Directory.EnumerateFiles(SpoolFolder, "gp-upload-*.tmp"))
            if (Untouched(spooled, cutoff) && TryDelete(spooled)) leftovers++;

        var candidates = new List<string>();
        // Temporary names start with a dot, which .NET counts as hidden and skips by default.
        foreach (var file in Directory.EnumerateFiles(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2, AttributesToSkip = 0 }))
        {
            if (Path.GetRelativePath(Root, Path.GetDirectoryName(file)!).StartsWith(".spool", StringComparison.Ordinal)) continue;
            var name = Path.GetFileName(file);
            if (IsDigest(name) && file == PathOf(name))
            {
                if (Untouched(file, cutoff)) candidates.Add(name);
            }
            else if (name.Length == 65 + SweepSuffix.Length && name.EndsWith(SweepSuffix, StringComparison.Ordinal) && name[1..65] is var sha && IsDigest(sha))
            {
                // A sweep that stopped halfway: the stored file goes back (this pass judges it again next time).
                if (!TryMove(file, PathOf(sha))) TryDelete(file);
            }
            else if (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal) && Untouched(file, cutoff) && TryDelete(file))
                leftovers++;
        }

        var orphans = 0;
        foreach (var batch in candidates.Chunk(NamedBatch))
        {
            var keep = await named(batch, ct);
            foreach (var sha in batch.Where(s => !keep.Contains(s)))
                if (SweepOrphan(sha, cutoff)) orphans++;
        }
        if (leftovers + orphans > 0)
            log.LogInformation("Evidence store sweep: {Orphans} stored file(s) no evaluation names and {Leftovers} leftover temporary file(s) deleted.", orphans, leftovers);
        return new(orphans, leftovers);
    }

    private bool SweepOrphan(string sha256, DateTime cutoff)
    {
        var path = PathOf(sha256);
        var aside = Path.Combine(Path.GetDirectoryName(path)!, $".{sha256}{SweepSuffix}");
        if (!TryMove(path, aside)) return false;
        if (Untouched(aside, cutoff)) return TryDelete(aside);
        // Freshened by an upload just before the move: back under its name (unless that upload already kept its own copy).
        if (!TryMove(aside, path)) TryDelete(aside);
        return false;
    }

    /// <summary>Marks a stored file as just used (its access time): the sweep's grace period starts again.</summary>
    private bool Freshen(string path)
    {
        try
        {
            File.SetLastAccessTimeUtc(path, (time ?? TimeProvider.System).GetUtcNow().UtcDateTime);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return false; }
    }

    /// <summary>Neither written nor freshened since <paramref name="cutoff"/>.</summary>
    private static bool Untouched(string path, DateTime cutoff)
    {
        try { return File.GetLastWriteTimeUtc(path) < cutoff && File.GetLastAccessTimeUtc(path) < cutoff && File.Exists(path); }
        catch (IOException) { return false; }
    }

    private static bool TryMove(string from, string to)
    {
        try { File.Move(from, to, overwrite: false); return true; }
        catch (IOException) { return false; }
    }

    private static bool TryDelete(string path)
    {
        try { File.Delete(path); return true; }
        catch (IOException) { return false; }
    }
}

/// <summary>What a sweep of the evidence store deleted: stored files nobody names, and leftover temporary files.</summary>
public sealed record EvidenceSweep(int Orphans, int Leftovers);
