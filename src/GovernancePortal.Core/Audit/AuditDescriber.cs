using System.Text.Json;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Lineage;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Findings;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Audit;

/// <summary>What an audit line links to; the web layer turns it into an address.</summary>
public enum SubjectKind { DatasetVersion, TrainingRun, ModelVersion, Evaluation, Endpoint, Model, Dataset, AiSystem, Promotion, Card, ServiceIdentity }

public sealed record AuditSubject(SubjectKind Kind, Guid Id);

/// <summary>An audit entry told in words ("risk@demo.local rejected credit-risk-xgb v1.2.0 → Production"), with what it links to.</summary>
public sealed record AuditLine(AuditEntry Entry, string Text, AuditSubject? Subject);

/// <summary>
/// Turns audit entries into sentences with entity names, for the dashboard's recent activity and the audit trail. The
/// one place that knows how each action reads; names are looked up in a few batched queries for the entries given.
/// Entities deleted since keep their short id.
/// </summary>
public sealed class AuditDescriber(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public async Task<IReadOnlyList<AuditLine>> DescribeAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct = default)
    {
        var parsed = entries.Select(e => (Entry: e, Json: Parse(e.After ?? e.Before))).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var names = new Names();

        var requestIds = Ids(parsed, nameof(PromotionRequest), "Id").Concat(Ids(parsed, nameof(PromotionApproval), "PromotionRequestId")).ToList();
        var requests = await db.PromotionRequests.AsNoTracking().Where(r => requestIds.Contains(r.Id))
            .Select(r => new { r.Id, r.ModelVersionId, r.AiSystemId, r.TargetStage }).ToDictionaryAsync(r => r.Id, ct);
        var cardIds = Ids(parsed, nameof(AiCardRevision), "CardId").ToList();
        var cards = await db.Set<AiCard>().AsNoTracking().Where(c => cardIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.ModelVersionId, ct);

        var nodes = new List<(NodeType, Guid)>();
        void Node(NodeType t, IEnumerable<Guid> ids) => nodes.AddRange(ids.Select(i => (t, i)));
        Node(NodeType.ModelVersion, Ids(parsed, nameof(ModelVersion), "Id").Concat(Ids(parsed, nameof(ModelVersionStage), "ModelVersionId"))
            .Concat(Ids(parsed, nameof(AiCard), "ModelVersionId")).Concat(requests.Values.Select(r => r.ModelVersionId)).Concat(cards.Values));
        Node(NodeType.DatasetVersion, Ids(parsed, nameof(DatasetVersion), "Id"));
        Node(NodeType.TrainingRun, Ids(parsed, nameof(TrainingRun), "Id"));
        Node(NodeType.Evaluation, Ids(parsed, nameof(Evaluation), "Id"));
        Node(NodeType.Endpoint, Ids(parsed, nameof(ServingEndpoint), "Id"));
        foreach (var (id, label) in await LineageNeighbours.LabelsAsync(db, nodes, ct)) names[id] = label;

        var systemIds = Ids(parsed, nameof(AiSystem), "Id").Concat(Ids(parsed, nameof(ModelVersionStage), "AiSystemId")).Concat(requests.Values.Select(r => r.AiSystemId)).ToList();
        foreach (var s in await db.AiSystems.AsNoTracking().Where(s => systemIds.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(ct)) names[s.Id] = s.Name;
        var modelIds = Ids(parsed, nameof(Model), "Id").ToList();
        foreach (var m in await db.Models.AsNoTracking().Where(m => modelIds.Contains(m.Id)).Select(m => new { m.Id, m.Name }).ToListAsync(ct)) names[m.Id] = m.Name;
        var datasetIds = Ids(parsed, nameof(Dataset), "Id").ToList();
        foreach (var d in await db.Datasets.AsNoTracking().Where(d => datasetIds.Contains(d.Id)).Select(d => new { d.Id, d.Name }).ToListAsync(ct)) names[d.Id] = d.Name;

        string Promotion(Guid id) => requests.TryGetValue(id, out var r) ? $"{names[r.ModelVersionId]} → {r.TargetStage} for {names[r.AiSystemId]}" : $"promotion {Short(id)}";

        return parsed.Select(p =>
        {
            var (e, j) = p;
            var verb = e.Action[(e.Action.IndexOf('.') + 1)..];
            var who = e.Actor;
            System.Guid.TryParse(e.EntityId, out var id);
            AuditSubject? S(SubjectKind k, Guid? i = null) => new(k, i ?? id);
            (string, AuditSubject?) Told() => (e.EntityType, verb) switch
            {
                ("Finding", "Created") => ($"{CheckWords(j)} found: {Str(j, "Message")}", FindingSubject(j)),
                ("Finding", _) when Str(j, "ResolvedAt") is { Length: > 0 } => ($"{CheckWords(j)} resolved: {Str(j, "Message")}", FindingSubject(j)),
                ("Finding", _) => ($"{CheckWords(j)} still finds: {Str(j, "Message")}", FindingSubject(j)),
                ("User", _) => ($"{who} {Words(verb)}{(e.EntityId != who ? $" ({e.EntityId})" : "")}", null),
                (nameof(ModelVersionStage), _) when IdOf(j, "ModelVersionId") is { } v =>
                    ($"{who} set {names[v]} to {Str(j, "Stage")} for {names[IdOf(j, "AiSystemId") ?? default]}", S(SubjectKind.ModelVersion, v)),
                (nameof(PromotionRequest), "Created") => ($"{who} requested {Promotion(id)}", S(SubjectKind.Promotion)),
                (nameof(PromotionRequest), _) => (Str(j, "Status") switch
                {
                    "Approved" => $"{Promotion(id)} was approved",
                    "Rejected" => $"{who} rejected {Promotion(id)}",
                    "Withdrawn" => $"{who} withdrew {Promotion(id)}",
                    "Expired" => $"{Promotion(id)} expired",
                    "Pending" when Str(j, "ReviewNote") is { Length: > 0 } note => $"{Promotion(id)}: {note}",
                    "Pending" => $"{who} submitted {Promotion(id)} for review",
                    _ => $"{who} updated {Promotion(id)}",
                }, S(SubjectKind.Promotion)),
                (nameof(PromotionApproval), _) when IdOf(j, "PromotionRequestId") is { } rid => (Str(j, "InvalidatedAt") is { Length: > 0 }
                    ? $"{Str(j, "ReviewerName")}'s {Str(j, "Role")} signature on {Promotion(rid)} no longer counts"
                    : $"{who} signed {Promotion(rid)} as {Str(j, "Role")} reviewer", S(SubjectKind.Promotion, rid)),
                (nameof(AiCardRevision), _) when IdOf(j, "CardId") is { } card && cards.TryGetValue(card, out var version) =>
                    (Str(j, "IsPublished") == "true" ? $"{who} submitted the AI Card of {names[version]} for review (revision {Str(j, "Number")})"
                        : $"{who} saved the AI Card of {names[version]} (revision {Str(j, "Number")})", S(SubjectKind.Card, version)),
                (nameof(AiCard), _) when IdOf(j, "ModelVersionId") is { } v => ($"{who} {Words(verb)} the AI Card of {names[v]}", S(SubjectKind.Card, v)),
                (nameof(Evaluation), "Created") => ($"{who} recorded a {(Str(j, "Passed") == "true" ? "passing" : "failing")} evaluation: {names[id]}", S(SubjectKind.Evaluation)),
                (nameof(ModelVersion), "Created") => ($"{who} registered {names[id]}", S(SubjectKind.ModelVersion)),
                (nameof(ModelVersion), "DigestConflict") => ($"A pipeline reported another digest for {names[id]}", S(SubjectKind.ModelVersion)),
                (nameof(ServingEndpoint), "Recorded") => ($"{names[id]} reported what it serves", S(SubjectKind.Endpoint)),
                ("Api", _) => ($"{who} read {e.EntityId} through the API", null),
                ("LineageEvent", _) => ($"{who} sent an OpenLineage event", null),
                (nameof(LineageEdge), _) => ($"{who} {Words(verb)} a lineage link ({Str(j, "Kind")})", null),
                _ => ($"{who} {Words(verb)} {Words(e.EntityType)} {(id == default ? e.EntityId : names[id])}", Subject(e.EntityType, id)),
            };
            var (text, subject) = Told();
            return new AuditLine(e, text, subject);
        }).ToList();
    }

    private static AuditSubject? FindingSubject(JsonElement? j) => IdOf(j, "EntityId") is not { } id ? null
        : Str(j, "EntityType") == FindingEntity.ServiceIdentity ? new(SubjectKind.ServiceIdentity, id)
        : Enum.TryParse<NodeType>(Str(j, "EntityType"), out var t) ? new(Kind(t), id) : null;

    /// <summary>Which check spoke, in words (entries written before the engine carry no signal: lineage then).</summary>
    private static string CheckWords(JsonElement? j) => Enum.TryParse<FindingSignal>(Str(j, "Signal"), out var signal) ? signal switch
    {
        FindingSignal.UntrackedPromotion => "Promotion check",
        FindingSignal.MissingEvidence => "Evidence check",
        FindingSignal.ServiceIdentity => "Service identity check",
        FindingSignal.CardDrift => "AI Card check",
        FindingSignal.ProductionDivergence => "Production monitoring check",
        _ => "Lineage check",
    } : "Lineage check";

    private static SubjectKind Kind(NodeType t) => t switch
    {
        NodeType.DatasetVersion => SubjectKind.DatasetVersion,
        NodeType.TrainingRun => SubjectKind.TrainingRun,
        NodeType.ModelVersion => SubjectKind.ModelVersion,
        NodeType.Evaluation => SubjectKind.Evaluation,
        _ => SubjectKind.Endpoint,
    };

    private static AuditSubject? Subject(string type, Guid id) => id == default ? null : type switch
    {
        nameof(DatasetVersion) => new(SubjectKind.DatasetVersion, id),
        nameof(TrainingRun) => new(SubjectKind.TrainingRun, id),
        nameof(ModelVersion) => new(SubjectKind.ModelVersion, id),
        nameof(Evaluation) => new(SubjectKind.Evaluation, id),
        nameof(ServingEndpoint) => new(SubjectKind.Endpoint, id),
        nameof(Model) => new(SubjectKind.Model, id),
        nameof(Dataset) => new(SubjectKind.Dataset, id),
        nameof(AiSystem) => new(SubjectKind.AiSystem, id),
        _ => null,
    };

    /// <summary>"SignedIn" → "signed in", "Created" → "created".</summary>
    public static string Words(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Short(Guid id) => id.ToString()[..8];

    private static IEnumerable<Guid> Ids(IEnumerable<(AuditEntry Entry, JsonElement? Json)> parsed, string type, string property) =>
        parsed.Where(p => p.Entry.EntityType == type).Select(p => property == "Id" && System.Guid.TryParse(p.Entry.EntityId, out var g) ? g : IdOf(p.Json, property))
            .OfType<Guid>().Distinct();

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try { return JsonDocument.Parse(json).RootElement; } catch (JsonException) { return null; }
    }

    private static string? Str(JsonElement? j, string name) =>
        j is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null => null,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => v.ToString(),
        } : null;

    private static Guid? IdOf(JsonElement? j, string name) => System.Guid.TryParse(Str(j, name), out var g) ? g : null;

    /// <summary>Names by id; a missing one reads as its short id rather than failing the whole list.</summary>
    private sealed class Names : Dictionary<Guid, string>
    {
        public new string this[Guid id]
        {
            get => TryGetValue(id, out var n) ? n : Short(id);
            set => base[id] = value;
        }
    }
}
