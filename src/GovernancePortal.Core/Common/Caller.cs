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

    public bool IsService => Actor.Kind == ActorKind.Service;

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

    public static Caller Service(string name, IEnumerable<string> scopes) =>
        new(new Actor(name, ActorKind.Service), new HashSet<string>()) { Scopes = scopes.ToHashSet() };

    /// <summary>The error to return when <paramref name="policy"/> is not met, or null when it is.</summary>
    public Error? Deny(string policy, string action) =>
        Satisfies(policy) ? null : new Error.Forbidden($"You are not allowed to {action} ({Actor.Name} lacks the {policy} policy).");

    public static Caller FromPrincipal(ClaimsPrincipal user) => new(
        Actor.User(user.Identity?.Name ?? throw new InvalidOperationException("Anonymous callers cannot act.")),
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet());

    /// <summary>The operator running an admin verb on the host: trusted like an Admin, audited as System.</summary>
    public static Caller System(string name) => new(Actor.System(name), Identity.Roles.All.ToHashSet());
}
