using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Cards;

/// <summary>The AI Card of one model version: its documentation of record. The content lives in revisions.</summary>
public class AiCard : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>One card per model version (unique).</summary>
    public Guid ModelVersionId { get; set; }
    public int LatestRevision { get; set; }
    /// <summary>The newest frozen revision, the one promotions bind to; null until the first submission.</summary>
    public int? PublishedRevision { get; set; }
    /// <summary>The card whose free text this one started from (the previous version's), if any.</summary>
    public Guid? StartedFromCardId { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One saved state of a card. Every save appends one; a published revision is frozen (never updated again), and
/// <see cref="Sha256"/> is the hash of its canonical content (sections + auto facts) that approvals bind to.
/// </summary>
public class AiCardRevision : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CardId { get; set; }
    public int Number { get; set; }
    /// <summary>Free text per section key (Markdown); empty sections are absent.</summary>
    public Dictionary<string, string> Sections { get; set; } = [];
    /// <summary>Who last changed each section, when, and in which revision.</summary>
    public Dictionary<string, SectionChange> Changes { get; set; } = [];
    /// <summary>Canonical JSON of the register facts (<see cref="CardFacts"/>) as they were when this revision was saved.</summary>
    public required string FactsJson { get; set; }
    /// <summary>Lower-case hex SHA-256 of <see cref="CardCanonical"/> content.</summary>
    public required string Sha256 { get; set; }
    public bool IsPublished { get; set; }
    public DateTime? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    /// <summary>Why the revision exists: "edit", "import", "started from ..." (shown in the history).</summary>
    public string Note { get; set; } = "";
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>The last change of one section: who, when, in which revision.</summary>
public sealed record SectionChange(string By, DateTime At, int Revision);
