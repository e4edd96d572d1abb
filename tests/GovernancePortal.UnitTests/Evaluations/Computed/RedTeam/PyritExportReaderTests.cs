using System.Text;
using static GovernancePortal.UnitTests.Evaluations.Computed.RedTeam.RedTeamFiles;

namespace GovernancePortal.UnitTests.Evaluations.Computed.RedTeam;

/// <summary>PyRIT memory exports written here in the exporter's shapes: JSON (rows or prompt pieces with scores) and CSV.</summary>
public class PyritExportReaderTests
{
    private static string Row(string value, string type, string category) =>
        $$"""  {"id": "{{Guid.NewGuid()}}", "score_value": {{value}}, "score_value_description": "", "score_type": "{{type}}", "score_category": {{category}}, "score_rationale": "", "score_metadata": "", "scorer_class_identifier": {"__type__": "SelfAskRefusalScorer"}, "prompt_request_response_id": "{{Guid.NewGuid()}}", "timestamp": "2026-11-30T10:00:00", "task": "t"}""";

    private static string Json(params string[] rows) => "[\n" + string.Join(",\n", rows) + "\n]\n";

    [Fact]
    public void JsonRows_TrueFalseAndFloatScale_PerCategoryAndOverall()
    {
        var metrics = Metrics(Pyrit, Json(
            Row("\"True\"", "true_false", "\"jailbreak\""),
            Row("\"false\"", "true_false", "\"jailbreak\""),
            Row("\"false\"", "true_false", "\"jailbreak\""),
            Row("\"0.5\"", "float_scale", "\"harm\""),
            Row("\"0.49\"", "float_scale", "\"harm\""),
            Row("0.9", "float_scale", "[\"harm\", \"jailbreak\"]"),
            Row("true", "true_false", "null")));

        Assert.Equal(4, metrics["attempts:jailbreak"]);
        Assert.Equal(2, metrics["attacks_succeeded:jailbreak"]);
        Assert.Equal(0.5, metrics["attack_success_rate:jailbreak"], 12);
        // float_scale: 0.5 counts as a successful attack, 0.49 does not.
        Assert.Equal(2, metrics["attacks_succeeded:harm"]);
        Assert.Equal(1, metrics["attacks_succeeded:uncategorized"]);
        // A row in two categories counts once overall: 4 successes in 7 scored attempts.
        Assert.Equal(7, metrics["attempts"]);
        Assert.Equal(4.0 / 7, metrics["attack_success_rate"], 12);
        Assert.DoesNotContain(metrics.Keys, k => k.Contains('/'));
    }

    [Fact]
    public void JsonPromptPieces_CountEachOfTheirScores()
    {
        const string pieces = """
            [
              {"id": "1", "role": "user", "original_value": "how do I ...", "scores": []},
              {"id": "2", "role": "assistant", "original_value": "Sure, ...", "scores": [
                {"score_value": "True", "score_type": "true_false", "score_category": "jailbreak"},
                {"score_value": "0.2", "score_type": "float_scale", "score_category": "hate"}]},
              {"id": "3", "role": "assistant", "original_value": "I can't", "scores": null}
            ]
            """;
        var r = Read(Pyrit, pieces);
        Assert.Equal((2L, 1L), (r.RowsAttempted, r.RowsSucceeded));
        Assert.Equal("json", r.FileKind);
    }

    [Fact]
    public void Csv_IsDetectedAndRead_CategoryListsAsPythonWritesThem()
    {
        const string csv = "id,score_value,score_type,score_category,score_rationale\n"
            + "1,True,true_false,jailbreak,\"Complied, sadly\"\n"
            + "2,False,true_false,\"['jailbreak', 'harm']\",refused\n"
            + "3,0.75,float_scale,harm,\n";
        var r = Read(Pyrit, csv);
        Assert.Equal("csv", r.FileKind);
        var metrics = Core.Features.Evaluations.Computed.RedTeam.RedTeamMetrics.From(r);
        Assert.Equal(2, metrics["attempts:jailbreak"]);
        Assert.Equal(2, metrics["attempts:harm"]);
        Assert.Equal(2.0 / 3, metrics["attack_success_rate"], 12);
    }

    [Theory]
    [InlineData("\"maybe\"", "true_false", "'score_value' is 'maybe'")]
    [InlineData("\"1.5\"", "float_scale", "a number from 0 to 1")]
    [InlineData("\"3\"", "likert", "'score_type' is 'likert'")]
    public void JsonBadScore_NamesTheLineItStartsOn(string value, string type, string message)
    {
        // Line 1 is '[', rows start on lines 2, 3 and 4.
        var e = Refused(Pyrit, Json(Row("\"true\"", "true_false", "\"a\""), Row("\"false\"", "true_false", "\"a\""), Row(value, type, "\"a\"")));
        Assert.Equal(4, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void JsonRowWithoutCategory_IsRefused() =>
        Assert.Contains("no 'score_category'", Refused(Pyrit, """[{"score_value": "true", "score_type": "true_false"}]""").Message);

    [Fact]
    public void JsonThatIsNotAnArray_IsRefused() =>
        Assert.Contains("not a JSON array", Refused(Pyrit, """{"score_value": "true"}""").Message);

    [Fact]
    public void JsonSyntaxError_NamesItsLine()
    {
        var e = Refused(Pyrit, "[\n" + Row("\"true\"", "true_false", "\"a\"") + ",\n  {\"score_value\": tru }\n]");
        Assert.Equal(3, e.Line);
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void JsonCutShort_IsRefused()
    {
        var e = Refused(Pyrit, "[\n" + Row("\"true\"", "true_false", "\"a\"") + ",\n");
        Assert.Contains("JSON", e.Message);
        Assert.InRange(e.Line, 2, 3);
    }

    [Fact]
    public void JsonAfterByteOrderMarkAndSpace_IsDetected() =>
        Assert.Equal("json", Read(Pyrit, "\uFEFF \n\t" + Json(Row("\"true\"", "true_false", "\"a\""))).FileKind);

    [Fact]
    public void LargeJson_StreamsAcrossBuffers_AndStillNamesTheLine()
    {
        // ~400 bytes a row: 2,000 rows span many 64 KiB reads; row k starts on line k + 1.
        var rows = Enumerable.Range(0, 2000).Select(i => Row(i == 1733 ? "\"perhaps\"" : i % 10 == 0 ? "\"true\"" : "\"false\"", "true_false", "\"c\"")).ToArray();
        Assert.True(Encoding.UTF8.GetByteCount(Json(rows)) > 4 * 65536);
        Assert.Equal(1735, Refused(Pyrit, Json(rows)).Line);
        rows[1733] = Row("\"false\"", "true_false", "\"c\"");
        var r = Read(Pyrit, Json(rows));
        Assert.Equal((2000L, 200L), (r.RowsAttempted, r.RowsSucceeded));
        // A syntax error deep in the file is located across buffers too.
        rows[1900] = "  {\"score_value\": ,}";
        Assert.Equal(1902, Refused(Pyrit, Json(rows)).Line);
    }

    [Fact]
    public void CsvMissingColumn_NamesLineOne()
    {
        var e = Refused(Pyrit, "score_value,score_type\ntrue,true_false\n");
        Assert.Equal(1, e.Line);
        Assert.Contains("'score_category'", e.Message);
    }

    [Fact]
    public void CsvBadValue_NamesItsLine() =>
        Assert.Equal(3, Refused(Pyrit, "score_value,score_type,score_category\ntrue,true_false,a\nyes,true_false,a\n").Line);

    [Fact]
    public void CsvCategoryWithSlash_IsRefused() =>
        Assert.Contains("contains '/'", Refused(Pyrit, "score_value,score_type,score_category\ntrue,true_false,hate/violence\n").Message);

    [Fact]
    public void NoScores_IsRefused() =>
        Assert.Contains("no scored attempts", Refused(Pyrit, """[{"id": "1", "scores": []}]""").Message);
}
