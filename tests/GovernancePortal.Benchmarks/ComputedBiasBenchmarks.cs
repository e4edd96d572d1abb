using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GovernancePortal.Core.Features.Evaluations.Computed;
using nietras.SeparatedValues;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// Issue 14 target: every bias metric over a 1,000,000-row predictions file with 3 sensitive columns within 1.5× of a
/// bare Sep scan of the same file (the baseline reads the same six columns and nothing else), under 50 MB extra.
/// The file is generated once per run into a temporary folder.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class ComputedBiasBenchmarks
{
    /// <summary>In process: on the shared, loaded machine the generated project's build exceeded BenchmarkDotNet's 2-minute timeout.</summary>
    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(7));
    }

    private const int Rows = 1_000_000;
    private string dir = "", file = "";

    /// <summary>The generated file (after <see cref="Setup"/>), for the `bias-profile` breakdown.</summary>
    public string FilePath => file;
    private static readonly PredictionsOptions Bias = new("y_true", "y_pred", SensitiveColumns: ["gender", "age_band", "region"],
        PrivilegedGroups: new Dictionary<string, string> { ["gender"] = "M" });

    [GlobalSetup]
    public void Setup()
    {
        dir = Directory.CreateTempSubdirectory("gp-bench-bias-").FullName;
        file = Path.Combine(dir, "predictions.csv");
        string[] genders = ["F", "M", "X"], ages = ["18-25", "26-35", "36-45", "46-55", "56-65", "65+"];
        var regions = Enumerable.Range(0, 12).Select(i => $"region-{i:00}").ToArray();
        var rnd = new Random(14);
        using var w = new StreamWriter(file);
        w.Write("row_id,y_true,y_pred,score,gender,age_band,region\n");
        for (var i = 0; i < Rows; i++)
        {
            var score = rnd.NextDouble();
            var y = rnd.NextDouble() < score ? 1 : 0;
            w.Write(string.Create(CultureInfo.InvariantCulture,
                $"{i},{y},{(score > 0.5 ? 1 : 0)},{score:0.#####},{genders[rnd.Next(3)]},{ages[rnd.Next(6)]},{regions[rnd.Next(12)]}\n"));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);

    /// <summary>For information: Sep reading the same six columns with its default file buffers (the baseline before ADR 0054).</summary>
    [Benchmark]
    public long BareSepScan()
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(file);
        int[] cols = [.. new[] { "y_true", "y_pred", "score", "gender", "age_band", "region" }.Select(c => reader.Header.IndexOf(c))];
        long total = 0;
        foreach (var row in reader)
            foreach (var c in cols) total += row[c].Span.Length;
        return total;
    }

    /// <summary>
    /// The baseline: Sep reading the same six columns (label, prediction, score and the three groups), only touching them,
    /// through the same 64 KB text buffer the scan reads with (Sep's <c>FromFile</c> reads through a 4 KB file buffer and
    /// StreamReader's 1 KB default). The strictest fair baseline: the scan's buffer is not counted as a gain against it.
    /// </summary>
    [Benchmark(Baseline = true)]
    public long BareSepScanLargeBuffer()
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).From(new StreamReader(file, System.Text.Encoding.UTF8, true, 1 << 16));
        int[] cols = [.. new[] { "y_true", "y_pred", "score", "gender", "age_band", "region" }.Select(c => reader.Header.IndexOf(c))];
        long total = 0;
        foreach (var row in reader)
            foreach (var c in cols) total += row[c].Span.Length;
        return total;
    }

    [Benchmark]
    public int AllBiasMetrics()
    {
        using var stream = File.OpenRead(file);
        if (PredictionsScanner.Scan(stream, Bias, out var scan) is { } error) throw new InvalidOperationException(error.ToString());
        return ComputedMetrics.Bias(scan!, Bias).Count;
    }

    /// <summary>The same read on one core (the one-pass scan, as before ADR 0054): the chunked scan's before, in the same run.</summary>
    [Benchmark]
    public int AllBiasMetricsOnePass()
    {
        using var stream = File.OpenRead(file);
        if (PredictionsScanner.Scan(stream, Bias, out var scan, chunks: 1) is { } error) throw new InvalidOperationException(error.ToString());
        return ComputedMetrics.Bias(scan!, Bias).Count;
    }

    /// <summary>For information: the same with the score column kept for ROC AUC and the performance metrics.</summary>
    [Benchmark]
    public int BiasAndPerformanceWithScores()
    {
        var options = Bias with { ScoreColumn = "score" };
        using var stream = File.OpenRead(file);
        if (PredictionsScanner.Scan(stream, options, out var scan) is { } error) throw new InvalidOperationException(error.ToString());
        return ComputedMetrics.Bias(scan!, options).Count + ComputedMetrics.Performance(scan!).Count;
    }
}
