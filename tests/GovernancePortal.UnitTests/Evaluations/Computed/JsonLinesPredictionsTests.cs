using System.Text;
using GovernancePortal.Core.Features.Evaluations.Computed;

namespace GovernancePortal.UnitTests.Evaluations.Computed;

/// <summary>JSON Lines goes through the same accumulation as CSV: same numbers, same line-naming errors.</summary>
public class JsonLinesPredictionsTests
{
    private static readonly PredictionsOptions Options = new("y", "p", "s", SensitiveColumns: ["g"], MinGroupSize: 1, Format: PredictionsFormat.JsonLines);

    private static PredictionsError Error(string jsonl)
    {
        var error = PredictionsScanner.Scan(new MemoryStream(Encoding.UTF8.GetBytes(jsonl)), Options, out var scan);
        Assert.Null(scan);
        return Assert.IsType<PredictionsError>(error);
    }

    [Fact]
    public void SameFileAsCsvAndAsJsonLines_GivesTheSameMetrics()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(0, 500).Select(i => (Y: random.Next(2), P: random.Next(2), S: random.NextDouble(), G: "ABC"[random.Next(3)])).ToList();
        var csv = "y,p,s,g\n" + string.Concat(rows.Select(r => FormattableString.Invariant($"{r.Y},{r.P},{r.S:R},{r.G}\n")));
        // Numbers as numbers and as strings, keys in any order, extra keys (even nested) ignored, a blank line skipped.
        var jsonl = string.Concat(rows.Select((r, i) => i % 2 == 0
            ? FormattableString.Invariant($"{{\"y\":{r.Y},\"p\":\"{r.P}\",\"s\":{r.S:R},\"g\":\"{r.G}\",\"extra\":{{\"a\":[1,2]}}}}\n")
            : FormattableString.Invariant($"{{\"g\":\"{r.G}\",\"s\":{r.S:R},\"p\":{r.P},\"y\":\"{r.Y}\"}}\r\n\n")));
        var fromCsv = Csv.Scan(csv, Options with { Format = PredictionsFormat.Csv });
        var fromJsonl = Csv.Scan(jsonl, Options);
        Assert.Equal(ComputedMetrics.Bias(fromCsv, Options), ComputedMetrics.Bias(fromJsonl, Options));
        Assert.Equal(ComputedMetrics.Performance(fromCsv), ComputedMetrics.Performance(fromJsonl));
        Assert.Equal(500, fromJsonl.Overall.Rows);
    }

    [Fact]
    public void MissingKey_NamesItsLine()
    {
        var e = Error("{\"y\":1,\"p\":1,\"s\":0.5,\"g\":\"A\"}\n{\"y\":0,\"p\":0,\"g\":\"B\"}\n");
        Assert.Equal(2, e.Line);
        Assert.Contains("no key 's'", e.Message);
    }

    [Fact]
    public void InvalidJson_NamesItsLine_BlankLinesCounted()
    {
        var e = Error("{\"y\":1,\"p\":1,\"s\":0.5,\"g\":\"A\"}\n\n{\"y\":0,\"p\":0,\"s\":0.1,\"g\":\"B\"\n");
        Assert.Equal(3, e.Line);
        Assert.Contains("not valid JSON", e.Message);
    }

    [Theory]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{\"y\":1,\"p\":1,\"s\":0.5,\"g\":\"A\"} {\"y\":1}", "not valid JSON")]
    [InlineData("{\"y\":1,\"p\":1,\"s\":0.5,\"g\":[\"A\"]}", "'g' is an array")]
    [InlineData("{\"y\":1,\"p\":1,\"s\":\"high\",\"g\":\"A\"}", "'s' is 'high', not a finite number")]
    [InlineData("{\"y\":null,\"p\":1,\"s\":0.5,\"g\":\"A\"}", "'y' is empty")]
    public void MalformedSecondLine_IsRefusedNamingIt(string line, string message)
    {
        var e = Error("{\"y\":1,\"p\":1,\"s\":0.5,\"g\":\"A\"}\n" + line + "\n");
        Assert.Equal(2, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void PredictionOutsideTheLabels_NamesTheFirstLineItAppears()
    {
        var e = Error("{\"y\":1,\"p\":1,\"s\":0.5,\"g\":\"A\"}\n{\"y\":0,\"p\":0,\"s\":0.1,\"g\":\"B\"}\n{\"y\":0,\"p\":\"yes\",\"s\":0.1,\"g\":\"B\"}\n");
        Assert.Equal(3, e.Line);
        Assert.Contains("'yes'", e.Message);
    }

    [Fact]
    public void LongFile_ReadsAcrossBufferBoundaries()
    {
        // ~40 bytes a line, 20,000 lines: many 64 KiB buffer refills with lines cut at the boundary.
        var jsonl = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{{\"y\":{i % 2},\"p\":{i % 3 % 2},\"s\":0.{i % 10},\"g\":\"G{i % 4}\"}}\n"));
        var scan = Csv.Scan(jsonl, Options);
        Assert.Equal(20_000, scan.Overall.Rows);
        Assert.Equal(4, scan.Columns[0].Groups.Count);
    }

    [Fact]
    public void EmptyFile_IsRefused() => Assert.Contains("no rows", Error("\n\n").Message);
}
