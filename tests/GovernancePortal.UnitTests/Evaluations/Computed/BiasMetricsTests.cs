using GovernancePortal.Core.Features.Evaluations.Computed;

namespace GovernancePortal.UnitTests.Evaluations.Computed;

public class BiasMetricsTests
{
    private static readonly string[] Groups = ["A", "B", "C"];

    private static List<(int Y, int P, string G)> Random(int seed, int rows = 600)
    {
        var rnd = new Random(seed);
        // Group-dependent rates, so the differences are not trivially 0.
        return [.. Enumerable.Range(0, rows).Select(_ =>
        {
            var g = rnd.Next(3);
            return (rnd.NextDouble() < 0.3 + 0.1 * g ? 1 : 0, rnd.NextDouble() < 0.2 + 0.2 * g ? 1 : 0, Groups[g]);
        })];
    }

    [Fact]
    public void ParityDifference_IsZero_WhenPredictionsAreIndependentOfTheGroup()
    {
        // Every group sees the same (label, prediction) pattern, so every per-group rate is equal.
        var pattern = new[] { (1, 1), (1, 0), (0, 1), (0, 0), (0, 0), (1, 1) };
        var rows = Groups.SelectMany(g => Enumerable.Repeat(pattern, 7).SelectMany(x => x).Select(r => (r.Item1, r.Item2, g)));
        var m = ComputedMetrics.Bias(Csv.Scan(Csv.Of(rows), Csv.Gender), Csv.Gender);
        Assert.Equal(0, m["demographic_parity_difference:g"]);
        Assert.Equal(1, m["demographic_parity_ratio:g"]);
        Assert.Equal(0, m["equalized_odds_difference:g"]);
        Assert.Equal(0, m["four_fifths_rule_violated:g"]);
    }

    [Theory]
    [InlineData(1), InlineData(2), InlineData(3)]
    public void SwappingGroupLabels_LeavesTheDifferencesUnchanged(int seed)
    {
        var rows = Random(seed);
        var swapped = rows.Select(r => (r.Y, r.P, r.G switch { "A" => "C", "C" => "A", _ => r.G }));
        var before = ComputedMetrics.Bias(Csv.Scan(Csv.Of(rows), Csv.Gender), Csv.Gender);
        var after = ComputedMetrics.Bias(Csv.Scan(Csv.Of(swapped), Csv.Gender), Csv.Gender);
        Assert.True(before["demographic_parity_difference:g"] > 0.05);
        foreach (var name in new[] { "demographic_parity_difference:g", "demographic_parity_ratio:g", "equalized_odds_difference:g", "equalized_odds_ratio:g" })
            Assert.Equal(before[name], after[name], 12);
        Assert.Equal(before["selection_rate:g=A"], after["selection_rate:g=C"], 12);
    }

    [Theory]
    [InlineData(4), InlineData(5), InlineData(6), InlineData(7)]
    public void Ratios_AreBetweenZeroAndOne(int seed)
    {
        var m = ComputedMetrics.Bias(Csv.Scan(Csv.Of(Random(seed, 300)), Csv.Gender), Csv.Gender);
        foreach (var name in new[] { "demographic_parity_ratio:g", "equalized_odds_ratio:g", "demographic_parity_ratio", "equalized_odds_ratio" })
            Assert.InRange(m[name], 0, 1);
    }

    [Fact]
    public void SmallGroups_AreFlagged_AndStillCount()
    {
        // C has 2 rows and selects everyone: it alone makes the parity difference 1.
        var rows = Enumerable.Repeat((0, 0, "A"), 40).Concat(Enumerable.Repeat((1, 0, "B"), 40)).Concat([(1, 1, "C"), (0, 1, "C")]);
        var options = Csv.Gender with { MinGroupSize = 30 };
        var m = ComputedMetrics.Bias(Csv.Scan(Csv.Of(rows), options), options);
        Assert.Equal(1, m["below_min_group_size:g=C"]);
        Assert.Equal(0, m["below_min_group_size:g=A"]);
        Assert.Equal(1, m["groups_below_min_group_size:g"]);
        Assert.Equal(2, m["count:g=C"]);
        Assert.Equal(1, m["demographic_parity_difference:g"]);
    }

    [Fact]
    public void DisparateImpact_ComparesTheRestWithThePrivilegedGroup()
    {
        // M selects 8 of 10; F 3 of 10 and X 1 of 10, pooled: 4 of 20.
        var rows = Enumerable.Range(0, 10).Select(i => (1, i < 8 ? 1 : 0, "M"))
            .Concat(Enumerable.Range(0, 10).Select(i => (1, i < 3 ? 1 : 0, "F")))
            .Concat(Enumerable.Range(0, 10).Select(i => (0, i < 1 ? 1 : 0, "X")));
        var options = Csv.Gender with { PrivilegedGroups = new Dictionary<string, string> { ["g"] = "M" } };
        var m = ComputedMetrics.Bias(Csv.Scan(Csv.Of(rows), options), options);
        Assert.Equal(0.2 / 0.8, m["disparate_impact:g"], 12);
        Assert.Equal(0.2 - 0.8, m["statistical_parity_difference:g"], 12);
        Assert.Equal(1, m["four_fifths_rule_violated:g"]);
        Assert.Equal(0.8 - 0.1, m["demographic_parity_difference:g"], 12);
    }

    [Fact]
    public void MultiClass_IsBinarizedOnThePositiveLabel_AndColumnsGetTheirOwnNames()
    {
        const string csv = "label,pred,gender,age\ncat,cat,F,young\ndog,cat,F,old\nbird,bird,M,young\ncat,dog,M,old\n";
        var options = new PredictionsOptions("label", "pred", PositiveLabel: "cat", SensitiveColumns: ["gender", "age"], MinGroupSize: 1);
        var m = ComputedMetrics.Bias(Csv.Scan(csv, options), options);
        Assert.Equal(1, m["selection_rate:gender=F"]);
        Assert.Equal(0, m["selection_rate:gender=M"]);
        Assert.Equal(0.5, m["true_positive_rate:gender=M"] + m["selection_rate:age=young"]);
        Assert.Equal(1, m["demographic_parity_difference:gender"]);
        Assert.Equal(0, m["demographic_parity_difference:age"]);
        // The bare name is the worst column.
        Assert.Equal(1, m["demographic_parity_difference"]);
    }

    [Fact]
    public void NaNRatios_AreLeftOut_NotStored()
    {
        var m = ComputedMetrics.Bias(Csv.Scan(Csv.Of([(1, 0, "A"), (0, 0, "B")]), Csv.Gender), Csv.Gender);
        Assert.Equal(0, m["demographic_parity_difference:g"]);
        Assert.False(m.ContainsKey("demographic_parity_ratio:g"));
        Assert.All(m.Values, v => Assert.True(double.IsFinite(v)));
    }
}
