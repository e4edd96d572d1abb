using GovernancePortal.Core.Common;
using System.Globalization;
using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Promotions.Gates;

/// <summary>
/// One check per evidence kind the policy requires: the newest evaluation of that kind that tested this exact
/// digest in an allowed environment must be fresh, marked passed and within every metric threshold.
/// </summary>
public sealed class EvidenceGate : IGateCheck
{
    public const string Name = "Evidence";

    public Task<IReadOnlyList<GateCheckResult>> EvaluateAsync(GateContext context, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<GateCheckResult>>(context.Policy.Evidence.Select(r => Check(context, r)).ToList());

    /// <summary>The check's name for one evidence kind (one per kind the policy requires).</summary>
    public static string CheckName(EvaluationKind kind) => $"{kind} evidence";

    internal static GateCheckResult Check(GateContext c, EvidenceRequirement requirement)
    {
        var check = CheckName(requirement.Kind);
        var ofKind = c.Evaluations.Where(e => e.Kind == requirement.Kind).OrderByDescending(e => e.EvaluatedAt).ThenBy(e => e.Id).ToList();
        if (ofKind.Count == 0)
            return new(Name, check, CheckStatus.Missing, $"No {requirement.Kind} evaluation of this version is registered.", []);

        var sameDigest = ofKind.Where(e => e.TargetSha256 == c.Version.Sha256).ToList();
        if (sameDigest.Count == 0)
            return Fail(check, ofKind[0], $"The {requirement.Kind} evaluation tested digest {Digest.Short(ofKind[0].TargetSha256)}…, not this artifact ({Digest.Short(c.Version.Sha256)}…).");
        var inEnvironment = sameDigest.Where(e => c.Policy.AcceptsEvidenceFrom(e.Environment)).ToList();
        if (inEnvironment.Count == 0)
            return Fail(check, sameDigest[0], $"Evidence comes from {sameDigest[0].Environment}; the policy accepts {string.Join(" or ", c.Policy.EvidenceEnvironments)}.");

        var evaluation = inEnvironment[0];
        var maxAge = requirement.AllowedAgeDays(c.Policy);
        var age = (c.Now - evaluation.EvaluatedAt).TotalDays;
        if (age < -0.01)
            return Fail(check, evaluation, $"The evaluation is dated {evaluation.EvaluatedAt:yyyy-MM-dd HH:mm} UTC, in the future; it cannot count as evidence.");
        if (age > maxAge)
            return Fail(check, evaluation, $"Evidence is {Math.Floor(age):0} days old; the policy allows {maxAge} days.");
        // A reported verdict is the evaluator's word and binds. A computed one is the portal's summary over every policy that
        // judges the evidence (staging evidence: Staging and Production policies); this policy's own thresholds decide here.
        if (!evaluation.Passed && evaluation.Source != EvaluationSource.Computed)
            return Fail(check, evaluation, "The evaluator marked this evaluation as failed.");

        var problems = requirement.Unmet(evaluation.Metrics, evaluation.Source);
        if (problems.Count > 0) return Fail(check, evaluation, string.Join("; ", problems) + ".");

        var met = requirement.Thresholds.Count == 0 ? "Marked passed (the policy sets no thresholds)"
            : string.Join(", ", requirement.Thresholds.SelectMany(t => t.Matching(evaluation.Metrics)).Select(m => $"{m.Key} = {Format(m.Value)}"));
        if (requirement.RequiredSource == EvaluationSource.Computed) met = "Computed by the portal; " + met;
        return new(Name, check, CheckStatus.Passed, $"{met}; {Math.Floor(age):0} days old, {evaluation.Environment}.", [Ref(evaluation)]);
    }

    private static GateCheckResult Fail(string check, Evaluation e, string reason) => new(Name, check, CheckStatus.Failed, reason, [Ref(e)]);

    /// <summary>An evaluation is bound by id, report digest and metrics, so a corrected report counts as new evidence.</summary>
    internal static EvidenceRef Ref(Evaluation e) => new("evaluation", e.Id,
        $"{e.Kind} evaluation of {e.EvaluatedAt:yyyy-MM-dd}",
        // Structured and exact (round-trip doubles), so two different metric sets never give the same binding.
        "evaluation:" + System.Text.Json.JsonSerializer.Serialize(new object?[]
        {
            e.Id, e.TargetSha256, e.ArtifactSha256, e.Passed, e.EvaluatedAt,
            new SortedDictionary<string, double>(e.Metrics, StringComparer.Ordinal),
        }.Concat(ComputedFrom(e)).ToArray()));

    /// <summary>
    /// A computed evaluation also binds the digest of the file it was computed from, and robustness from two files the
    /// perturbed file's too, so changing either file changes the binding. Only then: reported evaluations (and one-file
    /// computed ones) keep the binding they always had, so existing signatures stay valid.
    /// </summary>
    private static object?[] ComputedFrom(Evaluation e) => e.Source != EvaluationSource.Computed ? []
        : e.Upload is not { } upload ? throw new InvalidOperationException($"Computed evaluation {e.Id} was loaded without its upload record.")
        : upload.PerturbedSha256 is { } perturbed ? ["computed", upload.Sha256, "perturbed", perturbed]
        : ["computed", upload.Sha256];

    private static string Format(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

}
