using System.Text.Json;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Identity;

public sealed record UserRow(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool LockedOut, int AccessFailedCount);

/// <summary>
/// User and role administration. Runs on the request-scoped context that Identity's stores use, inside one
/// transaction, so the user change and its audit entry commit together or not at all.
/// </summary>
public sealed class UserAdminService(UserManager<ApplicationUser> users, GovernanceDbContext db, TimeProvider time, Features.ServiceIdentities.ServiceTokenCache tokens)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct = default)
    {
        var roleNames = await db.Roles.ToDictionaryAsync(r => r.Id, r => r.Name!, ct);
        var userRoles = await db.UserRoles.ToListAsync(ct);
        var now = time.GetUtcNow();
        return (await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct))
            .Select(u => new UserRow(u.Id, u.Email!, u.DisplayName,
                userRoles.Where(r => r.UserId == u.Id).Select(r => roleNames[r.RoleId]).Order().ToList(),
                u.LockoutEnd > now, u.AccessFailedCount))
            .ToList();
    }

    public async Task<Result<string>> CreateAsync(Caller caller, string email, string displayName, string password, IReadOnlyCollection<string> roles, CancellationToken ct = default) =>
        await CreateAsync(caller, email, displayName, password, roles, id: null, ct);

    /// <summary>Creates a user; <paramref name="id"/> fixes the account id (the demo's users have stable ids).</summary>
    public async Task<Result<string>> CreateAsync(Caller caller, string email, string displayName, string password, IReadOnlyCollection<string> roles, string? id, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "create users") is { } denied) return denied;
        if (roles.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown)
            return Invalid("Roles", $"'{unknown}' is not a role. Roles: {string.Join(", ", Roles.All)}.");
        var user = new ApplicationUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, DisplayName = displayName.Trim() };
        if (id is not null) user.Id = id;
        return await InTransactionAsync(caller, async () =>
        {
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded) return Invalid("Password", Describe(created));
            var added = await users.AddToRolesAsync(user, roles);
            if (!added.Succeeded) return Invalid("Roles", Describe(added));
            db.AddAuditEvent(new("User.Created", "User", user.Id, null, Json(new { user.Email, user.DisplayName, Roles = roles.Order() })));
            return user.Id;
        }, ct);
    }

    public async Task<Result<string>> SetRolesAsync(Caller caller, string userId, IReadOnlyCollection<string> roles, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "change roles") is { } denied) return denied;
        if (roles.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown) return Invalid("Roles", $"'{unknown}' is not a role.");
        var user = await users.FindByIdAsync(userId);
        if (user is null) return new Error.NotFound("User");
        if (user.Id == caller.UserId && !roles.Contains(Roles.Admin))
            return new Error.Conflict("You cannot remove your own Admin role; ask another admin.");
        return await InTransactionAsync(caller, async () =>
        {
            var current = await users.GetRolesAsync(user);
            var removed = await users.RemoveFromRolesAsync(user, current.Except(roles));
            var added = await users.AddToRolesAsync(user, roles.Except(current));
            if (!removed.Succeeded || !added.Succeeded) return Invalid("Roles", Describe(removed) + Describe(added));
            // Role changes must reach open sessions: a new stamp makes the revalidating provider sign them out.
            await users.UpdateSecurityStampAsync(user);
            db.AddAuditEvent(new("User.RolesChanged", "User", user.Id, Json(current.Order()), Json(roles.Order())));
            return user.Id;
        }, ct);
    }

    public async Task<Result<string>> SetLockedAsync(Caller caller, string userId, bool locked, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "lock or unlock users") is { } denied) return denied;
        var user = await users.FindByIdAsync(userId);
        if (user is null) return new Error.NotFound("User");
        if (locked && user.Id == caller.UserId) return new Error.Conflict("You cannot lock yourself out.");
        return await InTransactionAsync(caller, async () =>
        {
            // Disabled (no end date): the owner's service identity tokens are refused from now on (UserStatus).
            await users.SetLockoutEndDateAsync(user, locked ? UserStatus.DisabledUntil : null);
            if (!locked) await users.ResetAccessFailedCountAsync(user);
            await users.UpdateSecurityStampAsync(user);
            db.AddAuditEvent(new(locked ? "User.Locked" : "User.Unlocked", "User", user.Id));
            return user.Id;
        }, ct);
    }

    private async Task<Result<string>> InTransactionAsync(Caller caller, Func<Task<Result<string>>> work, CancellationToken ct)
    {
        db.Actor = caller.Actor;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await work();
        if (!result.Succeeded) return result; // disposing the transaction rolls back
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        // Inside this transaction the register-changed signal waits for the context's disposal (the end of the caller's
        // scope); a disabled owner's or a changed role's tokens must be refused from the next request (ADR 0045).
        tokens.Clear();
        return result;
    }

    private static Error Invalid(string field, string message) => new Error.Validation(new Dictionary<string, string> { [field] = message });
    private static string Describe(IdentityResult r) => string.Join(" ", r.Errors.Select(e => e.Description));
    private static string Json(object value) => JsonSerializer.Serialize(value);
}
