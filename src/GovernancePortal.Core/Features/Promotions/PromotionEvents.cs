namespace GovernancePortal.Core.Features.Promotions;

/// <summary>
/// In-process notification that some promotion request changed. The inbox badge and open review screens
/// subscribe to refresh live; subscribers recount from the database, so a missed event only delays a refresh.
/// </summary>
public sealed class PromotionEvents
{
    public event Action<Guid>? Changed;

    public void Publish(Guid requestId)
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
