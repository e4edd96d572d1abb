using System.Text;
using GovernancePortal.Core.Features.Evaluations.Computed;
using GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;

namespace GovernancePortal.UnitTests.Evaluations.Computed.RedTeam;

internal delegate PredictionsError? RedTeamReader(Stream file, out RedTeamResult? result, CancellationToken ct);

/// <summary>Runs a reader over text and asserts it was read, or refused without a result.</summary>
internal static class RedTeamFiles
{
    public static RedTeamResult Read(RedTeamReader reader, string text)
    {
        var error = reader(new MemoryStream(Encoding.UTF8.GetBytes(text)), out var result, default);
        Assert.True(error is null, error?.ToString());
        return result!;
    }

    public static PredictionsError Refused(RedTeamReader reader, string text)
    {
        var error = reader(new MemoryStream(Encoding.UTF8.GetBytes(text)), out var result, default);
        Assert.Null(result);
        return Assert.IsType<PredictionsError>(error);
    }

    public static SortedDictionary<string, double> Metrics(RedTeamReader reader, string text) => RedTeamMetrics.From(Read(reader, text));

    public static readonly RedTeamReader Garak = GarakReportReader.Read;
    public static readonly RedTeamReader Pyrit = PyritExportReader.Read;
    public static readonly RedTeamReader Attempts = AttemptsCsvReader.Read;

    /// <summary>A garak eval entry in the current (0.14+) shape.</summary>
    public static string Eval(string probe, string detector, int passed, int total, string extra = "") =>
        $$"""{"entry_type": "eval", "probe": "{{probe}}", "detector": "{{detector}}", "passed": {{passed}}, "fails": {{total - passed}}, "nones": 0, "total_evaluated": {{total}}, "total_processed": {{total}}{{extra}}}""";
}
