using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Promotions.Gates;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Promotions;

public sealed record ApprovalRow(ReviewerRole Role, string Reviewer, DateTime SignedAt, string Comment, string DecisionHash, bool Valid, string? InvalidatedReason,
    string? ReviewerId = null);

public sealed record PromotionRow(
    Guid Id, Guid ModelVersionId, string ModelName, string Version, string Sha256, Guid AiSystemId, string Use, string UseName, RiskTier RiskTier,
    Stage Stage, PromotionStatus Status, string RequestedBy, DateTime CreatedAt, DateTime? SubmittedAt, DateTime? ClosedAt, string? ClosedBy,
    string? RejectionReason, string? ReviewNote, string DecisionHash, int? PolicyVersion, IReadOnlyList<ApprovalRow> Approvals,
    string? RequestedOnBehalfOf = null, string? RequestedById = null, string? RequestedOnBehalfOfId = null,
    ReviewerRole? RejectedAs = null, string? ImportedFrom = null)
{
    public IEnumerable<ReviewerRole> Signed => Approvals.Where(a => a.Valid).Select(a => a.Role);
    public bool IsOpen => Status is PromotionStatus.Draft or PromotionStatus.Pending;
    /// <summary>Pending again because signatures were invalidated (new evidence, a lost role); cleared by the next signature.</summary>
    public bool ReturnedToReview => Status == PromotionStatus.Pending && ReviewNote is not null;
    /// <summary>An approval given before the portal existed, imported from a change record.</summary>
    public bool IsImported => ImportedFrom is not null;
}

public enum InboxFilter
{
    /// <summary>Pending requests this person can sign now.</summary>
    Mine,
    /// <summary>Pending requests waiting for any role this person holds.</summary>
    MyRoles,
    /// <summary>Every pending request.</summary>
    All,
}

/// <param name="Previous">The version last approved for the same model, use and stage; null for a first promotion there.</param>
/// <param name="Findings">Every active finding around the version (<see cref="Findings.VersionFindings"/>), most severe first.</param>
/// <param name="Signing">What the caller passed to <see cref="PromotionQueries.DetailAsync"/> may sign; null without a caller.</param>
public sealed record PromotionDetail(PromotionRow Request, string Justification, GateReport Gates, IReadOnlyList<DiffRow> Diff, PreviousApproval? Previous,
    IReadOnlyList<Findings.RelatedFinding> Findings, SigningState? Signing = null);

/// <summary>A request with its gates evaluated now (<see cref="PromotionQueries.GatesAsync"/>).</summary>
public sealed record PromotionGates(PromotionRow Request, string Justification, GateReport Gates);

/// <summary>What the review page offers a person: the roles they may sign now (empty: no sign panel) and, if none, why.</summary>
public sealed record SigningState(IReadOnlyList<ReviewerRole> Signable, string? WhyNot, bool IsRequester);

/// <summary>Read side of promotions: lists, the inbox and the review screen's facts.</summary>
public sealed class PromotionQueries(IDbContextFactory<GovernanceDbContext> dbFactory, GateEvaluator gates)
{
    public async Task<Page<PromotionRow>> ListAsync(PromotionStatus? status, Guid? modelVersionId = null, int page = 0, int pageSize = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Set<PromotionRequest>().AsNoTracking();
        if (status is { } s) q = q.Where(r => r.Status == s);
        if (modelVersionId is { } v) q = q.Where(r => r.ModelVersionId == v);
        var total = await q.CountAsync(ct);
        var items = await Project(q.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id).PageOf(page, pageSize)).ToListAsync(ct);
        return new(items.Select(ToRow).ToList(), total);
    }

    /// <summary>A version's requests, newest first, at most <paramref name="max"/>: the list without its total (one statement, not two).</summary>
    public async Task<IReadOnlyList<PromotionRow>> OfVersionAsync(Guid modelVersionId, int max = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Set<PromotionRequest>().AsNoTracking().Where(r => r.ModelVersionId == modelVersionId);
        return (await Project(q.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id).Take(max)).ToListAsync(ct)).Select(ToRow).ToList();
    }

    /// <summary>
    /// Requests the caller made or that were made on their behalf, newest first (at most 200); with
    /// <paramref name="failingGatesOnly"/>, the open ones whose gates do not pass now (the dashboard's tile and its list).
    /// </summary>
    public async Task<IReadOnlyList<PromotionRow>> MineAsync(Caller caller, PromotionStatus? status, bool failingGatesOnly = false, CancellationToken ct = default)
    {
        if (caller.UserId is not { } me) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Set<PromotionRequest>().AsNoTracking().Where(r => r.RequestedById == me || r.RequestedOnBehalfOfId == me);
        if (status is { } s) q = q.Where(r => r.Status == s);
        if (failingGatesOnly) q = q.Where(r => r.Status == PromotionStatus.Draft || r.Status == PromotionStatus.Pending);
        var rows = (await Project(q.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id).Take(200)).ToListAsync(ct)).Select(ToRow).ToList();
        if (!failingGatesOnly) return rows;
        var failing = new List<PromotionRow>();
        foreach (var r in rows)
            if (!(await gates.EvaluateAsync(db, r.ModelVersionId, r.AiSystemId, r.Stage, ct)).AllPassed) failing.Add(r);
        return failing;
    }

    /// <summary>How many requests are in each status, in one grouped query (the dashboard's row).</summary>
    public async Task<IReadOnlyDictionary<PromotionStatus, int>> CountsByStatusAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PromotionRequests.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }

    public async Task<PromotionRow?> FindAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await Project(db.Set<PromotionRequest>().AsNoTracking().Where(r => r.Id == id)).FirstOrDefaultAsync(ct);
        return row is null ? null : ToRow(row);
    }

    /// <summary>Pending requests for a reviewer, oldest first (the SLA order).</summary>
    public async Task<IReadOnlyList<PromotionRow>> InboxAsync(Caller caller, InboxFilter filter, CancellationToken ct = default)
    {
        var held = ReviewerRoles.HeldBy(caller.Roles).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Set<PromotionRequest>().AsNoTracking().Where(r => r.Status == PromotionStatus.Pending);
        if (filter == InboxFilter.Mine) q = caller.IsService || caller.UserId is null ? q.Where(_ => false) : q.Where(SigningRule.Allows(caller.UserId, held));
        var rows = (await Project(q.OrderBy(r => r.SubmittedAt)).ToListAsync(ct)).Select(ToRow);
        return filter == InboxFilter.MyRoles ? rows.Where(r => held.Except(r.Signed).Any()).ToList() : rows.ToList();
    }

    /// <summary>The navigation badge: the inbox's own rule, counted in SQL, since every open session recounts on every change.</summary>
    public async Task<int> InboxCountAsync(Caller caller, CancellationToken ct = default)
    {
        var held = ReviewerRoles.HeldBy(caller.Roles).ToList();
        if (caller.IsService || caller.UserId is null || held.Count == 0) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PromotionRequests.CountAsync(SigningRule.Allows(caller.UserId, held), ct);
    }

    /// <summary>
    /// The review page's sign panel: for each role the caller holds, the same rule the inbox and the signing service apply
    /// (<see cref="SigningRule"/>). The service re-checks at the moment of signing, with the roles the database holds then.
    /// </summary>
    public async Task<SigningState> SigningStateAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        if (caller.IsService || caller.UserId is null) return new([], null, false);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await db.PromotionRequests.AsNoTracking().Include(r => r.Approvals).FirstOrDefaultAsync(r => r.Id == id, ct);
        return request is null ? new([], null, false) : SigningStateOf(caller, request);
    }

    /// <summary>
    /// The rule's own conditions applied to the request as read (its approvals included), as the signing service applies
    /// them: one statement for the request instead of one per held role (ADR 0075).
    /// </summary>
    private static SigningState SigningStateOf(Caller caller, PromotionRequest request)
    {
        if (caller.IsService || caller.UserId is not { } userId) return new([], null, false);
        var held = ReviewerRoles.HeldBy(caller.Roles).ToList();
        var isRequester = SigningRule.IsRequester(userId).Compile(preferInterpretation: true)(request);
        var signable = held.Where(role => SigningRule.Refusal(request, userId, [role]) is null).ToList();
        if (signable.Count > 0 || held.Count == 0) return new(signable, null, isRequester);
        return new([], SigningRule.Refusal(request, userId, held)?.Message, isRequester);
    }

    /// <summary>
    /// The review screen's facts: the request, its gates now, the diff with the last approved version, the findings around
    /// it and, given a <paramref name="caller"/>, what they may sign (from the request already read, not a second read).
    /// </summary>
    public Task<PromotionDetail?> DetailAsync(Guid id, CancellationToken ct = default) => DetailAsync(id, null, ct);

    /// <inheritdoc cref="DetailAsync(Guid, CancellationToken)"/>
    public async Task<PromotionDetail?> DetailAsync(Guid id, Caller? caller, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await WithGatesAsync(db, id, ct) is not ({ } g, { } entity)) return null;
        var (previous, diff) = await VersionDiff.SinceLastApprovedAsync(db, g.Request, ct);
        var findings = await Findings.VersionFindings.ActiveAroundAsync(db, g.Request.ModelVersionId, ct);
        return new PromotionDetail(g.Request, g.Justification, g.Gates, diff, previous, findings,
            caller is null ? null : SigningStateOf(caller, entity));
    }

    /// <summary>
    /// The request and its gates now, without the review screen's diff and findings: what <c>GET /api/v1/promotions/{id}</c>
    /// returns. Half the statements of <see cref="DetailAsync"/> (ADR 0070): on PostgreSQL each one is a round trip.
    /// </summary>
    public async Task<PromotionGates?> GatesAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await WithGatesAsync(db, id, ct))?.Gates;
    }

    /// <summary>
    /// The request read with its version, model and use as entities in one statement, which the gates take as they are
    /// instead of reading them again (ADR 0075).
    /// </summary>
    private async Task<(PromotionGates Gates, PromotionRequest Entity)?> WithGatesAsync(GovernanceDbContext db, Guid id, CancellationToken ct)
    {
        var row = await db.Set<PromotionRequest>().AsNoTracking().Where(r => r.Id == id).Include(r => r.Approvals)
            .Select(r => new { R = r, Version = r.ModelVersion!, Model = r.ModelVersion!.Model!, Use = r.AiSystem! })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        row.Version.Model = row.Model; // a no-tracking projection does not fix navigations up
        var request = ToRow(new Projected(row.R, row.Model.Name, row.Version.Version, row.Version.Sha256, row.Use.Key, row.Use.Name, row.Use.RiskTier,
            row.R.Justification));
        return (new(request, row.R.Justification, await gates.EvaluateAsync(db, row.Version, row.Use, request.Stage, ct)), row.R);
    }

    /// <summary>The checklist a request would get now, shown while the requester fills in the form.</summary>
    public async Task<GateReport> PreviewAsync(Guid modelVersionId, Guid aiSystemId, Stage stage, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await gates.EvaluateAsync(db, modelVersionId, aiSystemId, stage, ct);
    }

    private sealed record Projected(PromotionRequest R, string ModelName, string Version, string Sha256, string Use, string UseName, RiskTier Tier, string Justification);

    private static IQueryable<Projected> Project(IQueryable<PromotionRequest> q) =>
        q.Include(r => r.Approvals).Select(r => new Projected(r, r.ModelVersion!.Model!.Name, r.ModelVersion.Version, r.ModelVersion.Sha256,
            r.AiSystem!.Key, r.AiSystem.Name, r.AiSystem.RiskTier, r.Justification));

    private static PromotionRow ToRow(Projected p) => new(p.R.Id, p.R.ModelVersionId, p.ModelName, p.Version, p.Sha256, p.R.AiSystemId, p.Use, p.UseName,
        p.Tier, p.R.TargetStage, p.R.Status, p.R.RequestedBy, p.R.CreatedAt, p.R.SubmittedAt, p.R.ClosedAt, p.R.ClosedBy, p.R.RejectionReason, p.R.ReviewNote,
        p.R.DecisionHash, p.R.PolicyVersion,
        p.R.Approvals.OrderBy(a => a.SignedAt).Select(a => new ApprovalRow(a.Role, a.ReviewerName, a.SignedAt, a.Comment, a.DecisionHash, a.IsValid, a.InvalidatedReason, a.ReviewerId)).ToList(),
        p.R.RequestedOnBehalfOf, p.R.RequestedById, p.R.RequestedOnBehalfOfId, p.R.RejectedAs, p.R.ImportedFrom);
}
