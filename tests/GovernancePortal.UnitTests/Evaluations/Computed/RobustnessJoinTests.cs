using System.Text;
using GovernancePortal.Core.Features.Evaluations.Computed;

namespace GovernancePortal.UnitTests.Evaluations.Computed;

public class RobustnessJoinTests
{
    private static readonly RobustnessColumns Columns = new("id", "y", "p", "region");

    private static RobustnessScan Join(string clean, string perturbed, RobustnessColumns? columns = null)
    {
        var error = RobustnessJoin.Join(Stream(clean), "clean.csv", Stream(perturbed), "perturbed.csv", columns ?? Columns, out var scan);
        Assert.True(error is null, error?.ToString());
        return scan!;
    }

    private static RobustnessError Error(string clean, string perturbed, RobustnessColumns? columns = null)
    {
        var error = RobustnessJoin.Join(Stream(clean), "clean.csv", Stream(perturbed), "perturbed.csv", columns ?? Columns, out var scan);
        Assert.Null(scan);
        return Assert.IsType<RobustnessError>(error);
    }

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    // Ten rows: north 1-4, south 5-10. Clean: 9 of 10 right (row 10 wrong). Perturbed (in another order): rows 2 and 6 and 7
    // flip to wrong, row 10 flips to right.
    private const string Clean = "id,y,p,region\n1,1,1,north\n2,0,0,north\n3,1,1,north\n4,0,0,north\n5,1,1,south\n6,0,0,south\n7,1,1,south\n8,0,0,south\n9,1,1,south\n10,1,0,south\n";
    private const string Perturbed = "id,p\n10,1\n9,1\n8,0\n7,0\n6,1\n5,1\n4,0\n3,1\n2,1\n1,1\n";

    [Fact]
    public void Accuracies_Drop_FlipRate_AndWorstSlice()
    {
        var m = RobustnessMetrics.Of(Join(Clean, Perturbed));
        Assert.Equal(10, m["rows"]);
        Assert.Equal(0.9, m["accuracy_clean"], 12);
        Assert.Equal(0.7, m["accuracy_perturbed"], 12);
        Assert.Equal(0.2, m["accuracy_drop"], 12);
        Assert.Equal(20, m["accuracy_drop_points"], 9);
        Assert.Equal(0.4, m["prediction_flip_rate"], 12);
        // north: 4/4 -> 3/4 (drop 0.25); south: 5/6 -> 4/6 (drop 1/6).
        Assert.Equal(0.25, m["accuracy_drop:region=north"], 12);
        Assert.Equal(1.0 / 6, m["accuracy_drop:region=south"], 12);
        Assert.Equal(6, m["rows:region=south"]);
        Assert.Equal(0.25, m["worst_slice_accuracy_drop:region"], 12);
    }

    [Fact]
    public void WithoutASliceColumn_NoSliceMetrics()
    {
        var m = RobustnessMetrics.Of(Join(Clean, Perturbed, Columns with { SliceColumn = null }));
        Assert.DoesNotContain(m.Keys, k => k.Contains("region"));
        Assert.Equal(0.4, m["prediction_flip_rate"], 12);
    }

    [Fact]
    public void MultiClassLabels_AccuracyIsExactAgreement()
    {
        var m = RobustnessMetrics.Of(Join("id,y,p\na,cat,cat\nb,dog,dog\nc,bird,cat\n", "id,p\na,dog\nb,dog\nc,bird\n", new("id", "y", "p")));
        Assert.Equal(2.0 / 3, m["accuracy_clean"], 12);
        Assert.Equal(2.0 / 3, m["accuracy_perturbed"], 12);
        Assert.Equal(0, m["accuracy_drop"], 12);
        Assert.Equal(2.0 / 3, m["prediction_flip_rate"], 12);
    }

    [Fact]
    public void JsonLines_JoinsTheSameWay()
    {
        var clean = string.Concat(Clean.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(c => $"{{\"id\":{c[0]},\"y\":{c[1]},\"p\":{c[2]},\"region\":\"{c[3]}\"}}\n"));
        var perturbed = string.Concat(Perturbed.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(c => $"{{\"id\":\"{c[0]}\",\"p\":{c[1]}}}\n"));
        var jsonl = Columns with { Format = PredictionsFormat.JsonLines };
        Assert.Equal(RobustnessMetrics.Of(Join(Clean, Perturbed)), RobustnessMetrics.Of(Join(clean, perturbed, jsonl)));
    }

    [Fact]
    public void DuplicateRowIdInTheCleanFile_NamesBothLines()
    {
        var e = Error("id,y,p,region\n1,1,1,n\n2,0,0,n\n1,0,0,n\n", "id,p\n1,1\n2,0\n");
        Assert.Equal(("file", 4L), (e.Part, e.Error.Line));
        Assert.Contains("'1' appears twice (first on line 2)", e.Error.Message);
        Assert.StartsWith("clean.csv, line 4: ", e.ToString());
    }

    [Fact]
    public void DuplicateRowIdInThePerturbedFile_NamesItsLine()
    {
        var e = Error(Clean, "id,p\n1,1\n2,0\n2,0\n");
        Assert.Equal(("perturbedFile", 4L), (e.Part, e.Error.Line));
        Assert.StartsWith("perturbed.csv, line 4: ", e.ToString());
    }

    [Fact]
    public void RowOnlyInThePerturbedFile_NamesItsLine()
    {
        var e = Error(Clean, Perturbed + "11,1\n");
        Assert.Equal(("perturbedFile", 12L), (e.Part, e.Error.Line));
        Assert.Contains("'11' has no row in the clean file", e.Error.Message);
    }

    [Fact]
    public void RowMissingFromThePerturbedFile_NamesTheCleanLine()
    {
        // Row ids 3 and 7 are missing: the first in the clean file (line 4) is named.
        var perturbed = string.Join('\n', Perturbed.Split('\n').Where(l => !l.StartsWith("3,") && !l.StartsWith("7,")));
        var e = Error(Clean, perturbed);
        Assert.Equal(("file", 4L), (e.Part, e.Error.Line));
        Assert.Contains("'3' has no row in the perturbed file perturbed.csv (2 rows missing)", e.Error.Message);
    }

    [Fact]
    public void UnknownLabelInThePerturbedFile_NamesItsLine()
    {
        var e = Error(Clean, "id,p\n10,1\n9,maybe\n");
        Assert.Equal(("perturbedFile", 3L), (e.Part, e.Error.Line));
        Assert.Contains("'maybe', a label that never occurs", e.Error.Message);
    }

    [Fact]
    public void UnknownLabelInTheCleanFile_NamesTheFirstLineItAppears()
    {
        var e = Error("id,y,p,region\n1,1,1,n\n2,0,2,n\n3,0,2,n\n", "id,p\n1,1\n");
        Assert.Equal(("file", 3L), (e.Part, e.Error.Line));
    }

    [Theory]
    [InlineData("id,y,p,region\n1,1,1,n\n,0,0,n\n", "'id' is empty")]
    [InlineData("id,y,region\n1,1,n\n", "no column 'p'")]
    [InlineData("id,y,p,region\n", "no rows")]
    public void MalformedCleanFile_IsRefused(string clean, string message) =>
        Assert.Contains(message, Error(clean, "id,p\n1,1\n").Error.Message);

    [Fact]
    public void PerturbedFileWithoutTheRowIdColumn_NamesLineOne()
    {
        var e = Error(Clean, "row,p\n1,1\n");
        Assert.Equal(("perturbedFile", 1L), (e.Part, e.Error.Line));
        Assert.Contains("no column 'id'", e.Error.Message);
    }
}
