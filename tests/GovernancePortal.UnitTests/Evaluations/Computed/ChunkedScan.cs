using System.Text;
using GovernancePortal.Core.Features.Evaluations.Computed;

namespace GovernancePortal.UnitTests.Evaluations.Computed;

/// <summary>
/// Runs a file through the one-pass scan and the chunked scan and asserts they answer the same, to the last bit: the
/// same counts, groups in the same order, scores in the same order, the same metrics, or the same refusal naming the
/// same line.
/// </summary>
internal sealed class ChunkedScan : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"gp-chunked-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(path);

    /// <summary>Whether the chunked scan answered itself (false: it left the file to the one-pass scan).</summary>
    public bool SameAsOnePass(string text, PredictionsOptions options, int chunks, bool byteOrderMark = false)
    {
        var bytes = (byteOrderMark ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        File.WriteAllBytes(path, bytes);
        // Scanned afresh for each comparison: the performance metrics sort a scan's scores in place.
        var onePassError = PredictionsScanner.Scan(new MemoryStream(bytes), options, out var onePass);
        PredictionsError? error;
        PredictionsScan? scan;
        using (var file = File.OpenRead(path))
            error = PredictionsScanner.Scan(file, options, out scan, chunks);
        Assert.Equal(onePassError, error);
        AssertSame(onePass, scan, options);
        using (var file = File.OpenRead(path))
        {
            var answered = PredictionsScanner.TryScanInChunks(file, options, chunks, out var chunkedError, out var chunked);
            if (answered)
            {
                PredictionsScanner.Scan(new MemoryStream(bytes), options, out onePass);
                Assert.Equal(onePassError, chunkedError);
                AssertSame(onePass, chunked, options);
            }
            return answered;
        }
    }

    private static void AssertSame(PredictionsScan? expected, PredictionsScan? actual, PredictionsOptions options)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }
        Assert.NotNull(actual);
        AssertSame(expected.Overall, actual.Overall);
        Assert.Equal(expected.Columns.Select(c => c.Column), actual.Columns.Select(c => c.Column));
        for (var i = 0; i < expected.Columns.Count; i++)
        {
            // Groups in the order first seen: the metrics iterate them in that order.
            Assert.Equal(expected.Columns[i].Groups.Keys, actual.Columns[i].Groups.Keys);
            foreach (var (value, counts) in expected.Columns[i].Groups) AssertSame(counts, actual.Columns[i].Groups[value]);
        }
        Assert.Equal(expected.HasScores, actual.HasScores);
        Assert.Equal(expected.ScoreCount, actual.ScoreCount);
        Assert.Equal(expected.Scores.Take(expected.ScoreCount), actual.Scores.Take(actual.ScoreCount));
        Assert.Equal(expected.ScoreIsPositive.Take(expected.ScoreCount), actual.ScoreIsPositive.Take(actual.ScoreCount));
        AssertBits(ComputedMetrics.Bias(expected, options), ComputedMetrics.Bias(actual, options));
        AssertBits(ComputedMetrics.Performance(expected), ComputedMetrics.Performance(actual));
    }

    private static void AssertSame(GroupCounts expected, GroupCounts actual) =>
        Assert.Equal((expected.Rows, expected.Weight, expected.PredictedPositive, expected.TruePositive, expected.FalsePositive, expected.Positives, expected.Negatives),
            (actual.Rows, actual.Weight, actual.PredictedPositive, actual.TruePositive, actual.FalsePositive, actual.Positives, actual.Negatives));

    private static void AssertBits(SortedDictionary<string, double> expected, SortedDictionary<string, double> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, value) in expected)
            Assert.True(BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(actual[name]), $"{name}: {value:R} vs {actual[name]:R}");
    }
}
