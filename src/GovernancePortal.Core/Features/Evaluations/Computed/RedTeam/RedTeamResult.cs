namespace GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;

/// <summary>The file formats a red-team result is read from (ADR 0033).</summary>
public enum RedTeamFormat { Garak, Pyrit, Csv }

/// <summary>
/// Attack outcomes for one probe (garak), category (PyRIT, generic CSV) and, for garak, detector: how many attempts
/// were scored and how many of them the attack won. <see cref="DigestRate"/> is garak's own attack success rate from
/// its digest entry (cross-checked against the counts); <see cref="ToolLow"/>/<see cref="ToolHigh"/> the tool's own
/// confidence interval when the file gives one.
/// </summary>
public sealed class AttackCounts(string probe, string? detector, long line)
{
    public string Probe { get; } = probe;
    public string? Detector { get; } = detector;
    /// <summary>The 1-based line the counts come from (garak's eval entry), or 0 for counts summed over rows.</summary>
    public long Line { get; } = line;
    public long Attempts { get; set; }
    public long Succeeded { get; set; }
    public double? DigestRate { get; set; }
    public double? ToolLow { get; set; }
    public double? ToolHigh { get; set; }

    /// <summary>The attack success rate; null when nothing was scored (no rate is better than a made-up 0).</summary>
    public double? Rate => Attempts == 0 ? null : DigestRate ?? (double)Succeeded / Attempts;
}

/// <summary>What one red-team file says: the tool, its target, and the outcome counts per probe (and detector).</summary>
public sealed class RedTeamResult
{
    public required RedTeamFormat Format { get; init; }
    /// <summary>The tool that ran the attacks: garak, PyRIT, or the generic CSV's unnamed tool.</summary>
    public required string Tool { get; init; }
    public string? ToolVersion { get; set; }
    /// <summary>How the file was written: jsonl (garak), json or csv (PyRIT, the generic CSV).</summary>
    public string? FileKind { get; set; }
    public string? TargetType { get; set; }
    public string? TargetName { get; set; }
    public string? RunId { get; set; }
    public string? RunStartedAt { get; set; }
    /// <summary>Whether garak's digest entry was present and gave figures (then they were cross-checked).</summary>
    public bool DigestUsed { get; set; }
    /// <summary>The tool's confidence level(s) for its own intervals, e.g. "0.95" (garak's bootstrap).</summary>
    public SortedSet<string> ToolConfidence { get; } = new(StringComparer.Ordinal);
    /// <summary>garak: one per (probe, detector) eval entry. PyRIT and CSV: one per category, detector null.</summary>
    public List<AttackCounts> Counts { get; } = [];
    /// <summary>Every scored attempt once (PyRIT and CSV rows; a row in several categories counts once here).</summary>
    public long RowsAttempted { get; set; }
    public long RowsSucceeded { get; set; }
}
