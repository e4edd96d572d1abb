using GovernancePortal.Core.Features.Findings;

namespace GovernancePortal.Core.Features.Promotions.Gates;

/// <summary>
/// Integrity of the artifact itself: a training run in the lineage produced it, and no open integrity finding
/// (digest conflict, evaluation of a changed digest) hangs over it.
/// </summary>
public sealed class ProvenanceGate : IGateCheck
{
    public const string Name = "Integrity";

    private static readonly FindingRule[] Blocking = [FindingRule.DigestConflict, FindingRule.EvaluationOfChangedDigest, FindingRule.LineageCycle];

    public Task<IReadOnlyList<GateCheckResult>> EvaluateAsync(GateContext c, CancellationToken ct)
    {
        var results = new List<GateCheckResult>();
        results.Add(c.ProducingRuns.Count == 0
            ? new(Name, "Provenance", CheckStatus.Missing, "No training run in the lineage produced this version; its origin cannot be traced.", [])
            : new(Name, "Provenance", CheckStatus.Passed, $"Produced by {string.Join(", ", c.ProducingRuns.Select(r => r.Label))}.",
                c.ProducingRuns.OrderBy(r => r.Id).Select(r => new EvidenceRef("training-run", r.Id, r.Label, $"run:{r.Id}")).ToList()));

        var blocking = c.OpenFindings.Where(f => Blocking.Contains(f.Rule)).OrderBy(f => f.Id).ToList();
        results.Add(blocking.Count == 0
            ? new(Name, "Open integrity findings", CheckStatus.Passed, "No open integrity findings on this version.", [])
            : new(Name, "Open integrity findings", CheckStatus.Failed, string.Join(" ", blocking.Select(f => f.Message)),
                blocking.Select(f => new EvidenceRef("finding", f.Id, f.Rule.ToString(), $"finding:{f.Id}")).ToList()));
        return Task.FromResult<IReadOnlyList<GateCheckResult>>(results);
    }
}
