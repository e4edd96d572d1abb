using System.Text.Json;
using GovernancePortal.Core.Features.Monitoring;
using GovernancePortal.Core.Features.Monitoring.Drift;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Monitoring;

/// <summary>
/// Evidently's PSI and KS on the worked cases in ../shared/reference/drift/evidently_psi_ks_cases.json (read in place):
/// each case's samples go into two <see cref="ValueSketch"/>es and the bins, shares, PSI, KS statistic and p-value
/// are reproduced. Observations are numbers only, so a categorical case's labels are numbered in order of appearance.
/// </summary>
public class EvidentlyDriftConformanceTests
{
    public static IEnumerable<object[]> Cases()
    {
        // Listed by id so a missing reference still shows each case as skipped, not as "no data".
        yield return ["categorical_new_category"];
        yield return ["categorical_identical"];
        yield return ["numerical_shift_scale"];
        yield return ["numerical_low_cardinality_treated_as_categories"];
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void ReproducesEvidently(string id)
    {
        var file = Path.Combine(Reference.Require("drift"), "evidently_psi_ks_cases.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("id").GetString() == id);
        var labels = new Dictionary<string, double>();
        var reference = Sketch(c.GetProperty("reference"), labels);
        var current = Sketch(c.GetProperty("current"), labels);
        var expected = c.GetProperty("psi_result");

        var bins = Psi.Bin(reference, current);
        var order = Order(bins, expected, labels);
        AssertShares(expected.GetProperty("reference_fraction_raw"), bins.ReferenceShares, order);
        AssertShares(expected.GetProperty("current_fraction_raw"), bins.CurrentShares, order);
        Assert.Equal(expected.GetProperty("psi").GetDouble(), Psi.Compute(bins), 9);
        var verdict = DriftDetector.Compare(id, reference, current, DriftThresholds.Default);
        Assert.Equal(expected.GetProperty("psi").GetDouble(), verdict.Psi, 9);
        Assert.Equal(expected.GetProperty("drift_detected_at_default_threshold_0_1").GetBoolean(), verdict.Psi >= DriftThresholds.Default.PsiModerate);

        if (c.TryGetProperty("ks_2samp", out var ks))
        {
            Assert.Equal("ks", verdict.Test);
            Assert.Equal(ks.GetProperty("statistic").GetDouble(), verdict.Statistic, 12);
            Assert.Equal(ks.GetProperty("pvalue").GetDouble(), verdict.PValue!.Value, 9);
            Assert.Equal(ks.GetProperty("drift_detected_at_default_threshold_0_05").GetBoolean(), verdict.Drift);
        }
    }

    private static ValueSketch Sketch(JsonElement values, Dictionary<string, double> labels)
    {
        var s = new ValueSketch();
        foreach (var v in values.EnumerateArray())
            s.Add(v.ValueKind == JsonValueKind.Number ? v.GetDouble() : labels.TryGetValue(v.GetString()!, out var n) ? n : labels[v.GetString()!] = labels.Count);
        return s;
    }

    // Index into our bins for each of the reference's buckets: by edge for Sturges bins, by value for value bins.
    private static int[] Order(PsiBins bins, JsonElement expected, Dictionary<string, double> labels)
    {
        var buckets = expected.GetProperty("buckets").EnumerateArray().ToArray();
        if (bins.Edges is { } edges)
        {
            Assert.Equal(buckets.Length, edges.Length);
            for (var i = 0; i < edges.Length; i++) Assert.Equal(buckets[i].GetDouble(), edges[i], 9);
            return [.. Enumerable.Range(0, edges.Length - 1)];
        }
        var values = buckets.Select(b => b.ValueKind == JsonValueKind.Number ? b.GetDouble() : labels[b.GetString()!]).ToArray();
        var sorted = values.Order().ToArray();
        Assert.Equal(values.Length, bins.ReferenceShares.Length);
        return [.. values.Select(v => Array.IndexOf(sorted, v))];
    }

    private static void AssertShares(JsonElement expected, double[] actual, int[] order)
    {
        var e = expected.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal(e.Length, order.Length);
        for (var i = 0; i < e.Length; i++) Assert.Equal(e[i], actual[order[i]], 12);
    }
}
