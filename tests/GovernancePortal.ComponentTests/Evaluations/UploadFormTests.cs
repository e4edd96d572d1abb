using System.Text;
using GovernancePortal.Core.Domain;
using GovernancePortal.Web.Features.Evaluations.Upload;

namespace GovernancePortal.ComponentTests.Evaluations;

public class UploadFormTests
{
    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    [Fact]
    public async Task CsvHeader_FirstLine_QuotesBomAndCrLfHandled()
    {
        var columns = await CsvHeader.ReadAsync(Text("\uFEFFid,\"label\",\"pred, final\",\"say \"\"hi\"\"\",gender\r\n1,0,1,x,F\r\n"));
        Assert.Equal(["id", "label", "pred, final", "say \"hi\"", "gender"], columns);
    }

    [Fact]
    public async Task CsvHeader_OneLineWithoutEnd_IsAHeader_TooLongIsNot()
    {
        Assert.Equal(["a", "b"], await CsvHeader.ReadAsync(Text("a,b")));
        Assert.Null(await CsvHeader.ReadAsync(Text(new string('x', CsvHeader.MaxHeaderBytes + 10))));
        Assert.Null(await CsvHeader.ReadAsync(Text("")));
    }

    [Fact]
    public async Task JsonLinesHeader_FirstObjectsKeys_NotAnObjectIsNull()
    {
        Assert.Equal(["id", "label", "pred"], await JsonLinesHeader.ReadAsync(Text("{\"id\": 1, \"label\": \"a\", \"pred\": null}\n{\"other\": 2}\n")));
        Assert.Null(await JsonLinesHeader.ReadAsync(Text("id,label\n")));
        Assert.Null(await JsonLinesHeader.ReadAsync(Text("[1, 2]\n")));
    }

    [Fact]
    public void Giskard_AsksForNoColumnsAndNoSecondFile_JsonLinesReachesTheOptions()
    {
        var form = new UploadForm { Kind = EvaluationKind.Robustness, FileFormat = "giskard" };
        Assert.True(form.Needs(UploadField.FileFormat));
        Assert.False(form.Needs(UploadField.Columns) || form.Needs(UploadField.PerturbedFile) || form.Needs(UploadField.Perturbation));
        form.FileFormat = "jsonl";
        Assert.True(form.Needs(UploadField.PerturbedFile));
        Assert.Equal(GovernancePortal.Core.Features.Evaluations.Computed.RobustnessFormat.JsonLines, form.RobustnessFormat);
        form.Kind = EvaluationKind.Performance;
        Assert.Equal(GovernancePortal.Core.Features.Evaluations.Computed.PredictionsFormat.JsonLines, form.ToOptions().Format);
        Assert.DoesNotContain(form.FileFormats, f => f.Format == "giskard");
    }

    [Fact]
    public void Needs_EachKindAsksForItsFields()
    {
        var form = new UploadForm { Kind = EvaluationKind.Bias };
        Assert.True(form.Needs(UploadField.Sensitive));
        form.Kind = EvaluationKind.Performance;
        Assert.False(form.Needs(UploadField.Sensitive));
        Assert.True(form.Needs(UploadField.Columns));
        form.Kind = EvaluationKind.Robustness;
        Assert.True(form.Needs(UploadField.PerturbedFile) && form.Needs(UploadField.RowId) && form.Needs(UploadField.Perturbation));
        form.Kind = EvaluationKind.Adversarial;
        Assert.True(form.Needs(UploadField.Format));
        Assert.False(form.Needs(UploadField.Columns));
    }

    [Fact]
    public void ToOptions_PrivilegedOnlyForChosenSensitiveColumns_SensitiveDroppedForPerformance()
    {
        var form = new UploadForm { LabelColumn = "y", PredictionColumn = "p", ScoreColumn = "", PositiveLabel = " yes ", SensitiveColumns = ["gender"], MinGroupSize = 10 };
        form.PrivilegedGroups["gender"] = " M ";
        form.PrivilegedGroups["age"] = "old";

        var options = form.ToOptions();

        Assert.Equal(("y", "p", (string?)null, "yes", 10), (options.LabelColumn, options.PredictionColumn, options.ScoreColumn, options.PositiveLabel, options.MinGroupSize));
        Assert.Equal(["gender"], options.Sensitive);
        Assert.Equal(new Dictionary<string, string> { ["gender"] = "M" }, options.Privileged);
        form.Kind = EvaluationKind.Performance;
        Assert.Empty(form.ToOptions().Sensitive);
    }

    [Fact]
    public async Task ProgressStream_ReportsBytesRead()
    {
        var seen = new List<long>();
        await using var stream = new ProgressStream(Text(new string('a', 10_000)), seen.Add);
        await stream.CopyToAsync(Stream.Null, 4096);
        Assert.Equal(10_000, seen[^1]);
        Assert.True(seen.Count >= 3);
    }
}
