using System.Collections.Concurrent;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.ServiceIdentities;

public sealed record CreatedToken(Guid Id, string Token, DateTime ExpiresAt);

/// <summary>A person who may own a service identity, as the owner picker lists them.</summary>
public sealed record OwnerChoice(string UserId, string Email, string DisplayName);

/// <summary>An identity with its owner's state now: <paramref name="OwnerActive"/> is false when the owner is disabled or deleted.</summary>
public sealed record ServiceIdentityRow(ServiceIdentity Identity, ServiceIdentityUsage? Usage, IReadOnlyList<string> Warnings, string OwnerLabel, bool OwnerActive)
{
    public string Status(DateTime now) => Identity.RevokedAt is not null ? "Revoked" : Identity.ExpiresAt <= now ? "Expired"
        : !OwnerActive ? "Blocked" : "Active";
}

/// <summary>Creates, rotates, revokes and authenticates service identities (ADR 0007).</summary>
public sealed class ServiceIdentityService(IDbContextFactory<GovernanceDbContext> dbFactory, ILookupNormalizer normalizer, TimeProvider time, ServiceTokenCache cache)
{
    public const int DefaultDays = 90, MaxDays = 365, StaleDays = 30, ExpiringDays = 14;
    /// <summary>How long the replaced token keeps working after a rotation, so pipelines can be redeployed.</summary>
    public static readonly TimeSpan RotationGrace = TimeSpan.FromHours(24);
    /// <summary>Usage is written at most once a minute per identity: a heartbeat, not a write per call.</summary>
    private static readonly TimeSpan UsageWriteInterval = TimeSpan.FromMinutes(1);
    private static readonly ConcurrentDictionary<(Guid, string), DateTime> LastUsageWrite = new();
    /// <summary>
    /// One usage write at a time in this instance: a pipeline's first parallel calls otherwise raced to insert the same
    /// row (a logged constraint failure) or overwrote each other's scope map. A few writes a minute, so nothing queues.
    /// </summary>
    private static readonly SemaphoreSlim UsageWrites = new(1, 1);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Creates an identity owned by the account <paramref name="ownerUserId"/> (an id, chosen from existing users: the owner
    /// can never be a spelling). The owner may not approve anything the identity requests (ADR 0013).
    /// </summary>
    public async Task<Result<CreatedToken>> CreateAsync(Caller caller, string name, string ownerUserId, string purpose, IReadOnlyCollection<string> scopes, int days = DefaultDays, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "create service identities") is { } denied) return denied;
        name ??= "";
        var errors = new FieldErrors()
            .Required("Name", name, 100)
            .Required("Owner", ownerUserId, 450)
            .Optional("Purpose", purpose, 1000)
            .Check(scopes.Count > 0, "Scopes", "needs at least one scope.")
            .Check(scopes.All(Scopes.All.Contains), "Scopes", $"must be among: {string.Join(", ", Scopes.All)}.")
            .Check(days is >= 1 and <= MaxDays, "Days", $"must be from 1 to {MaxDays}: every token expires.");
        if (errors.Any) return errors.ToError();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var now = Now;
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == ownerUserId).Select(u => new { u.Id, u.Email, u.LockoutEnd }).FirstOrDefaultAsync(ct);
        if (owner is null) return new FieldErrors().Check(false, "Owner", "must be an existing user account.").ToError();
        if (UserStatus.IsDisabled(owner.LockoutEnd))
            return new FieldErrors().Check(false, "Owner", "is disabled; choose an active account.").ToError();
        if (await db.ServiceIdentities.AnyAsync(s => s.Name == name.Trim(), ct))
            return new Error.Conflict($"A service identity named '{name.Trim()}' already exists.");
        var token = ServiceToken.Generate();
        var identity = new ServiceIdentity
        {
            Name = name.Trim(), OwnerId = owner.Id, Owner = owner.Email ?? owner.Id, Purpose = purpose.Trim(), Scopes = [.. scopes.Distinct().Order()],
            CreatedAt = now, ExpiresAt = now.AddDays(days), TokenHash = ServiceToken.Hash(token), TokenHint = ServiceToken.Hint(token),
        };
        db.ServiceIdentities.Add(identity);
        await db.SaveChangesAsync(ct);
        return new CreatedToken(identity.Id, token, identity.ExpiresAt);
    }

    public async Task<Result<CreatedToken>> RotateAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "rotate tokens") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var identity = await db.ServiceIdentities.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (identity is null) return new Error.NotFound("Service identity");
        if (identity.RevokedAt is not null) return new Error.Conflict("A revoked identity cannot be rotated; create a new one.");
        var token = ServiceToken.Generate();
        identity.PreviousTokenHash = identity.TokenHash;
        identity.PreviousTokenValidUntil = Now.Add(RotationGrace);
        identity.TokenHash = ServiceToken.Hash(token);
        identity.TokenHint = ServiceToken.Hint(token);
        await db.SaveChangesAsync(ct);
        return new CreatedToken(identity.Id, token, identity.ExpiresAt);
    }

    public async Task<Result<Guid>> RevokeAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "revoke tokens") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var identity = await db.ServiceIdentities.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (identity is null) return new Error.NotFound("Service identity");
        identity.RevokedAt ??= Now;
        identity.PreviousTokenValidUntil = null;
        await db.SaveChangesAsync(ct);
        return identity.Id;
    }

    /// <summary>The account an owner e-mail names, matched the way Identity matches sign-ins (normalized), or null.</summary>
    public async Task<OwnerChoice?> FindOwnerByEmailAsync(string email, CancellationToken ct = default)
    {
        var normalized = normalizer.NormalizeEmail((email ?? "").Trim());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized)
            .Select(u => new OwnerChoice(u.Id, u.Email!, u.DisplayName)).FirstOrDefaultAsync(ct);
    }

    /// <summary>Active (not disabled) people, for the owner picker.</summary>
    public async Task<IReadOnlyList<OwnerChoice>> OwnerChoicesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).Select(u => new { u.Id, u.Email, u.DisplayName, u.LockoutEnd }).ToListAsync(ct);
        return users.Where(u => !UserStatus.IsDisabled(u.LockoutEnd)).Select(u => new OwnerChoice(u.Id, u.Email!, u.DisplayName)).ToList();
    }

    /// <summary>
    /// The identity a bearer token belongs to, or null when it is malformed, unknown, expired or revoked, or when its owner
    /// is disabled or deleted: a person leaving takes their pipelines' tokens with them until an admin hands them over.
    /// </summary>
    public Task<ServiceIdentity?> AuthenticateAsync(string? token, CancellationToken ct = default) =>
        ServiceToken.IsWellFormed(token) ? AuthenticateHashAsync(ServiceToken.Hash(token!), ct) : Task.FromResult<ServiceIdentity?>(null);

    /// <summary>
    /// <see cref="AuthenticateAsync"/> for a well-formed token already hashed (<see cref="ServiceToken.Hash"/>): the API
    /// hashes each request's token once, for its rate limit and for this lookup (ADR 0073).
    /// </summary>
    public async Task<ServiceIdentity?> AuthenticateHashAsync(string hash, CancellationToken ct = default)
    {
        var now = Now;
        // A cached identity passed the owner check when it was read; revokes and owner changes clear the cache (ADR 0045).
        if (cache.Find(hash, now) is { } cached) return Usable(cached, hash, now);
        var generation = cache.Generation;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var identity = await db.ServiceIdentities.AsNoTracking()
            .FirstOrDefaultAsync(s => s.TokenHash == hash || s.PreviousTokenHash == hash, ct);
        if (identity is null || Usable(identity, hash, now) is null) return null;
        if (!await OwnerActiveAsync(db, identity.OwnerId, ct)) return null;
        cache.Store(hash, identity, generation, now);
        return identity;
    }

    /// <summary>The token rules that depend only on the identity and the clock: not revoked, not expired, current or within its rotation grace.</summary>
    private static ServiceIdentity? Usable(ServiceIdentity identity, string hash, DateTime now)
    {
        if (identity.RevokedAt is not null || identity.ExpiresAt <= now) return null;
        if (ServiceToken.HashesEqual(identity.TokenHash, hash)) return identity;
        return identity.PreviousTokenHash is { } previous && ServiceToken.HashesEqual(previous, hash) && identity.PreviousTokenValidUntil > now
            ? identity : null;
    }

    /// <summary>Records that <paramref name="id"/> used <paramref name="scope"/> (at most one write a minute per scope, best effort).</summary>
    public async Task RecordUsageAsync(Guid id, string scope, string remoteAddress, CancellationToken ct = default)
    {
        var now = Now;
        if (Recent(id, scope, now)) return;
        await UsageWrites.WaitAsync(ct);
        try
        {
            if (!Recent(id, scope, now)) await WriteUsageAsync(id, scope, remoteAddress, now, ct);
        }
        finally { UsageWrites.Release(); }
    }

    private static bool Recent(Guid id, string scope, DateTime now) =>
        LastUsageWrite.TryGetValue((id, scope), out var last) && now - last < UsageWriteInterval;

    private async Task WriteUsageAsync(Guid id, string scope, string remoteAddress, DateTime now, CancellationToken ct)
    {
        // Another instance can still insert the row first: the loser retries as an update.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var usage = await db.ServiceIdentityUsages.FirstOrDefaultAsync(u => u.ServiceIdentityId == id, ct);
            if (usage is null) db.ServiceIdentityUsages.Add(usage = new ServiceIdentityUsage { ServiceIdentityId = id });
            usage.LastUsedAt = now;
            usage.LastUsedFrom = remoteAddress;
            usage.ScopesLastUsed = new Dictionary<string, DateTime>(usage.ScopesLastUsed) { [scope] = now };
            try
            {
                await db.SaveChangesAsync(ct);
                LastUsageWrite[(id, scope)] = now;
                return;
            }
            // Usage is hygiene telemetry: a lost heartbeat must never fail the API call it describes.
            catch (DbUpdateException) when (attempt == 0) { }
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException) { return; }
        }
    }

    private static async Task<bool> OwnerActiveAsync(GovernanceDbContext db, string? ownerId, CancellationToken ct)
    {
        if (ownerId is null) return false;
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == ownerId).Select(u => new { u.LockoutEnd }).FirstOrDefaultAsync(ct);
        return owner is not null && !UserStatus.IsDisabled(owner.LockoutEnd);
    }

    public async Task<IReadOnlyList<ServiceIdentityRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var identities = await db.ServiceIdentities.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        var usages = await db.ServiceIdentityUsages.AsNoTracking().ToDictionaryAsync(u => u.ServiceIdentityId, ct);
        var ownerIds = identities.Select(i => i.OwnerId).OfType<string>().Distinct().ToList();
        var owners = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.LockoutEnd }).ToDictionaryAsync(u => u.Id, ct);
        return identities.Select(i =>
        {
            var owner = i.OwnerId is null ? null : owners.GetValueOrDefault(i.OwnerId);
            var (label, active) = owner is null ? ($"{i.Owner} (no such account)", false)
                : UserStatus.IsDisabled(owner.LockoutEnd) ? ($"{owner.Email} (disabled)", false)
                : (string.IsNullOrEmpty(owner.DisplayName) ? owner.Email! : $"{owner.DisplayName} <{owner.Email}>", true);
            var warnings = Warnings(i, usages.GetValueOrDefault(i.Id), Now);
            if (!active && i.RevokedAt is null) warnings = [.. warnings, "Owner disabled or deleted: the token is refused"];
            return new ServiceIdentityRow(i, usages.GetValueOrDefault(i.Id), warnings, label, active);
        }).ToList();
    }

    /// <summary>Hygiene warnings: stale, about to expire, or holding scopes it has not used for 30 days.</summary>
    public static IReadOnlyList<string> Warnings(ServiceIdentity identity, ServiceIdentityUsage? usage, DateTime now) =>
        Hygiene(identity, usage, now).Select(h => h.Text).ToList();

    /// <summary>The hygiene rules, in one place: the Admin page's warnings and the service-identity findings both read them.</summary>
    public static IReadOnlyList<(HygieneIssue Issue, string Text)> Hygiene(ServiceIdentity identity, ServiceIdentityUsage? usage, DateTime now)
    {
        if (identity.RevokedAt is not null || identity.ExpiresAt <= now) return [];
        var issues = new List<(HygieneIssue, string)>();
        var lastUsed = usage?.LastUsedAt;
        if ((lastUsed ?? identity.CreatedAt) < now.AddDays(-StaleDays))
            issues.Add((HygieneIssue.Stale, lastUsed is null ? $"Never used in {StaleDays}+ days" : $"Stale: unused since {lastUsed:yyyy-MM-dd}"));
        if (identity.ExpiresAt < now.AddDays(ExpiringDays))
            issues.Add((HygieneIssue.Expiring, $"Expires {identity.ExpiresAt:yyyy-MM-dd}"));
        if (identity.CreatedAt < now.AddDays(-StaleDays))
        {
            var unused = identity.Scopes.Where(s => usage?.ScopesLastUsed.GetValueOrDefault(s) is not { } t || t < now.AddDays(-StaleDays)).ToList();
            if (unused.Count > 0) issues.Add((HygieneIssue.OverPrivileged, $"Unused scopes (30 days): {string.Join(", ", unused)}"));
        }
        return issues;
    }
}

public enum HygieneIssue { Stale, Expiring, OverPrivileged }
