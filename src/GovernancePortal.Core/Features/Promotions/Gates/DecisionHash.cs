using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GovernancePortal.Core.Features.Promotions.Gates;

/// <summary>
/// What an approval is given on: the artifact digest, the policy version and the exact evidence (evaluations, the
/// published AI Card revision, provenance). The hash is SHA-256 over a canonical JSON of these, so it can be
/// recomputed by anyone holding the same facts.
/// </summary>
public sealed record DecisionInputs(string Sha256, string Policy, IReadOnlyList<DecisionEvidence> Evidence, string Subject = "")
{
    public string Hash()
    {
        var canonical = JsonSerializer.Serialize(new
        {
            subject = Subject,
            sha256 = Sha256,
            policy = Policy,
            evidence = Evidence.Select(e => e.Binding).Order(StringComparer.Ordinal).ToArray(),
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    public static DecisionInputs FromJson(string json)
    {
        try { return JsonSerializer.Deserialize<DecisionInputs>(json) ?? Empty; }
        catch (JsonException) { return Empty; }
    }

    public static readonly DecisionInputs Empty = new("", "", []);

    /// <summary>Human sentences for what differs between the inputs approvals were given on and the current ones.</summary>
    public IReadOnlyList<string> ChangesSince(DecisionInputs before)
    {
        var changes = new List<string>();
        if (before.Sha256 != Sha256) changes.Add($"the artifact digest changed ({Common.Digest.Short(before.Sha256)}… → {Common.Digest.Short(Sha256)}…)");
        if (before.Policy != Policy) changes.Add($"the policy changed ({before.Policy} → {Policy})");
        var old = before.Evidence.Select(e => e.Binding).ToHashSet();
        var now = Evidence.Select(e => e.Binding).ToHashSet();
        changes.AddRange(Evidence.Where(e => !old.Contains(e.Binding)).Select(e => $"new evidence: {e.Label}"));
        changes.AddRange(before.Evidence.Where(e => !now.Contains(e.Binding)).Select(e => $"evidence no longer used: {e.Label}"));
        return changes;
    }
}

public sealed record DecisionEvidence(string Binding, string Label);
