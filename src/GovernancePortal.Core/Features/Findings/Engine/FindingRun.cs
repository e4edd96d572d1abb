namespace GovernancePortal.Core.Features.Findings.Engine;

/// <summary>
/// One evaluation by the engine: how long it took and what it changed. Not audited (it changes nothing governed;
/// the findings it raises or resolves are audited themselves).
/// </summary>
public class FindingRun
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateTime StartedAt { get; set; }
    public bool Full { get; set; }
    public int Changes { get; set; }
    public int DurationMs { get; set; }
    public int Raised { get; set; }
    public int Updated { get; set; }
    public int Resolved { get; set; }
    /// <summary>Who ran it: the background runner or a person asking for a full check.</summary>
    public string RunBy { get; set; } = "";
}
