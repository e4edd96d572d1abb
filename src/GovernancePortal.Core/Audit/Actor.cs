namespace GovernancePortal.Core.Audit;

public enum ActorKind { User, Service, System }

/// <summary>
/// Who performs a change. Every audited write needs one (fail-closed). <see cref="Name"/> is for people to read
/// (audit, screens); <see cref="UserId"/> is what identity rules compare (ADR 0013): a display string can be
/// spelled many ways, an account id cannot.
/// </summary>
public sealed record Actor(string Name, ActorKind Kind)
{
    /// <summary>The Identity user id of a person; null for services and the system.</summary>
    public string? UserId { get; init; }

    public static Actor User(string userId, string email) => new(email, ActorKind.User) { UserId = userId };
    public static Actor System(string name) => new(name, ActorKind.System);
    public override string ToString() => $"{Kind}:{Name}";
}
