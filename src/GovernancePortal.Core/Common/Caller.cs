using System.Security.Claims;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Identity;

namespace GovernancePortal.Core.Common;

/// <summary>
/// The authenticated party calling a service. Services authorize against it themselves (deny by default),
/// so a hidden button or a forged request cannot get around a policy.
/// </summary>
public sealed record Caller(Actor Actor, IReadOnlySet<string> Roles)
{
    /// <summary>API scopes of a service identity (empty for people).</summary>
    public IReadOnlySet<string> Scopes { get; init; } = new HashSet<string>();

    /// <summary>For a service identity, its id (whose owner is accountable for what it asks).</summary>
    public Guid? ServiceIdentityId { get; init; }

    public bool IsService => Actor.Kind == ActorKind.Service;

    /// <summary>The person's account id: the only thing identity rules compare (never <see cref="Actor.Name"/>).</summary>
    public string? UserId => Actor.Kind == ActorKind.User ? Actor.UserId : null;

    /// <summary>
    /// People satisfy a policy through their roles. Service identities never hold roles: a write scope
    /// lets them register (Editor), any scope lets them read, and nothing lets them administer, audit or approve.
    /// </summary>
    public bool Satisfies(string policy) => IsService
        ? policy switch
        {
            Policies.Reader => Scopes.Count > 0,
            Policies.Editor => Scopes.Any(s => s.EndsWith(":write", StringComparison.Ordinal)),
            _ => false,
        }
        : Policies.RolesByPolicy.TryGetValue(policy, out var roles) && roles.Any(Roles.Contains);

    public static Caller Service(string name, IEnumerable<string> scopes, Guid? serviceIdentityId = null) =>
        new(new Actor(name, ActorKind.Service), new HashSet<string>()) { Scopes = scopes.ToHashSet(), ServiceIdentityId = serviceIdentityId };

    /// <summary>The error to return when <paramref name="policy"/> is not met, or null when it is.</summary>
    public Error? Deny(string policy, string action) =>
        Satisfies(policy) ? null : new Error.Forbidden($"You are not allowed to {action} ({Actor.Name} lacks the {policy} policy).");

    /// <summary>A signed-in person: the account id from the cookie's name-identifier claim, the e-mail for display.</summary>
    public static Caller FromPrincipal(ClaimsPrincipal user) => new(
        Actor.User(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Anonymous callers cannot act."),
            user.Identity?.Name ?? throw new InvalidOperationException("Anonymous callers cannot act.")),
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet());

    /// <summary>The operator running an admin verb on the host: trusted like an Admin, audited as System.</summary>
    public static Caller System(string name) => new(Actor.System(name), Identity.Roles.All.ToHashSet());
}
