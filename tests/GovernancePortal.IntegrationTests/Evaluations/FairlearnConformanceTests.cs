using System.Globalization;
using System.Text;
using System.Text.Json;
using GovernancePortal.Core.Features.Evaluations.Computed;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Evaluations;

/// <summary>
/// Fairlearn's own worked cases (../shared/reference/fairlearn/fairness_metric_cases.json, read in place): each case's
/// inputs go through the predictions scanner as a CSV and every expected value is reproduced to 1e-9.
/// </summary>
public class FairlearnConformanceTests
{
    public static IEnumerable<object[]> Cases()
    {
        // Listed by id so a missing reference still shows each case as skipped, not as "no data".
        yield return ["docs_common_fairness_metrics"];
        yield return ["unit_test_data_g1_unweighted"];
        yield return ["unit_test_data_g1_weighted"];
        yield return ["unit_test_data_g1_x_g2_intersectional_unweighted"];
        yield return ["edge_all_negative_predictions"];
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void ReproducesFairlearn(string id)
    {
        var file = Path.Combine(Reference.Require("fairlearn"), "fairness_metric_cases.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("id").GetString() == id);
        var inputs = c.GetProperty("inputs");
        var weighted = inputs.GetProperty("sample_weight").ValueKind == JsonValueKind.Array;
        var options = new PredictionsOptions("y", "p", SensitiveColumns: ["g"], MinGroupSize: 1, WeightColumn: weighted ? "w" : null);

        var error = PredictionsScanner.Scan(new MemoryStream(Encoding.UTF8.GetBytes(ToCsv(inputs, weighted))), options, out var scan);
        Assert.True(error is null, error?.ToString());
        var groups = scan!.Columns.Single().Groups;

        foreach (var g in c.GetProperty("by_group").EnumerateObject())
        {
            Assert.Equal(g.Value.GetProperty("selection_rate").GetDouble(), groups[g.Name].SelectionRate, 1e-9);
            Assert.Equal(g.Value.GetProperty("tpr").GetDouble(), groups[g.Name].TruePositiveRate, 1e-9);
            Assert.Equal(g.Value.GetProperty("fpr").GetDouble(), groups[g.Name].FalsePositiveRate, 1e-9);
        }
        Assert.Equal(c.GetProperty("by_group").EnumerateObject().Count(), groups.Count);

        var all = groups.Values.ToList();
        var checkedCount = 0;
        foreach (var expected in c.GetProperty("expected").EnumerateObject())
        {
            var (name, method, agg) = ParseKey(expected.Name);
            var actual = name switch
            {
                "demographic_parity_difference" => FairnessMath.DemographicParityDifference(all, scan.Overall, method),
                "demographic_parity_ratio" => FairnessMath.DemographicParityRatio(all, scan.Overall, method),
                "equalized_odds_difference" => FairnessMath.EqualizedOddsDifference(all, scan.Overall, method, agg),
                "equalized_odds_ratio" => FairnessMath.EqualizedOddsRatio(all, scan.Overall, method, agg),
                _ => throw new InvalidOperationException($"Unknown metric in the reference: {expected.Name}"),
            };
            if (expected.Value.ValueKind == JsonValueKind.Null) Assert.True(double.IsNaN(actual), $"{expected.Name}: expected NaN, got {actual}");
            else Assert.True(Math.Abs(expected.Value.GetDouble() - actual) <= 1e-9, $"{expected.Name}: expected {expected.Value.GetDouble():R}, got {actual:R}");
            checkedCount++;
        }
        Assert.Equal(12, checkedCount);
    }

    private static string ToCsv(JsonElement inputs, bool weighted)
    {
        var y = inputs.GetProperty("y_true").EnumerateArray().Select(v => v.GetInt32()).ToList();
        var p = inputs.GetProperty("y_pred").EnumerateArray().Select(v => v.GetInt32()).ToList();
        var sf = inputs.GetProperty("sensitive_features");
        // Several sensitive features form intersectional groups, keyed as the reference keys them: values joined with '|'.
        var g = sf.ValueKind == JsonValueKind.Array
            ? sf.EnumerateArray().Select(v => v.ToString()).ToList()
            : Enumerable.Range(0, y.Count).Select(i => string.Join('|', sf.EnumerateObject().Select(col => col.Value[i].ToString()))).ToList();
        var w = weighted ? inputs.GetProperty("sample_weight").EnumerateArray().Select(v => v.GetDouble()).ToList() : null;
        var csv = new StringBuilder(weighted ? "y,p,g,w\n" : "y,p,g\n");
        for (var i = 0; i < y.Count; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{y[i]},{p[i]},{g[i]}").Append(weighted ? "," + w![i].ToString("R", CultureInfo.InvariantCulture) : "").Append('\n');
        return csv.ToString();
    }

    private static (string Name, ParityMethod Method, OddsAggregate Agg) ParseKey(string key)
    {
        var open = key.IndexOf('[');
        var parameters = key[(open + 1)..^1].Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        return (key[..open],
            parameters["method"] == "to_overall" ? ParityMethod.ToOverall : ParityMethod.BetweenGroups,
            parameters.GetValueOrDefault("agg") == "mean" ? OddsAggregate.Mean : OddsAggregate.WorstCase);
    }
}
