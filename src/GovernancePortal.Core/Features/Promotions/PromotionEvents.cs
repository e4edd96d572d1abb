namespace GovernancePortal.Core.Features.Promotions;

/// <summary>
/// In-process notification that some promotion request changed. The inbox badge and open review screens
/// subscribe to refresh live; subscribers recount from the database, so a missed event only delays a refresh.
/// With several instances on PostgreSQL, <paramref name="peers"/> carries it to the other instances (ADR 0043).
/// </summary>
public sealed class PromotionEvents(Data.Instances.IPeerBroadcast? peers = null)
{
    public event Action<Guid>? Changed;

    /// <summary>A request changed on this instance: subscribers here, then the other instances.</summary>
    public void Publish(Guid requestId)
    {
        PublishFromPeer(requestId);
        peers?.PromotionChanged(requestId);
    }

    /// <summary>A request changed on another instance (<see cref="Guid.Empty"/>: unknown which; everyone recounts).</summary>
    public void PublishFromPeer(Guid requestId)
    {
        foreach (var handler in Changed?.GetInvocationList() ?? [])
            try { ((Action<Guid>)handler)(requestId); }
            catch (Exception) { /* a broken subscriber (closed circuit) must not fail the writer */ }
    }
}

public sealed class PromotionOptions
{
    public const string Section = "Promotions";
    /// <summary>A pending request older than this expires.</summary>
    public int PendingExpiryDays { get; set; } = 30;
    /// <summary>The inbox warns about requests waiting longer than this.</summary>
    public int SlaWarningDays { get; set; } = 5;
}
