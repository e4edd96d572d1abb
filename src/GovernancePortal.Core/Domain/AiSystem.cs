namespace GovernancePortal.Core.Domain;

/// <summary>A business use that models serve, e.g. "Retail credit scoring". Approvals are per use.</summary>
public class AiSystem : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Stable URL-safe key, e.g. <c>retail-credit-scoring</c>; the <c>use</c> in the API.</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }
    public required string Owner { get; set; }
    public required string BusinessUnit { get; set; }
    public RiskTier RiskTier { get; set; }
    public required string IntendedPurpose { get; set; }
    public DateTime CreatedAt { get; set; }
}
