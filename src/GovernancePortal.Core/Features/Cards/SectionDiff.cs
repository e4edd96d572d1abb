namespace GovernancePortal.Core.Features.Cards;

public enum DiffKind { Same, Removed, Added }

public sealed record DiffLine(DiffKind Kind, string Text);

/// <summary>
/// Line diff of one section between two revisions: common head and tail first, then a longest common
/// subsequence of the middle. The LCS table is quadratic, and a section may hold 20,000 one-character lines
/// (1.6 GB of table), so a middle larger than <see cref="MaxCells"/> is shown as removed-then-added instead.
/// </summary>
public static class SectionDiff
{
    /// <summary>At most 4 MB of LCS table per section; real edits to prose stay far below it.</summary>
    public const int MaxCells = 1_000_000;

    public static IReadOnlyList<DiffLine> Lines(string? before, string? after)
    {
        var a = Split(before);
        var b = Split(after);
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head]) head++;
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)]) tail++;

        var result = new List<DiffLine>(a.Length + b.Length);
        result.AddRange(a[..head].Select(l => new DiffLine(DiffKind.Same, l)));
        Middle(a[head..(a.Length - tail)], b[head..(b.Length - tail)], result);
        result.AddRange(a[(a.Length - tail)..].Select(l => new DiffLine(DiffKind.Same, l)));
        return result;
    }

    private static void Middle(string[] a, string[] b, List<DiffLine> result)
    {
        if ((long)(a.Length + 1) * (b.Length + 1) > MaxCells)
        {
            result.AddRange(a.Select(l => new DiffLine(DiffKind.Removed, l)));
            result.AddRange(b.Select(l => new DiffLine(DiffKind.Added, l)));
            return;
        }
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
            if (a[x] == b[y]) { result.Add(new(DiffKind.Same, a[x])); x++; y++; }
            else if (lcs[x + 1, y] >= lcs[x, y + 1]) result.Add(new(DiffKind.Removed, a[x++]));
            else result.Add(new(DiffKind.Added, b[y++]));
        while (x < a.Length) result.Add(new(DiffKind.Removed, a[x++]));
        while (y < b.Length) result.Add(new(DiffKind.Added, b[y++]));
    }

    private static string[] Split(string? text) =>
        string.IsNullOrEmpty(text) ? [] : CardCanonical.NormalizeText(text).Split('\n');
}
