using System.Text.Json;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Findings;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Audit;

/// <summary>
/// Names for the ids the audit chain records ("fraud-gbt v4.3.0" for a model version id), looked up in batches
/// per entity type; an entity deleted since falls back to the name in the entry's own snapshot. Also the reverse:
/// which ids carry a name containing some text, for the entity-name filter.
/// </summary>
public sealed class AuditEntityNames(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public async Task<IReadOnlyDictionary<string, string>> ResolveAsync(IReadOnlyCollection<AuditEntry> entries, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var names = new Dictionary<string, string>();
        foreach (var group in entries.GroupBy(e => e.EntityType))
        {
            var ids = group.Select(e => e.EntityId).Distinct().ToList();
            var guids = ids.Select(i => Guid.TryParse(i, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
            var found = await LookupAsync(db, group.Key, ids, guids, ct);
            foreach (var (id, name) in found) names[Key(group.Key, id)] = name;
            foreach (var e in group)
                if (!names.ContainsKey(Key(e.EntityType, e.EntityId)) && FromSnapshot(e) is { } snapshotName)
                    names[Key(e.EntityType, e.EntityId)] = snapshotName;
        }
        return names;
    }

    public static string Key(string type, string id) => type + "/" + id;

    /// <summary>Entity ids (as the chain records them) whose name contains <paramref name="text"/>.</summary>
    public async Task<List<string>> IdsNamedAsync(string text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = text.Trim();
        var guids = new List<Guid>();
        guids.AddRange(await db.AiSystems.Where(x => x.Name.Contains(t) || x.Key.Contains(t)).Select(x => x.Id).ToListAsync(ct));
        guids.AddRange(await db.Models.Where(x => x.Name.Contains(t)).Select(x => x.Id).ToListAsync(ct));
        var versions = await db.ModelVersions.Where(x => x.Model!.Name.Contains(t)).Select(x => x.Id).ToListAsync(ct);
        guids.AddRange(versions);
        guids.AddRange(await db.ModelVersionStages.Where(x => versions.Contains(x.ModelVersionId)).Select(x => x.Id).ToListAsync(ct));
        guids.AddRange(await db.Evaluations.Where(x => versions.Contains(x.ModelVersionId)).Select(x => x.Id).ToListAsync(ct));
        guids.AddRange(await db.PromotionRequests.Where(x => versions.Contains(x.ModelVersionId)).Select(x => x.Id).ToListAsync(ct));
        guids.AddRange(await db.Set<AiCard>().Where(x => versions.Contains(x.ModelVersionId)).Select(x => x.Id).ToListAsync(ct));
        guids.AddRange(await db.Datasets.Where(x => x.Name.Contains(t) || x.Namespace.Contains(t)).Select(x => x.Id).ToListAsync(ct));
        guids.AddRange(await db.DatasetVersions.Where(x => x.Dataset!.Name.Contains(t)).Select(x => x.Id).ToListAsync(ct));
        guids.AddRange(await db.TrainingRuns.Where(x => x.JobName.Contains(t)).Select(x => x.Id).ToListAsync(ct));
        guids.AddRange(await db.ServingEndpoints.Where(x => x.Name.Contains(t)).Select(x => x.Id).ToListAsync(ct));
        guids.AddRange(await db.ServiceIdentities.Where(x => x.Name.Contains(t)).Select(x => x.Id).ToListAsync(ct));
        var ids = guids.Select(g => g.ToString()).ToList();
        // Users are recorded by id (account changes) or by e-mail (sign-ins).
        foreach (var u in await db.Users.Where(u => u.Email!.Contains(t)).Select(u => new { u.Id, u.Email }).ToListAsync(ct))
            ids.AddRange([u.Id, u.Email!]);
        return ids;
    }

    private static async Task<Dictionary<string, string>> LookupAsync(GovernanceDbContext db, string type, List<string> ids, List<Guid> guids, CancellationToken ct)
    {
        switch (type)
        {
            case "AiSystem":
                return (await db.AiSystems.Where(x => guids.Contains(x.Id)).Select(x => new { x.Id, x.Name }).ToListAsync(ct)).ToDictionary(x => x.Id.ToString(), x => x.Name);
            case "Model":
                return (await db.Models.Where(x => guids.Contains(x.Id)).Select(x => new { x.Id, x.Name }).ToListAsync(ct)).ToDictionary(x => x.Id.ToString(), x => x.Name);
            case "ModelVersion":
                return (await db.ModelVersions.Where(x => guids.Contains(x.Id)).Select(x => new { x.Id, x.Model!.Name, x.Version }).ToListAsync(ct))
                    .ToDictionary(x => x.Id.ToString(), x => $"{x.Name} v{x.Version}");
            case "ModelVersionStage":
                return (await db.ModelVersionStages.Where(x => guids.Contains(x.Id))
                    .Select(x => new { x.Id, Version = db.ModelVersions.Where(v => v.Id == x.ModelVersionId).Select(v => v.Model!.Name + " v" + v.Version).FirstOrDefault(), Use = x.AiSystem!.Key })
                    .ToListAsync(ct)).ToDictionary(x => x.Id.ToString(), x => $"{x.Version} for {x.Use}");
            case "Evaluation":
                return (await db.Evaluations.Where(x => guids.Contains(x.Id)).Select(x => new { x.Id, x.Kind, x.ModelVersion!.Model!.Name, x.ModelVersion.Version }).ToListAsync(ct))
                    .ToDictionary(x => x.Id.ToString(), x => $"{x.Kind} evaluation of {x.Name} v{x.Version}");
            case "PromotionRequest":
                return (await db.PromotionRequests.Where(x => guids.Contains(x.Id)).Select(x => new { x.Id, x.ModelVersion!.Model!.Name, x.ModelVersion.Version, x.TargetStage, Use = x.AiSystem!.Key }).ToListAsync(ct))
                    .ToDictionary(x => x.Id.ToString(), x => $"{x.Name} v{x.Version} → {x.TargetStage} for {x.Use}");
            case "PromotionApproval":
                return (await db.PromotionApprovals.Where(x => guids.Contains(x.Id)).Select(x => new { x.Id, x.Role, x.ReviewerName }).ToListAsync(ct))
                    .ToDictionary(x => x.Id.ToString(), x => $"{x.Role} signature by {x.ReviewerName}");
            case "PromotionPolicy":
                return (await db.PromotionPolicies.Where(x => guids.Contains(x.Id)).Select(x => new { x.Id, x.RiskTier, x.TargetStage, x.Version }).ToListAsync(ct))
                    .ToDictionary(x => x.Id.ToString(), x => $"{x.RiskTier}/{x.TargetStage} policy v{x.Version}");
            case "Dataset":
                return (await db.Datasets.Where(x => guids.Contains(x.Id)).Select(x => new { x.Id, x.Namespace, x.Name }).ToListAsync(ct))
                    .ToDictionary(x => x.Id.ToString(), x => $"{x.Namespace}/{x.Name}");
            case "DatasetVersion":
                return (await db.DatasetVersions.Where(x => guids.Contains(x.Id)).Select(x => new { x.Id, x.Dataset!.Name, x.Version }).ToListAsync(ct))
                    .ToDictionary(x => x.Id.ToString(), x => $"{x.Name} {x.Version}");
            case "TrainingRun":
                return (await db.TrainingRuns.Where(x => guids.Contains(x.Id)).Select(x => new { x.Id, x.JobName }).ToListAsync(ct)).ToDictionary(x => x.Id.ToString(), x => x.JobName);
            case "ServingEndpoint":
                return (await db.ServingEndpoints.Where(x => guids.Contains(x.Id)).Select(x => new { x.Id, x.Name, x.Environment }).ToListAsync(ct))
                    .ToDictionary(x => x.Id.ToString(), x => $"{x.Name} ({x.Environment})");
            case "ServiceIdentity":
                return (await db.ServiceIdentities.Where(x => guids.Contains(x.Id)).Select(x => new { x.Id, x.Name }).ToListAsync(ct)).ToDictionary(x => x.Id.ToString(), x => x.Name);
            case "Finding":
                return (await db.Set<Finding>().Where(x => guids.Contains(x.Id)).Select(x => new { x.Id, x.Rule, x.Severity }).ToListAsync(ct))
                    .ToDictionary(x => x.Id.ToString(), x => $"{x.Severity} finding: {AuditActionWords.TypeInWords(x.Rule.ToString()).ToLowerInvariant()}");
            case "AiCard":
                return (await db.Set<AiCard>().Where(x => guids.Contains(x.Id))
                    .Select(x => new { x.Id, Version = db.ModelVersions.Where(v => v.Id == x.ModelVersionId).Select(v => v.Model!.Name + " v" + v.Version).FirstOrDefault() })
                    .ToListAsync(ct)).ToDictionary(x => x.Id.ToString(), x => $"AI Card of {x.Version}");
            case "User":
                var users = await db.Users.Where(u => ids.Contains(u.Id) || ids.Contains(u.Email!)).Select(u => new { u.Id, u.Email }).ToListAsync(ct);
                return users.SelectMany(u => new[] { (u.Id, u.Email!), (u.Email!, u.Email!) }).DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2);
            default:
                return [];
        }
    }

    /// <summary>The name the entity had when the entry was written, for entities deleted since.</summary>
    private static string? FromSnapshot(AuditEntry e)
    {
        foreach (var json in new[] { e.After, e.Before })
        {
            if (string.IsNullOrEmpty(json)) continue;
            try
            {
                using var doc = JsonDocument.Parse(json);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) continue;
                foreach (var property in new[] { "Name", "JobName", "Email", "Key" })
                    if (doc.RootElement.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString();
            }
            catch (JsonException) { }
        }
        return null;
    }
}
