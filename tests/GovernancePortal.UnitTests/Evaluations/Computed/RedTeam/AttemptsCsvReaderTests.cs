using static GovernancePortal.UnitTests.Evaluations.Computed.RedTeam.RedTeamFiles;

namespace GovernancePortal.UnitTests.Evaluations.Computed.RedTeam;

public class AttemptsCsvReaderTests
{
    [Fact]
    public void Outcomes_InEverySpelling_PerCategoryAndOverall()
    {
        var metrics = Metrics(Attempts, "prompt_id,category,outcome,notes\n"
            + "p1,prompt-injection,success,\np2,prompt-injection,FAIL,\np3,prompt-injection,1,\np4,prompt-injection,0,\n"
            + "p5,pii-leak,true,\np6,pii-leak,False,\np7,pii-leak,fail,\np8,,fail,\n");
        Assert.Equal(0.5, metrics["attack_success_rate:prompt-injection"], 12);
        Assert.Equal(3, metrics["attempts:pii-leak"]);
        Assert.Equal(1, metrics["attacks_succeeded:pii-leak"]);
        Assert.Equal(1, metrics["attempts:uncategorized"]);
        Assert.Equal(3.0 / 8, metrics["attack_success_rate"], 12);
        Assert.Equal(8, metrics["attempts"]);
    }

    [Theory]
    [InlineData("category,outcome\na,success\n", 1, "'prompt_id'")]
    [InlineData("category,prompt_id,outcome\na,p1,success\na,p2,maybe\n", 3, "'outcome' is 'maybe'")]
    [InlineData("category,prompt_id,outcome\na,p1,success\na,,fail\n", 3, "'prompt_id' is empty")]
    [InlineData("category,prompt_id,outcome\na,p1,success\na,p2\na,p3,fail\n", 3, "")]
    // The quoted note spans lines 3 and 4, so the row after it is line 5.
    [InlineData("category,prompt_id,outcome,note\na,p1,success,\nb,p2,success,\"two\nlines\"\nb\u0007,p3,fail,\n", 5, "control")]
    public void Malformed_NamesTheLine(string csv, long line, string message)
    {
        var e = Refused(Attempts, csv);
        Assert.Equal(line, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void HeaderOnly_IsRefused() =>
        Assert.Contains("no attempts", Refused(Attempts, "category,prompt_id,outcome\n").Message);
}
