using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.AiSystems;

public sealed record SaveAiSystem(string Key, string Name, string Owner, string BusinessUnit, RiskTier RiskTier, string IntendedPurpose);

/// <summary>Business uses (AI systems). Changing a risk tier is governed: Admin or RiskReviewer only.</summary>
public sealed class AiSystemService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public async Task<IReadOnlyList<AiSystem>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AiSystems.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
    }

    public async Task<AiSystem?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AiSystems.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
    }

    /// <summary>The AI system with this URL-safe key (the <c>use</c> of the API), if any.</summary>
    public async Task<AiSystem?> FindByKeyAsync(string key, CancellationToken ct = default)
    {
        // No stored key breaks the identifier rule, so such a key names nothing; asking would also fail on PostgreSQL,
        // whose text cannot hold NUL (SQLite's can).
        if (!Common.Identifier.IsValid(key)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AiSystems.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, ct);
    }

    public async Task<Result<Guid>> CreateAsync(Caller caller, SaveAiSystem cmd, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Editor, "register AI systems") is { } denied) return denied;
        if (Validate(cmd) is { } invalid) return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        if (await db.AiSystems.AnyAsync(s => s.Key == cmd.Key, ct))
            return new Error.Conflict($"An AI system with key '{cmd.Key}' already exists.");
        var system = new AiSystem
        {
            Key = cmd.Key, Name = cmd.Name.Trim(), Owner = cmd.Owner.Trim(), BusinessUnit = cmd.BusinessUnit.Trim(),
            RiskTier = cmd.RiskTier, IntendedPurpose = cmd.IntendedPurpose.Trim(), CreatedAt = db.UtcNow,
        };
        db.AiSystems.Add(system);
        await db.SaveChangesAsync(ct);
        return system.Id;
    }

    public async Task<Result<Guid>> UpdateAsync(Caller caller, Guid id, SaveAiSystem cmd, CancellationToken ct = default)
    {
        var riskOwner = caller.Roles.Contains(Roles.RiskReviewer) || caller.Roles.Contains(Roles.Admin);
        if (!riskOwner && caller.Deny(Policies.Editor, "edit AI systems") is { } denied) return denied;
        if (Validate(cmd) is { } invalid) return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var system = await db.AiSystems.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (system is null) return new Error.NotFound("AI system");
        if (system.Key != cmd.Key)
            return new Error.Validation(new Dictionary<string, string> { [nameof(cmd.Key)] = "is stable once created: pipelines and approvals refer to it." });
        if (system.RiskTier != cmd.RiskTier && !riskOwner)
            return new Error.Forbidden("Only a risk reviewer or an admin may change an AI system's risk tier.");
        system.Name = cmd.Name.Trim();
        system.Owner = cmd.Owner.Trim();
        system.BusinessUnit = cmd.BusinessUnit.Trim();
        system.RiskTier = cmd.RiskTier;
        system.IntendedPurpose = cmd.IntendedPurpose.Trim();
        await db.SaveChangesAsync(ct);
        return system.Id;
    }

    private static Error? Validate(SaveAiSystem cmd)
    {
        var errors = new FieldErrors()
            .Check(Slug.IsValid(cmd.Key), nameof(cmd.Key), "must be lower-case letters, digits and single hyphens (e.g. retail-credit-scoring).")
            .Required(nameof(cmd.Name), cmd.Name)
            .Required(nameof(cmd.Owner), cmd.Owner, 256)
            .Required(nameof(cmd.BusinessUnit), cmd.BusinessUnit)
            .Required(nameof(cmd.IntendedPurpose), cmd.IntendedPurpose, 4000)
            .Check(Enum.IsDefined(cmd.RiskTier), nameof(cmd.RiskTier), "is not a known risk tier.");
        return errors.Any ? errors.ToError() : null;
    }
}
