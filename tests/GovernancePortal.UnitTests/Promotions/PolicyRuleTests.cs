using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Gates;

namespace GovernancePortal.UnitTests.Promotions;

/// <summary><c>source: computed</c> and <c>metric: name:*</c> in evidence rules (ADR 0034); <see cref="EvidenceRequirement.Unmet"/> owns both.</summary>
public class PolicyRuleTests
{
    private const string Policy = """
        name: High risk to Production
        riskTier: High
        stage: Production
        maxEvidenceAgeDays: 90
        evidenceEnvironments: [Staging]
        requiredApprovers: [Platform, Security, Risk]
        evidence:
          - kind: Bias
            source: computed
            thresholds:
              - metric: demographic_parity_ratio:*
                min: 0.8
          - kind: Robustness
            thresholds:
              - metric: accuracy_drop_points
                max: 5
        """;

    private static PolicyDefinition Parsed()
    {
        var result = PolicyYaml.Parse(Policy);
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }

    private static EvidenceRequirement BiasRule => Parsed().Evidence.Single(e => e.Kind == EvaluationKind.Bias);

    private static readonly Dictionary<string, double> TwoColumns = new()
    {
        ["demographic_parity_ratio"] = 0.82, ["demographic_parity_ratio:gender"] = 0.91, ["demographic_parity_ratio:age_band"] = 0.82,
        ["selection_rate:gender=F"] = 0.3,
    };

    [Fact]
    public void Parse_ReadsSourceAndPattern_AndWritesThemBack()
    {
        var p = Parsed();
        Assert.Equal(EvaluationSource.Computed, BiasRule.RequiredSource);
        Assert.Null(p.Evidence.Single(e => e.Kind == EvaluationKind.Robustness).RequiredSource);
        Assert.True(BiasRule.Thresholds[0].IsPattern);
        var again = PolicyYaml.Parse(PolicyYaml.Write(p)).Value!;
        Assert.Equal(EvaluationSource.Computed, again.Evidence.Single(e => e.Kind == EvaluationKind.Bias).RequiredSource);
        Assert.Equal("demographic_parity_ratio:*", again.Evidence.Single(e => e.Kind == EvaluationKind.Bias).Thresholds[0].Metric);
    }

    [Theory]
    [InlineData("source: computed", "source: reported-by-hand", "not a source")]
    [InlineData("metric: demographic_parity_ratio:*", "metric: demographic_*", "a pattern is a metric name followed by ':*'")]
    [InlineData("metric: demographic_parity_ratio:*", "metric: ':*'", "a pattern is")]
    [InlineData("metric: demographic_parity_ratio:*", "metric: a:*:b", "a pattern is")]
    public void Parse_RefusesBadSourcesAndPatterns(string valid, string invalid, string message)
    {
        var result = PolicyYaml.Parse(Policy.Replace(valid, invalid));
        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Error!.Message);
    }

    [Fact]
    public void Pattern_MetWhenEveryColumnMeetsIt() =>
        Assert.Empty(BiasRule.Unmet(TwoColumns, EvaluationSource.Computed));

    [Fact]
    public void Pattern_NamesEveryColumnThatFails_NotTheBareOrPerGroupNames()
    {
        var metrics = new Dictionary<string, double>(TwoColumns) { ["demographic_parity_ratio:age_band"] = 0.7, ["demographic_parity_ratio:region"] = 0.75 };
        var problems = BiasRule.Unmet(metrics, EvaluationSource.Computed);
        Assert.Equal(["demographic_parity_ratio:age_band = 0.7 does not meet demographic_parity_ratio:* >= 0.8",
            "demographic_parity_ratio:region = 0.75 does not meet demographic_parity_ratio:* >= 0.8"], problems);
    }

    [Fact]
    public void Pattern_MatchingNothing_IsNotReported()
    {
        // The bare worst-case name does not satisfy a per-column rule: reported evidence with only that is "not reported".
        var problems = BiasRule.Unmet(new Dictionary<string, double> { ["demographic_parity_ratio"] = 0.95 }, EvaluationSource.Computed);
        Assert.Equal(["demographic_parity_ratio:* is not reported"], problems);
    }

    [Theory]
    [InlineData("demographic_parity_ratio:gender", true)]
    [InlineData("demographic_parity_ratio", false)]
    [InlineData("demographic_parity_ratio:", false)]
    [InlineData("demographic_parity_ratio_x:gender", false)]
    [InlineData("demographic_parity_ratio:gender:extra", false)]
    public void Pattern_MatchesOneSuffixAfterTheName(string name, bool applies) =>
        Assert.Equal(applies, new MetricThreshold("demographic_parity_ratio:*", 0.8, null).Applies(name));

    [Fact]
    public void PerGroupPattern_CoversEveryGroup() =>
        Assert.Equal(["selection_rate:gender=F = 0.3 does not meet selection_rate:* >= 0.4"],
            new EvidenceRequirement(EvaluationKind.Bias, null, [new MetricThreshold("selection_rate:*", 0.4, null)])
                .Unmet(new Dictionary<string, double> { ["selection_rate:gender=F"] = 0.3, ["selection_rate:gender=M"] = 0.5, ["selection_rate"] = 0.1 }, EvaluationSource.Reported));

    [Fact]
    public void SourceComputed_RefusesReportedEvidence_EvenWithinThresholds() =>
        Assert.Equal(["Bias evidence must be computed by the portal; the newest is reported"], BiasRule.Unmet(TwoColumns, EvaluationSource.Reported));

    [Fact]
    public void NoSourceRule_AcceptsBoth()
    {
        var rule = Parsed().Evidence.Single(e => e.Kind == EvaluationKind.Robustness);
        var metrics = new Dictionary<string, double> { ["accuracy_drop_points"] = 3 };
        Assert.Empty(rule.Unmet(metrics, EvaluationSource.Reported));
        Assert.Empty(rule.Unmet(metrics, EvaluationSource.Computed));
    }

    [Fact]
    public void Gate_ExplainsThatTheNewestIsReported_AndPassesComputedEvidence()
    {
        var now = new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);
        var digest = new string('a', 64);
        Evaluation Eval(EvaluationSource source) => new()
        {
            Kind = EvaluationKind.Bias, TargetSha256 = digest, Evaluator = "ci", Environment = DeploymentEnvironment.Staging, Passed = true,
            EvaluatedAt = now.AddDays(-1), Metrics = new(TwoColumns), Source = source,
            Upload = source == EvaluationSource.Computed ? new EvaluationUpload { Sha256 = new string('1', 64), FileName = "p.csv", UploadedById = "u", UploadedByName = "u", ParserVersion = "predictions-csv/1", ParametersJson = "{}" } : null,
        };
        GateContext Context(Evaluation e) => new(
            new ModelVersion { Version = "1.0", Framework = "x", ArtifactUri = "s3://x", Sha256 = digest, CreatedBy = "t" }, "m",
            new AiSystem { Key = "use", Name = "Use", Owner = "o", BusinessUnit = "b", IntendedPurpose = "p", RiskTier = RiskTier.High },
            Stage.Production, Parsed(), [e], [], [], now);

        var reported = EvidenceGate.Check(Context(Eval(EvaluationSource.Reported)), BiasRule);
        Assert.Equal(CheckStatus.Failed, reported.Status);
        Assert.Equal("Bias evidence must be computed by the portal; the newest is reported.", reported.Reason);

        var computed = EvidenceGate.Check(Context(Eval(EvaluationSource.Computed)), BiasRule);
        Assert.Equal(CheckStatus.Passed, computed.Status);
        Assert.StartsWith("Computed by the portal; demographic_parity_ratio:age_band = 0.82, demographic_parity_ratio:gender = 0.91;", computed.Reason);
    }
}
