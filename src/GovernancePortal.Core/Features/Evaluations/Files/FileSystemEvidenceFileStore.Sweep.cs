using Microsoft.Extensions.Logging;

namespace GovernancePortal.Core.Features.Evaluations.Files;

public sealed partial class FileSystemEvidenceFileStore
{
    private const string SweepSuffix = ".sweep.tmp";
    private const int NamedBatch = 500;

    /// <summary>
    /// More orphans than this in one pass (and more than a tenth of the store) is not a rolled-back upload or two but a
    /// store shared with another database, or an instance pointed at the wrong or an empty one: nothing is deleted then.
    /// </summary>
    internal const int SuspiciousOrphans = 20;

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
        var stored = 0;
        // Temporary names start with a dot, which .NET counts as hidden and skips by default.
        foreach (var file in Directory.EnumerateFiles(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2, AttributesToSkip = 0 }))
        {
            if (Path.GetRelativePath(Root, Path.GetDirectoryName(file)!).StartsWith(".spool", StringComparison.Ordinal)) continue;
            var name = Path.GetFileName(file);
            if (IsDigest(name) && file == PathOf(name))
            {
                stored++;
                if (Untouched(file, cutoff)) candidates.Add(name);
            }
            else if (name.Length == 65 + SweepSuffix.Length && name.EndsWith(SweepSuffix, StringComparison.Ordinal) && name[1..65] is var sha && IsDigest(sha))
            {
                // A sweep that stopped halfway: the stored file goes back (this pass judges it again next time).
                PutBack(file, sha);
            }
            else if (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal) && Untouched(file, cutoff) && TryDelete(file))
                leftovers++;
        }

        var unnamed = new List<string>();
        foreach (var batch in candidates.Chunk(NamedBatch))
        {
            var keep = await named(batch, ct);
            unnamed.AddRange(batch.Where(s => !keep.Contains(s)));
        }
        if (unnamed.Count > SuspiciousOrphans && unnamed.Count * 10 > stored)
        {
            log.LogError("Evidence store sweep: {Unnamed} of {Stored} stored files are named by no evaluation in this database. " +
                "Is Evidence:FileStore shared with another database, or this instance pointed at the wrong one? Nothing was deleted.", unnamed.Count, stored);
            return new(0, leftovers);
        }
        var orphans = unnamed.Count(sha => SweepOrphan(sha, cutoff));
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
        PutBack(aside, sha256);
        return false;
    }

    /// <summary>
    /// A file set aside goes back under its digest's name. Only when that name already holds a file (an upload kept its
    /// own copy of the same bytes) is the aside copy deleted; any other failure leaves it for the next pass.
    /// </summary>
    private void PutBack(string aside, string sha256)
    {
        var path = PathOf(sha256);
        if (TryMove(aside, path)) return;
        if (File.Exists(path)) TryDelete(aside);
        else log.LogWarning("Evidence store sweep: could not put {Sha256} back under its name; left aside for the next pass.", sha256);
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
