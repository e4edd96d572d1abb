using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Gates;

namespace GovernancePortal.UnitTests.Promotions;

public class EvidenceGateTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);
    private const string Digest = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static readonly EvidenceRequirement Bias = new(EvaluationKind.Bias, null,
        [new MetricThreshold("demographic_parity_difference", null, 0.10), new MetricThreshold("disparate_impact_ratio", 0.80, null)]);

    private static Evaluation Eval(double dpd = 0.05, double dir = 0.9, int daysAgo = 10, bool passed = true, string digest = Digest,
        DeploymentEnvironment env = DeploymentEnvironment.Staging, EvaluationKind kind = EvaluationKind.Bias) => new()
    {
        Kind = kind, TargetSha256 = digest, Evaluator = "ci", Environment = env, Passed = passed, EvaluatedAt = Now.AddDays(-daysAgo),
        Metrics = new() { ["demographic_parity_difference"] = dpd, ["disparate_impact_ratio"] = dir },
    };

    private static GateContext Context(params Evaluation[] evaluations) => new(
        new ModelVersion { Version = "1.0", Framework = "x", ArtifactUri = "s3://x", Sha256 = Digest, CreatedBy = "t" }, "m",
        new AiSystem { Key = "use", Name = "Use", Owner = "o", BusinessUnit = "b", IntendedPurpose = "p", RiskTier = RiskTier.High },
        Stage.Production,
        new PolicyDefinition("p", RiskTier.High, Stage.Production, 90, [DeploymentEnvironment.Staging, DeploymentEnvironment.Production], [Bias], [], ReviewerRoles.All),
        evaluations, [], [], Now);

    [Fact]
    public void WithinThresholds_Passes_AndCitesTheEvaluation()
    {
        var e = Eval();
        var result = EvidenceGate.Check(Context(e), Bias);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(e.Id, Assert.Single(result.Evidence).Id);
    }

    [Fact]
    public void NoEvaluation_IsMissing() => Assert.Equal(CheckStatus.Missing, EvidenceGate.Check(Context(), Bias).Status);

    [Fact]
    public void OtherKindOnly_IsMissing() =>
        Assert.Equal(CheckStatus.Missing, EvidenceGate.Check(Context(Eval(kind: EvaluationKind.Performance)), Bias).Status);

    [Theory]
    [InlineData(0.14, 0.9, "demographic_parity_difference = 0.14")]
    [InlineData(0.05, 0.72, "disparate_impact_ratio = 0.72")]
    public void ThresholdMissed_Fails_NamingTheMetric(double dpd, double dir, string expected)
    {
        var result = EvidenceGate.Check(Context(Eval(dpd, dir)), Bias);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(expected, result.Reason);
    }

    [Fact]
    public void OlderThanPolicyAllows_Fails()
    {
        var result = EvidenceGate.Check(Context(Eval(daysAgo: 91)), Bias);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("91 days old", result.Reason);
    }

    [Fact]
    public void RequirementMaxAge_OverridesPolicyDefault() =>
        Assert.Equal(CheckStatus.Failed, EvidenceGate.Check(Context(Eval(daysAgo: 40)), Bias with { MaxAgeDays = 30 }).Status);

    [Fact]
    public void MarkedFailedByEvaluator_Fails() =>
        Assert.Equal(CheckStatus.Failed, EvidenceGate.Check(Context(Eval(passed: false)), Bias).Status);

    [Fact]
    public void TestedAnotherDigest_Fails()
    {
        var result = EvidenceGate.Check(Context(Eval(digest: new string('b', 64))), Bias);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("not this artifact", result.Reason);
    }

    [Fact]
    public void FromEnvironmentThePolicyDoesNotAccept_Fails()
    {
        var result = EvidenceGate.Check(Context(Eval(env: DeploymentEnvironment.Development)), Bias);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("Development", result.Reason);
    }

    [Fact]
    public void MetricNotReported_Fails()
    {
        var e = Eval();
        e.Metrics.Remove("disparate_impact_ratio");
        Assert.Contains("disparate_impact_ratio is not reported", EvidenceGate.Check(Context(e), Bias).Reason);
    }

    [Fact]
    public void NewestEvaluationDecides()
    {
        var old = Eval(dpd: 0.2, daysAgo: 20);
        var fresh = Eval(dpd: 0.04, daysAgo: 2);
        var result = EvidenceGate.Check(Context(old, fresh), Bias);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(fresh.Id, result.Evidence[0].Id);
    }

    [Fact]
    public void EvidenceBinding_ChangesWhenMetricsChange()
    {
        var e = Eval();
        var before = EvidenceGate.Ref(e).Binding;
        e.Metrics["demographic_parity_difference"] = 0.06;
        Assert.NotEqual(before, EvidenceGate.Ref(e).Binding);
    }

    [Fact]
    public void ComputedEvidenceFailedUnderAnotherPolicy_IsJudgedByThisPolicysThresholds()
    {
        // The stored verdict of computed evidence covers every policy that judges it (ADR 0040); the gate applies its own.
        var computed = Eval(passed: false);
        computed.Source = EvaluationSource.Computed;
        computed.Upload = new EvaluationUpload
        {
            Sha256 = Digest, FileName = "p.csv", UploadedById = "u", UploadedByName = "u", ParserVersion = "predictions-csv/1", ParametersJson = "{}",
        };
        Assert.Equal(CheckStatus.Passed, EvidenceGate.Check(Context(computed), Bias).Status);
    }

    [Fact]
    public void ReportedEvidenceMarkedFailed_StillFails() =>
        Assert.Contains("marked this evaluation as failed", EvidenceGate.Check(Context(Eval(passed: false)), Bias).Reason);
}

public class ComputedEvidenceBindingTests
{
    private static Evaluation Computed(Guid id, string fileSha) => new()
    {
        Id = id, Kind = EvaluationKind.Bias, TargetSha256 = new string('a', 64), Evaluator = "ci", EvaluatedAt = new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc),
        Metrics = new() { ["demographic_parity_difference"] = 0.05 }, Passed = true, Source = EvaluationSource.Computed,
        Upload = new EvaluationUpload { Sha256 = fileSha, FileName = "p.csv", UploadedById = "u", UploadedByName = "u", ParserVersion = "predictions-csv/1", ParametersJson = "{}" },
    };

    [Fact]
    public void ComputedEvaluation_FromADifferentFile_BindsDifferently()
    {
        var id = Guid.NewGuid();
        Assert.NotEqual(EvidenceGate.Ref(Computed(id, new string('1', 64))).Binding, EvidenceGate.Ref(Computed(id, new string('2', 64))).Binding);
    }

    [Fact]
    public void ReportedEvaluation_KeepsTheBindingItAlwaysHad()
    {
        var e = new Evaluation
        {
            Id = Guid.Parse("01936f00-0000-7000-8000-000000000001"), Kind = EvaluationKind.Bias, TargetSha256 = new string('a', 64), Evaluator = "ci",
            EvaluatedAt = new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc), Metrics = new() { ["m"] = 0.5 }, Passed = true,
        };
        // The format before computed evidence existed: signatures given on reported evidence stay valid after the upgrade.
        Assert.Equal("evaluation:[\"01936f00-0000-7000-8000-000000000001\",\"" + new string('a', 64) + "\",null,true,\"2026-11-27T00:00:00Z\",{\"m\":0.5}]",
            EvidenceGate.Ref(e).Binding);
    }
}

public class RobustnessBindingTests
{
    private static Evaluation Robustness(string clean, string? perturbed) => new()
    {
        Id = Guid.Parse("01936f00-0000-7000-8000-000000000002"), Kind = EvaluationKind.Robustness, TargetSha256 = new string('a', 64), Evaluator = "ci",
        EvaluatedAt = new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc), Metrics = new() { ["accuracy_drop_points"] = 2 }, Passed = true,
        Source = EvaluationSource.Computed,
        Upload = new EvaluationUpload { Sha256 = clean, PerturbedSha256 = perturbed, FileName = "c.csv", UploadedById = "u", UploadedByName = "u", ParserVersion = "robustness-csv/1", ParametersJson = "{}" },
    };

    [Fact]
    public void ChangingEitherFile_ChangesTheBinding()
    {
        string Binding(string clean, string? perturbed) => EvidenceGate.Ref(Robustness(clean, perturbed)).Binding;
        var c1 = new string('1', 64); var c2 = new string('2', 64); var p1 = new string('3', 64); var p2 = new string('4', 64);
        Assert.NotEqual(Binding(c1, p1), Binding(c1, p2));
        Assert.NotEqual(Binding(c1, p1), Binding(c2, p1));
        // One-file computed evidence keeps the binding it had before two-file evidence existed.
        Assert.EndsWith($",\"computed\",\"{c1}\"]", Binding(c1, null));
    }
}
