namespace GovernancePortal.Core.Audit;

public enum ActorKind { User, Service, System }

/// <summary>Who performs a change. Every audited write needs one (fail-closed).</summary>
public sealed record Actor(string Name, ActorKind Kind)
{
    public static Actor User(string email) => new(email, ActorKind.User);
    public static Actor System(string name) => new(name, ActorKind.System);
    public override string ToString() => $"{Kind}:{Name}";
}
