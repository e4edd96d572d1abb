namespace GovernancePortal.Core.Identity;

/// <summary>
/// The one definition of a disabled account: an admin lock, which has no end (<see cref="UserAdminService.SetLockedAsync"/>).
/// A temporary lockout after failed sign-ins is not a disabled account: it must not block the owner's pipelines, or any
/// stranger could stop them with five wrong passwords.
/// </summary>
public static class UserStatus
{
    public static readonly DateTimeOffset DisabledUntil = DateTimeOffset.MaxValue;

    public static bool IsDisabled(DateTimeOffset? lockoutEnd) => lockoutEnd is { } end && end >= DisabledUntil.AddYears(-1);
}
