using System.Globalization;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Cards;

/// <summary>
/// What a card states from the register rather than from its authors: identity and digest, training run and
/// datasets (lineage), evaluations, deployments and the uses the version is staged for. Lists are in a stable
/// order so the canonical JSON, and therefore the revision hash, depends only on the facts.
/// </summary>
public sealed record CardFacts(
    ModelFacts Model, RunFacts? Run, IReadOnlyList<DatasetFacts> TrainingData, IReadOnlyList<EvaluationFacts> Evaluations,
    IReadOnlyList<DeploymentFacts> Deployments, IReadOnlyList<UseFacts> Uses)
{
    /// <summary>The strictest risk tier among the uses; a version not yet assigned to any use is held to High.</summary>
    public RiskTier EffectiveTier => Uses.Count == 0 ? RiskTier.High : Uses.Max(u => u.Tier);

    /// <summary>The facts as comparable lines: staleness is a diff of two revisions' lines by key.</summary>
    public IEnumerable<FactLine> Lines()
    {
        var m = Model;
        yield return new("model.identity", CardSections.ModelDetails, "Model version", $"{m.Name} v{m.Version}", FactEntity.ModelVersion, m.Id);
        yield return new("model.sha256", CardSections.ModelDetails, "SHA-256", m.Sha256, FactEntity.ModelVersion, m.Id);
        yield return new("model.framework", CardSections.ModelDetails, "Framework", m.Framework, FactEntity.ModelVersion, m.Id);
        yield return new("model.artifact", CardSections.ModelDetails, "Artifact", m.ArtifactUri, FactEntity.ModelVersion, m.Id);
        foreach (var u in Uses)
            yield return new($"use:{u.Id}", CardSections.BusinessUses, "AI system", $"{u.Name} · {u.Tier} risk · {u.Stage}", FactEntity.AiSystem, u.Id);
        foreach (var d in Deployments)
            yield return new($"deployment:{d.Id}", CardSections.BusinessUses, "Deployment",
                $"{d.Name} ({d.Environment}) serves {Digest.Short(d.ReportedSha256)}{(d.ReportedSha256 == m.Sha256 ? "" : " — not the registered digest")}",
                FactEntity.Endpoint, d.Id);
        if (Run is { } r)
            yield return new("run", CardSections.TrainingData, "Training run", $"{r.JobName} @ {r.CodeCommit}", FactEntity.TrainingRun, r.Id);
        foreach (var d in TrainingData)
            yield return new($"dataset:{d.Id}", CardSections.TrainingData, "Training dataset", d.Describe(), FactEntity.DatasetVersion, d.Id);
        foreach (var e in Evaluations.Where(e => e.DatasetVersionId is not null).DistinctBy(e => e.DatasetVersionId))
            yield return new($"evaluation-data:{e.DatasetVersionId}", CardSections.EvaluationData, "Evaluation dataset", e.Dataset ?? "", FactEntity.DatasetVersion, e.DatasetVersionId!.Value);
        foreach (var e in Evaluations)
            yield return new($"evaluation:{e.Id}", CardSections.EvaluationResults, $"{e.Kind} evaluation", e.Describe(), FactEntity.Evaluation, e.Id);
    }

    /// <summary>
    /// The facts a review judged: the artifact, its run, data and evaluations. Where the version runs (uses, their
    /// stages, deployments) is left out because promotions and deployments change it themselves: counting it would make
    /// every approval stale its own card the moment it takes effect.
    /// </summary>
    public CardFacts Reviewed() => this with { Deployments = [], Uses = [] };

    /// <summary>Sections the register fills by itself: they count as written when they have facts.</summary>
    public static readonly IReadOnlySet<string> FactSections = new HashSet<string>
        { CardSections.BusinessUses, CardSections.TrainingData, CardSections.EvaluationData, CardSections.EvaluationResults };
}

/// <summary>The kinds of register entity a fact links to.</summary>
public enum FactEntity { ModelVersion, AiSystem, Endpoint, TrainingRun, DatasetVersion, Evaluation }

/// <summary>One stated fact: a stable key, the section it belongs to, a label, the value as shown, and its source.</summary>
public sealed record FactLine(string Key, string Section, string Label, string Value, FactEntity Entity, Guid EntityId);

/// <summary>A fact that differs between a revision's snapshot and the live register (Before or After null: added/removed).</summary>
public sealed record FactChange(string Key, string Label, string? Before, string? After);

public sealed record ModelFacts(Guid Id, string Name, string Version, string Sha256, string Framework, string ArtifactUri, string Owner, string Description);

public sealed record RunFacts(Guid Id, string JobName, string CodeCommit, string ImageDigest);

public sealed record DatasetFacts(Guid Id, string Name, string Version, string Uri, string? Sha256, string Licence, bool PersonalData, long? Rows)
{
    public string Describe() => $"{Name} @ {Version} · {(Licence.Length > 0 ? Licence : "licence unknown")}"
        + (Rows is { } n ? $" · {n.ToString("N0", CultureInfo.InvariantCulture)} rows" : "") + (PersonalData ? " · personal data" : "");
}

public sealed record EvaluationFacts(
    Guid Id, EvaluationKind Kind, bool Passed, IReadOnlyDictionary<string, double> Metrics, Guid? DatasetVersionId, string? Dataset,
    string TargetSha256, DateTime EvaluatedAt)
{
    public string Describe() => (Passed ? "passed" : "FAILED") + " · "
        + string.Join(", ", Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} = {m.Value.ToString("0.####", CultureInfo.InvariantCulture)}"))
        + (Dataset is null ? "" : $" · on {Dataset}") + $" · {EvaluatedAt:yyyy-MM-dd}";
}

public sealed record DeploymentFacts(Guid Id, string Name, DeploymentEnvironment Environment, string ReportedSha256, string? Use);

public sealed record UseFacts(Guid Id, string Key, string Name, RiskTier Tier, Stage Stage);

public static class FactDiff
{
    /// <summary>The facts that a revision states (<paramref name="saved"/>) and the register no longer does.</summary>
    public static IReadOnlyList<FactChange> Between(CardFacts saved, CardFacts live)
    {
        var before = saved.Lines().ToDictionary(l => l.Key);
        var after = live.Lines().ToDictionary(l => l.Key);
        var changes = new List<FactChange>();
        foreach (var (key, line) in before)
            if (!after.TryGetValue(key, out var now)) changes.Add(new(key, line.Label, line.Value, null));
            else if (now.Value != line.Value) changes.Add(new(key, line.Label, line.Value, now.Value));
        foreach (var (key, line) in after)
            if (!before.ContainsKey(key)) changes.Add(new(key, line.Label, null, line.Value));
        return changes;
    }

    /// <summary>The changes that make a published card stale for a promotion gate (<see cref="CardFacts.Reviewed"/>).</summary>
    public static IReadOnlyList<FactChange> ForReview(CardFacts saved, CardFacts live) => Between(saved.Reviewed(), live.Reviewed());

    /// <summary>One change in words, as a gate or a finding states it.</summary>
    public static string Describe(FactChange c) => (c.Before, c.After) switch
    {
        (null, { } after) => $"{c.Label} added ({after})",
        ({ } before, null) => $"{c.Label} removed (was {before})",
        _ => $"{c.Label} changed from {c.Before} to {c.After}",
    };
}
