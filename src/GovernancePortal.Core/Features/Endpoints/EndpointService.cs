using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Endpoints;

public sealed record ReportDeployment(
    string Name, DeploymentEnvironment Environment, string Url, string ModelName, string Version, string Sha256, Guid? AiSystemId);

/// <summary>
/// Serving endpoints as infrastructure reports them. A report is matched to the registered version it names (name and
/// version, <see cref="ServingEndpoint.ModelVersionId"/>); what it serves is decided by digest (<see cref="EndpointServing"/>).
/// </summary>
public sealed class EndpointService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public async Task<Result<Guid>> ReportAsync(Caller caller, ReportDeployment cmd, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Editor, "report deployments") is { } denied) return denied;
        var errors = new FieldErrors()
            .Identifier(nameof(cmd.Name), cmd.Name)
            .Defined(nameof(cmd.Environment), cmd.Environment)
            .Optional(nameof(cmd.Url), cmd.Url, 2000)
            .Identifier(nameof(cmd.ModelName), cmd.ModelName)
            .Identifier(nameof(cmd.Version), cmd.Version, 100)
            .Sha256(nameof(cmd.Sha256), cmd.Sha256);
        if (errors.Any) return errors.ToError();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        if (cmd.AiSystemId is { } use && !await db.AiSystems.AnyAsync(s => s.Id == use, ct)) return new Error.NotFound("AI system");
        var (modelName, version) = (cmd.ModelName.Trim(), cmd.Version.Trim());
        var versionId = await db.ModelVersions.Where(v => v.Model!.Name == modelName && v.Version == version)
            .Select(v => (Guid?)v.Id).FirstOrDefaultAsync(ct);
        var name = cmd.Name.Trim();
        var endpoint = await db.ServingEndpoints.FirstOrDefaultAsync(e => e.Name == name && e.Environment == cmd.Environment, ct);
        var now = db.UtcNow;
        if (endpoint is null)
        {
            endpoint = new ServingEndpoint
            {
                Name = name, Environment = cmd.Environment, ReportedModelName = modelName, ReportedVersion = version,
                ReportedSha256 = Digest.Normalize(cmd.Sha256), FirstSeen = now,
            };
            db.ServingEndpoints.Add(endpoint);
        }
        endpoint.Url = cmd.Url.Trim();
        endpoint.ReportedModelName = modelName;
        endpoint.ReportedVersion = version;
        endpoint.ReportedSha256 = Digest.Normalize(cmd.Sha256);
        endpoint.AiSystemId = cmd.AiSystemId ?? endpoint.AiSystemId;
        endpoint.LastSeen = now;
        endpoint.ModelVersionId = versionId;
        // The lineage says what runs there: the version with the served digest, not the one the report names. An artifact
        // that matches no registered version gets no edge (its finding says so).
        var served = await db.ModelVersions.Where(v => v.Sha256 == endpoint.ReportedSha256).OrderBy(v => v.CreatedAt)
            .Select(v => (Guid?)v.Id).FirstOrDefaultAsync(ct);
        if (served is { } v && (db.Entry(endpoint).State == EntityState.Added || !await db.LineageEdges.AnyAsync(e => e.FromId == v && e.ToId == endpoint.Id, ct)))
            db.LineageEdges.Add(Edges.DeployedAs(v, endpoint.Id, now));
        await db.SaveChangesAsync(ct);
        return endpoint.Id;
    }

    /// <summary>Endpoints (at most 500), optionally only those whose served digest matches no registered version.</summary>
    public async Task<IReadOnlyList<EndpointRow>> ListAsync(bool? registered = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.ServingEndpoints.AsNoTracking();
        if (registered is { } r) q = q.WhereServesRegistered(db, r);
        return await EndpointServing.Rows(db, q.OrderBy(e => e.Environment).ThenBy(e => e.Name).Take(500)).ToListAsync(ct);
    }

    /// <summary>A page of endpoints, optionally one environment or only those serving (un)registered artifacts.</summary>
    public async Task<Inventory.Page<EndpointRow>> PageAsync(DeploymentEnvironment? environment, bool? registered, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.ServingEndpoints.AsNoTracking();
        if (environment is { } env) q = q.Where(e => e.Environment == env);
        if (registered is { } r) q = q.WhereServesRegistered(db, r);
        var total = await q.CountAsync(ct);
        var items = await EndpointServing.Rows(db, q.OrderBy(e => e.Name).ThenBy(e => e.Environment).PageOf(page, pageSize)).ToListAsync(ct);
        return new(items, total);
    }

    public async Task<EndpointRow?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await EndpointServing.Rows(db, db.ServingEndpoints.AsNoTracking().Where(e => e.Id == id)).FirstOrDefaultAsync(ct);
    }
}
