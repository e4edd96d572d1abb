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
    public bool Satisfies(string policy) =>
        Policies.RolesByPolicy.TryGetValue(policy, out var roles) && roles.Any(Roles.Contains);

    /// <summary>The error to return when <paramref name="policy"/> is not met, or null when it is.</summary>
    public Error? Deny(string policy, string action) =>
        Satisfies(policy) ? null : new Error.Forbidden($"You are not allowed to {action} ({Actor.Name} lacks the {policy} policy).");

    public static Caller FromPrincipal(ClaimsPrincipal user) => new(
        Actor.User(user.Identity?.Name ?? throw new InvalidOperationException("Anonymous callers cannot act.")),
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet());

    /// <summary>The operator running an admin verb on the host: trusted like an Admin, audited as System.</summary>
    public static Caller System(string name) => new(Actor.System(name), Identity.Roles.All.ToHashSet());
}
