using System.Text;
using GovernancePortal.Core.Features.Evaluations.Computed;

namespace GovernancePortal.UnitTests.Evaluations.Computed;

/// <summary>
/// The chunked scan (ADR 0054) answers exactly as the one-pass scan on random files, good and bad: the same counts and
/// metrics to the last bit, and the same refusal naming the same line wherever it falls, chunk edges included.
/// </summary>
public class ChunkedScanTests
{
    private static readonly PredictionsOptions Options = new("y", "p", SensitiveColumns: ["g", "band", "region"],
        PrivilegedGroups: new Dictionary<string, string> { ["g"] = "M" }, MinGroupSize: 3);
    private static readonly PredictionsOptions WithScores = Options with { ScoreColumn = "s" };

    private static readonly string[] Regions = ["north", "south-east-and-the-islands", "region-with-a-name-over-16", "w"];

    /// <summary>A file with header row_id,y,p,s,g,band,region: ids, 0/1 or multi-class labels, scores, groups of every length.</summary>
    private static List<string> Rows(Random rnd, int count, bool multiClass)
    {
        string[] labels = multiClass ? ["1", "cat", "dog"] : ["0", "1"];
        return [.. Enumerable.Range(0, count).Select(i =>
            $"{i},{labels[rnd.Next(labels.Length)]},{labels[rnd.Next(labels.Length)]},{rnd.NextDouble():0.####},{"FMX"[rnd.Next(3)]},{rnd.Next(6) * 10}-{rnd.Next(6) * 10 + 9},{Regions[rnd.Next(Regions.Length)]}")];
    }

    private static string File(IEnumerable<string> rows, string newline = "\n") =>
        "row_id,y,p,s,g,band,region" + newline + string.Concat(rows.Select(r => r + newline));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(4, 2)]
    public void RandomGoodFiles_GiveTheOnePassCountsAndMetrics_ToTheLastBit(int seed, int chunks)
    {
        using var check = new ChunkedScan();
        var rnd = new Random(seed);
        for (var round = 0; round < 6; round++)
        {
            var text = File(Rows(rnd, rnd.Next(20, 400), multiClass: round % 2 == 1), round % 3 == 2 ? "\r\n" : "\n");
            Assert.True(check.SameAsOnePass(text, Options, chunks));
            Assert.True(check.SameAsOnePass(text, WithScores, chunks));
        }
    }

    [Fact]
    public void ARefusalOnAnyLine_IsTheOnePassRefusal_ChunkEdgesIncluded()
    {
        using var check = new ChunkedScan();
        var rows = Rows(new Random(7), 24, multiClass: false);
        string[] faults = ["0,,1,0.5,F,10-19,w", "0,1,1,0.5,F,10-19", "0,1,1,0.5,F,10-19,w,extra", "1,0,1,high,M,0-9,w",
            "1,0,1,0.5,,0-9,w", "1,0,1,0.5,F,0-9,a:b", "", "1,0,1,0.5,F,0-9,w\r"];
        // Every fault on every line, read in 2 and 3 chunks: some land on the first row of a later chunk, some on the last of one.
        foreach (var fault in faults)
            for (var at = 0; at < rows.Count; at++)
                foreach (var chunks in new[] { 2, 3 })
                {
                    var bad = rows.ToList();
                    bad[at] = fault;
                    check.SameAsOnePass(File(bad), WithScores, chunks);
                }
    }

    [Fact]
    public void APredictionOutsideTheLabels_NamesItsFirstLineInTheFile_WhicheverChunkSawIt()
    {
        using var check = new ChunkedScan();
        var rows = Rows(new Random(8), 60, multiClass: false);
        rows[45] = "45,1,yes,0.5,F,10-19,w";
        rows[50] = "50,0,maybe,0.5,M,10-19,w";
        // Seen only in the last chunk: its line is the chunk's own line moved by the lines before it.
        Assert.True(check.SameAsOnePass(File(rows), Options, 2));
        Assert.True(check.SameAsOnePass(File(rows), Options, 3));
        rows[12] = "12,1,maybe,0.5,F,10-19,w";
        Assert.True(check.SameAsOnePass(File(rows), Options, 3));
        // And the positive label never seen: a refusal of the file as a whole.
        Assert.True(check.SameAsOnePass(File(rows.Select(r => r.Replace(",1,", ",2,"))), Options with { PositiveLabel = "9" }, 2));
    }

    [Theory]
    [InlineData("band")]
    [InlineData("y")]
    public void The1001stDistinctValue_IsRefusedOnItsLine_EvenWhenNoChunkSawMoreThan1000(string column)
    {
        using var check = new ChunkedScan();
        // 1,500 rows, each with a new value in one column: each of 3 chunks sees about 500, the file 1,500.
        var rows = Enumerable.Range(0, 1500).Select(i => column == "band" ? $"{i},1,1,0.5,F,b{i},w" : $"{i},v{i},1,0.5,F,0-9,w");
        check.SameAsOnePass(File(rows), Options, 3);
    }

    [Fact]
    public void QuotesAnywhere_LeaveTheFileToTheOnePassScan_WhichReadsQuotedLineBreaks()
    {
        using var check = new ChunkedScan();
        var rows = Rows(new Random(9), 200, multiClass: false);
        rows[150] = "150,1,1,0.5,F,10-19,\"north\nsouth\"";
        Assert.False(check.SameAsOnePass(File(rows), Options, 2));
        rows[150] = "150,1,1,0.5,F,10-19,\"north\"";
        Assert.False(check.SameAsOnePass(File(rows), Options, 4));
    }

    [Fact]
    public void AByteOrderMark_AndAFileTooShortToSplit_AreReadAsOnePass()
    {
        using var check = new ChunkedScan();
        var text = File(Rows(new Random(10), 100, multiClass: false));
        Assert.True(check.SameAsOnePass(text, Options, 2, byteOrderMark: true));
        Assert.False(check.SameAsOnePass("y,p,g,band,region\n1,1,F,0-9,w\n", Options, 2));
        Assert.False(check.SameAsOnePass("y,p,g,band,region\n", Options, 2));
    }

    [Fact]
    public void SemicolonSeparatedFiles_KeepTheirSeparatorInEveryChunk()
    {
        using var check = new ChunkedScan();
        var text = File(Rows(new Random(11), 300, multiClass: true)).Replace(',', ';');
        Assert.True(check.SameAsOnePass(text, WithScores, 3));
    }

    [Fact]
    public void WeightedFiles_AreReadAsOnePass()
    {
        using var check = new ChunkedScan();
        var text = File(Rows(new Random(12), 300, multiClass: false));
        Assert.False(check.SameAsOnePass(text, Options with { WeightColumn = "s" }, 2));
    }

    [Fact]
    public void ALargeFile_ThroughThePublicScan_GivesTheOnePassResult()
    {
        // Over 8 MB: two chunks when a worker is free (the auto path), one pass when none is; the same answer either way.
        using var check = new ChunkedScan();
        var text = new StringBuilder(File(Rows(new Random(13), 260_000, multiClass: false)));
        Assert.True(text.Length > 8 << 20);
        check.SameAsOnePass(text.ToString(), Options, chunks: 0);
    }

    [Fact]
    public void Workers_NeverExceedTheCap_HoweverManyScansAsk()
    {
        var taken = Enumerable.Range(0, 8).Select(_ => PredictionsScanner.ScanWorkers.Take(3)).ToList();
        Assert.True(taken.Sum() <= PredictionsScanner.ScanWorkers.Cap);
        Assert.InRange(PredictionsScanner.ScanWorkers.Cap, 0, 3);
        foreach (var t in taken) PredictionsScanner.ScanWorkers.Return(t);
        var again = PredictionsScanner.ScanWorkers.Take(3);
        PredictionsScanner.ScanWorkers.Return(again);
        Assert.True(again > 0 || PredictionsScanner.ScanWorkers.Cap == 0);
    }
}
