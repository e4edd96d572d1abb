using GovernancePortal.Core.Features.Evaluations.Computed;

namespace GovernancePortal.UnitTests.Evaluations.Computed;

/// <summary>Every refusal names the line a person opening the file in an editor would look at.</summary>
public class MalformedPredictionsTests
{
    private static readonly PredictionsOptions WithScore = new("y", "p", "s", SensitiveColumns: ["g"]);

    [Fact]
    public void MissingColumn_NamesTheHeaderLine_AndTheColumn()
    {
        var e = Csv.Error("y,p,g\n1,1,A\n", WithScore);
        Assert.Equal(1, e.Line);
        Assert.Contains("'s'", e.Message);
        Assert.StartsWith("line 1: ", e.ToString());
    }

    [Fact]
    public void NonNumericScore_NamesItsLine() =>
        Assert.Equal(4, Csv.Error("y,p,s,g\n1,1,0.9,A\n0,0,0.1,B\n1,0,high,A\n0,1,0.3,B\n", WithScore).Line);

    [Fact]
    public void NonFiniteScore_IsRefused() =>
        Assert.Equal(2, Csv.Error("y,p,s,g\n1,1,NaN,A\n", WithScore).Line);

    [Fact]
    public void EmptyLabel_NamesItsLine() =>
        Assert.Equal(3, Csv.Error("y,p,s,g\n1,1,0.9,A\n,0,0.1,B\n", WithScore).Line);

    [Fact]
    public void EmptyGroup_NamesItsLine() =>
        Assert.Equal(3, Csv.Error("y,p,s,g\n1,1,0.9,A\n0,0,0.1,\n", WithScore).Line);

    [Fact]
    public void WrongColumnCount_NamesItsLine() =>
        Assert.Equal(3, Csv.Error("y,p,s,g\n1,1,0.9,A\n0,0,0.1\n1,1,0.2,B\n", WithScore).Line);

    [Fact]
    public void ExtraColumn_NamesItsLine_AndBothCounts()
    {
        var e = Csv.Error("y,p,s,g\n1,1,0.9,A\n0,0,0.1,B\n1,1,0.2,B,extra\n", WithScore);
        Assert.Equal(4, e.Line);
        Assert.Contains("5 columns, the header 4", e.Message);
    }

    [Fact]
    public void QuotedNewlines_CountAsLines()
    {
        // The second row spans lines 3 and 4 (a quoted note); the bad score is on line 5.
        var e = Csv.Error("y,p,s,g,note\n1,1,0.9,A,ok\n0,0,0.1,B,\"two\nlines\"\n1,1,x,A,ok\n", WithScore);
        Assert.Equal(5, e.Line);
    }

    [Fact]
    public void PredictionOutsideTheLabels_NamesTheFirstLineItAppears()
    {
        var e = Csv.Error("y,p,g\n1,1,A\n0,0,B\n1,yes,A\n0,yes,B\n", Csv.Gender);
        Assert.Equal(4, e.Line);
        Assert.Contains("'yes'", e.Message);
    }

    [Fact]
    public void PositiveLabelThatNeverOccurs_IsRefused()
    {
        var e = Csv.Error("y,p,g\n0,0,A\n0,0,B\n", Csv.Gender);
        Assert.Contains("positive label '1'", e.Message);
    }

    [Fact]
    public void IdColumnAsSensitiveFeature_IsRefusedAtTheFirstValueTooMany()
    {
        var rows = "y,p,g\n" + string.Concat(Enumerable.Range(0, 1100).Select(i => $"{i % 2},{i % 2},id{i}\n"));
        Assert.Equal(1002, Csv.Error(rows, Csv.Gender).Line);
    }

    [Fact]
    public void HeaderOnly_IsRefused() => Assert.Contains("no rows", Csv.Error("y,p,g\n", Csv.Gender).Message);

    [Fact]
    public void EmptyFile_IsRefused() => Assert.Contains("empty", Csv.Error("", Csv.Gender).Message);

    [Fact]
    public void GroupValueThatWouldBreakMetricNames_IsRefused() =>
        Assert.Equal(2, Csv.Error("y,p,g\n1,1,a=b\n", Csv.Gender).Line);
}
