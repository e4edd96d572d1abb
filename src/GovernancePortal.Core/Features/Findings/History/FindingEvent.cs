namespace GovernancePortal.Core.Features.Findings.History;

/// <summary>A transition in a finding's life, as the detail page shows it.</summary>
public enum FindingEventKind { Raised, Acknowledged, Resolved, AutoResolved, Reopened, Suppressed, SuppressionExpired }

/// <summary>
/// One transition of one finding: who, when, what they wrote. Append-only and written in the same save as the
/// transition itself (ADR 0030). It is the history people read; the audit chain stays the tamper-evident record, and
/// nothing reads these rows to decide anything.
/// </summary>
public class FindingEvent
{
    public long Id { get; set; }
    public Guid FindingId { get; set; }
    public FindingEventKind Kind { get; set; }
    public DateTime At { get; set; }
    /// <summary>The person's e-mail, or the system actor (<c>findings-engine</c>) for raises, automatic resolutions and expiries.</summary>
    public string Actor { get; set; } = "";
    /// <summary>The comment, reason or the engine's explanation of why.</summary>
    public string? Text { get; set; }
    /// <summary>Only for <see cref="FindingEventKind.Suppressed"/>: the date the accepted risk is looked at again.</summary>
    public DateTime? SuppressedUntil { get; set; }
}
