using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.ServiceIdentities;

/// <summary>
/// A non-human identity (pipeline, deploy bot) that calls the API with a bearer token. Only the token's
/// SHA-256 is stored. A service identity can never approve anything, whatever its scopes.
/// </summary>
public class ServiceIdentity : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>The user id of the person accountable for this identity (ADR 0013). Null only for an identity migrated
    /// from the free-text era whose owner matched no account: its token is refused until it is re-created.</summary>
    public string? OwnerId { get; set; }
    /// <summary>The owner's e-mail when the identity was created, for display (and for an owner since deleted).</summary>
    public required string Owner { get; set; }
    public string Purpose { get; set; } = "";
    public List<string> Scopes { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    /// <summary>Lower-case hex SHA-256 of the current token.</summary>
    public required string TokenHash { get; set; }
    /// <summary>First characters of the token, safe to show ("gp_4Fq9…").</summary>
    public required string TokenHint { get; set; }
    /// <summary>The token replaced by the last rotation, accepted until <see cref="PreviousTokenValidUntil"/>.</summary>
    public string? PreviousTokenHash { get; set; }
    public DateTime? PreviousTokenValidUntil { get; set; }
}

/// <summary>
/// When and from where an identity was last used, per scope. Kept apart from the audited identity so a
/// heartbeat is not a governed change (each API call is audited on its own).
/// </summary>
public class ServiceIdentityUsage
{
    public Guid ServiceIdentityId { get; set; }
    public DateTime LastUsedAt { get; set; }
    public string LastUsedFrom { get; set; } = "";
    /// <summary>Scope name → last time a call needed it.</summary>
    public Dictionary<string, DateTime> ScopesLastUsed { get; set; } = [];
}

/// <summary>The API's scopes. Least privilege: a token holds only what its pipeline needs.</summary>
public static class Scopes
{
    public const string LineageWrite = "lineage:write";
    public const string ModelsWrite = "models:write";
    public const string EvaluationsWrite = "evaluations:write";
    public const string DeploymentsWrite = "deployments:write";
    public const string ObservationsWrite = "observations:write";
    public const string PromotionsRequest = "promotions:request";
    public const string Read = "read";

    public static readonly IReadOnlyList<string> All =
        [LineageWrite, ModelsWrite, EvaluationsWrite, DeploymentsWrite, ObservationsWrite, PromotionsRequest, Read];
}
