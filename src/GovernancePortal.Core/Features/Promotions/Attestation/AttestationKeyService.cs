using System.Security.Cryptography;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Promotions.Attestation;

public sealed record PublicAttestationKey(string KeyId, string Pem, DateTime CreatedAt, bool Active);

/// <summary>Creates (on first use), protects, rotates and publishes the portal's attestation keys.</summary>
public sealed class AttestationKeyService(IDbContextFactory<GovernanceDbContext> dbFactory, IDataProtectionProvider protection, TimeProvider time)
{
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private IDataProtector Protector => protection.CreateProtector("GovernancePortal.AttestationKeys.v1");

    public async Task<IReadOnlyList<PublicAttestationKey>> PublicKeysAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<AttestationKey>().AsNoTracking().OrderByDescending(k => k.CreatedAt)
            .Select(k => new PublicAttestationKey(k.KeyId, k.PublicKeyPem, k.CreatedAt, k.RetiredAt == null)).ToListAsync(ct);
    }

    /// <summary>Creates the first key if there is none; run at start-up so reading public keys never writes.</summary>
    public async Task EnsureKeyAsync(CancellationToken ct = default) => (await ActiveAsync(ct)).Key.Dispose();

    /// <summary>The active signing key, generated on first use.</summary>
    public async Task<(ECDsa Key, string KeyId)> ActiveAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<AttestationKey>().AsNoTracking().Where(k => k.RetiredAt == null).OrderByDescending(k => k.CreatedAt).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            await CreateLock.WaitAsync(ct);
            try { row = await db.Set<AttestationKey>().AsNoTracking().FirstOrDefaultAsync(k => k.RetiredAt == null, ct) ?? await CreateAsync(db, ct); }
            finally { CreateLock.Release(); }
        }
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(Protector.Unprotect(row.ProtectedPrivateKey)), out _);
        return (key, row.KeyId);
    }

    /// <summary>Retires the active key and creates a new one. Old attestations keep verifying with the published old key.</summary>
    public async Task<Result<string>> RotateAsync(Caller caller, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "rotate the attestation key") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        foreach (var old in await db.Set<AttestationKey>().Where(k => k.RetiredAt == null).ToListAsync(ct))
            old.RetiredAt = time.GetUtcNow().UtcDateTime;
        var created = await CreateAsync(db, ct);
        return created.KeyId;
    }

    private async Task<AttestationKey> CreateAsync(GovernanceDbContext db, CancellationToken ct)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = key.ExportSubjectPublicKeyInfo();
        var row = new AttestationKey
        {
            KeyId = Convert.ToHexStringLower(SHA256.HashData(spki)),
            PublicKeyPem = key.ExportSubjectPublicKeyInfoPem(),
            ProtectedPrivateKey = Protector.Protect(Convert.ToBase64String(key.ExportPkcs8PrivateKey())),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Actor ??= Audit.Actor.System("attestation-keys");
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }
}
