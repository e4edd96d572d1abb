using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evidence;
using GovernancePortal.Core.Features.Lineage.Layout;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Pdf;
using SkiaSharp;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// A ~40-page evidence pack (long audit excerpt, 10 evaluation charts, a 150-node lineage diagram, card text) through the
/// portal's layout library, beside the floor: raw SkiaSharp writing the same number of plain text pages.
/// </summary>
[MemoryDiagnoser]
public class PdfPackBenchmarks
{
    private PdfDocumentSpec spec = default!;
    public int Pages { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        spec = Build();
        using var ms = new MemoryStream();
        Pages = new PdfRenderer().Render(spec, ms).PageCount;
        Console.WriteLine($"// evidence pack: {Pages} pages, {ms.Length:N0} bytes");
    }

    [Benchmark(Description = "Evidence pack (layout library)")]
    public long EvidencePack()
    {
        using var ms = new MemoryStream();
        new PdfRenderer().Render(spec, ms);
        return ms.Length;
    }

    [Benchmark(Baseline = true, Description = "Raw SkiaSharp, same page count, 50 text lines each")]
    public long RawSkia()
    {
        using var ms = new MemoryStream();
        using (var doc = SKDocument.CreatePdf(ms))
        {
            using var font = new SKFont(PdfFonts.Shipped.Regular, 9.5f);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            for (var p = 0; p < Math.Max(Pages, 40); p++)
            {
                var canvas = doc.BeginPage(595, 842);
                for (var l = 0; l < 50; l++)
                    canvas.DrawText($"Line {l} of page {p}: sequence {p * 50 + l} hash 9a59e9737db10f127f7fa5b06c932b3153d0d0645", 54, 70 + l * 14, SKTextAlign.Left, font, paint);
                doc.EndPage();
            }
            doc.Close();
        }
        return ms.Length;
    }

    public static PdfDocumentSpec Build()
    {
        var blocks = new List<Block> { new Title("Evidence pack", "benchmark-model 1.0.0 → Production"), new TableOfContents(), new PageBreak() };
        blocks.Add(new Heading(1, "1. Summary"));
        blocks.AddRange(Enumerable.Range(0, 12).Select(i => new Paragraph($"Paragraph {i}: the model was approved under the High → Production policy after three reviewers co-signed the decision hash; evidence was fresh and every threshold was met. " +
            "Limitations, oversight and monitoring are described in the AI Card, whose published revision is bound to the approval.")));
        blocks.Add(new Heading(1, "2. Evaluations"));
        var rnd = new Random(7);
        for (var c = 0; c < 10; c++)
        {
            var metrics = Enumerable.Range(0, 4).ToDictionary(i => $"metric_{c}_{i}", _ => Math.Round(rnd.NextDouble(), 3));
            blocks.Add(new Heading(3, $"Evaluation {c}"));
            blocks.Add(new Table([new("Metric", 2), new("Value", 1)], [.. metrics.Select(m => (IReadOnlyList<Cell>)[m.Key, m.Value.ToString("0.###")])]));
            blocks.Add(EvidenceCharts.MetricBars($"Evaluation {c}", metrics, [new MetricThreshold(metrics.Keys.First(), null, 0.8)], true));
        }
        blocks.Add(new Heading(1, "3. Lineage"));
        var layout = LayeredLayout.Compute(Lineage150());
        blocks.Add(LineageDrawing.Of(layout, "150-node lineage"));
        blocks.Add(new Table([new("Node", 3), new("Type", 1)], [.. layout.Nodes.Select(n => (IReadOnlyList<Cell>)[n.Node.Label, n.Node.Type.ToString()])], FontSize: 8));
        blocks.Add(new Heading(1, "4. Audit excerpt"));
        blocks.Add(new Table([new("Seq.", 0.6f), new("Time (UTC)", 1.3f), new("Actor", 1.4f), new("Action", 1), new("Entity", 1.4f), new("Entry hash", 2.4f, Mono: true)],
            [.. Enumerable.Range(1, 500).Select(i => (IReadOnlyList<Cell>)[i.ToString(), "2026-12-01 12:00:00", "scientist@demo.local", "Modified", "PromotionRequest",
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)))])], FontSize: 7.5f));
        return new PdfDocumentSpec(new PdfMetadata("Benchmark pack", "bench", "bench", DateTimeOffset.UnixEpoch), blocks)
        { HeaderLeft = "Evidence pack EP-BENCH", HeaderRight = "benchmark-model@1.0.0", FooterLeft = "benchmark" };
    }

    /// <summary>One dataset read by 30 runs, each producing a version with 3 evaluations, plus the root: 151 nodes.</summary>
    private static ViewGraph Lineage150()
    {
        var n = 0;
        Guid Id() => new($"00000000-0000-0000-0000-{++n:x12}");
        var nodes = new List<ViewNode>();
        var edges = new List<ViewEdge>();
        var dataset = new ViewNode(Id(), NodeType.DatasetVersion, "transactions@2025-09") { IsRoot = true };
        nodes.Add(dataset);
        for (var r = 0; r < 30; r++)
        {
            var run = new ViewNode(Id(), NodeType.TrainingRun, $"train-{r}");
            var model = new ViewNode(Id(), NodeType.ModelVersion, $"model {r}.0.0") { Stage = Stage.Staging };
            nodes.Add(run); nodes.Add(model);
            edges.Add(new(dataset.Id, run.Id, EdgeKind.Consumed));
            edges.Add(new(run.Id, model.Id, EdgeKind.Produced));
            for (var e = 0; e < 3; e++)
            {
                var eval = new ViewNode(Id(), NodeType.Evaluation, $"Evaluation {r}.{e}");
                nodes.Add(eval);
                edges.Add(new(model.Id, eval.Id, EdgeKind.Evaluated));
            }
        }
        return new ViewGraph(dataset.Id, nodes, edges);
    }

    /// <summary>One render outside BenchmarkDotNet: wall time and the process's peak working set.</summary>
    public static void Once()
    {
        var b = new PdfPackBenchmarks();
        b.Setup();
        var sw = Stopwatch.StartNew();
        var bytes = b.EvidencePack();
        sw.Stop();
        foreach (var kind in new[] { typeof(Table), typeof(Drawing), typeof(Paragraph) })
        {
            var part = b.spec with { Blocks = [.. b.spec.Blocks.Where(x => x.GetType() == kind)] };
            var w = Stopwatch.StartNew();
            using var ms = new MemoryStream();
            var info = new PdfRenderer().Render(part, ms);
            Console.WriteLine($"  only {kind.Name}: {w.ElapsedMilliseconds} ms, {info.PageCount} pages");
        }
        using var p = Process.GetCurrentProcess();
        Console.WriteLine($"pages={b.Pages} bytes={bytes:N0} render={sw.ElapsedMilliseconds} ms peakWorkingSet={p.PeakWorkingSet64 / 1024 / 1024} MB");
    }
}
