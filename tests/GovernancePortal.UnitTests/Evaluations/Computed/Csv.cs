using System.Text;
using GovernancePortal.Core.Features.Evaluations.Computed;

namespace GovernancePortal.UnitTests.Evaluations.Computed;

internal static class Csv
{
    public static readonly PredictionsOptions Gender = new("y", "p", SensitiveColumns: ["g"], MinGroupSize: 1);

    public static PredictionsScan Scan(string text, PredictionsOptions options)
    {
        var error = PredictionsScanner.Scan(new MemoryStream(Encoding.UTF8.GetBytes(text)), options, out var scan);
        Assert.True(error is null, error?.ToString());
        return scan!;
    }

    public static PredictionsError Error(string text, PredictionsOptions options)
    {
        var error = PredictionsScanner.Scan(new MemoryStream(Encoding.UTF8.GetBytes(text)), options, out var scan);
        Assert.Null(scan);
        return Assert.IsType<PredictionsError>(error);
    }

    /// <summary>Rows of (label, prediction, group) as a CSV with header y,p,g.</summary>
    public static string Of(IEnumerable<(int Y, int P, string G)> rows) =>
        "y,p,g\n" + string.Concat(rows.Select(r => $"{r.Y},{r.P},{r.G}\n"));
}
