using GovernancePortal.Core.Features.Evidence;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Pdf;
using UglyToad.PdfPig;

namespace GovernancePortal.UnitTests.Evidence;

public class EvidenceChartsTests
{
    [Fact]
    public void All_zero_values_still_get_an_axis_that_starts_at_zero()
    {
        var (low, high) = EvidenceCharts.ValueRange([0, 0, 0]);
        Assert.Equal(0, low);
        Assert.True(high >= 1, $"high {high}");
    }

    [Fact]
    public void The_axis_reaches_the_highest_value_or_threshold_and_below_zero_for_negative_values()
    {
        var (low, high) = EvidenceCharts.ValueRange([0.2, 0.9, -0.3, double.NaN]);
        Assert.True(low < -0.3, $"low {low}");
        Assert.True(high > 0.9, $"high {high}");
    }

    [Fact]
    public void Each_bar_prints_its_value_as_text()
    {
        var chart = EvidenceCharts.MetricBars("Zeros", new Dictionary<string, double> { ["false_positive_rate"] = 0, ["toxicity"] = 0.037 },
            [new MetricThreshold("toxicity", null, 0.1)], passed: true);
        var pdf = new PdfRenderer().Render(new PdfDocumentSpec(new PdfMetadata("t", "t", "t", DateTimeOffset.UnixEpoch), [chart]));

        using var doc = PdfDocument.Open(pdf);
        var words = doc.GetPage(1).GetWords().Select(w => w.Text).ToList();
        Assert.Contains("toxicity", words);
        Assert.Contains("0.037", words); // not a tick value: only the bar's own label prints it
    }
}
