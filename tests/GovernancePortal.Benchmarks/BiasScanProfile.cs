using System.Diagnostics;
using System.Globalization;
using GovernancePortal.Core.Features.Evaluations.Computed;
using nietras.SeparatedValues;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// `bias-profile`: where the bias scan's time goes beyond Sep's bare read, by adding one piece of its per-row work at a
/// time over the same 1,000,000-row file as <see cref="ComputedBiasBenchmarks"/>. Minimum and median of several runs each
/// (the minimum is the figure least disturbed by other load on a shared machine), in wall-clock and in the process's
/// CPU time (which leaves out the time spent waiting for a core while other engineers' builds run).
/// </summary>
public static class BiasScanProfile
{
    /// <summary>Every variant then the interleaved pairs; with <paramref name="pairsOnly"/> the interleaved pairs alone (a quicker A/B).</summary>
    public static void Run(int runs, bool pairsOnly = false)
    {
        var bench = new ComputedBiasBenchmarks();
        bench.Setup();
        try
        {
            if (pairsOnly)
            {
                Console.WriteLine($"load before: {File.ReadAllText("/proc/loadavg").Trim()}");
                bench.BareSepScan();
                bench.AllBiasMetrics();
                Interleaved(bench, runs);
                Console.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
                return;
            }
            var file = bench.FilePath;
            (string Name, Func<long> Body)[] variants =
            [
                ("bare Sep scan (baseline)", bench.BareSepScan),
                ("+ line numbers", () => Partial(file, lines: true, labels: false, overall: false, groups: false)),
                ("+ label/prediction checks", () => Partial(file, lines: true, labels: true, overall: false, groups: false)),
                ("+ overall counts", () => Partial(file, lines: true, labels: true, overall: true, groups: false)),
                ("+ 3 group lookups (Dictionary alternate lookup)", () => Partial(file, lines: true, labels: true, overall: true, groups: true)),
                ("+ 3 group lookups (GroupIndex) and cell counts", () => Indexed(file)),
                ("PredictionsScanner.Scan, no sensitive column", () => ScanOnly(file, [])),
                ("PredictionsScanner.Scan, gender only", () => ScanOnly(file, ["gender"])),
                ("PredictionsScanner.Scan, 3 sensitive columns", () => ScanOnly(file, ["gender", "age_band", "region"])),
                ("PredictionsScanner.Scan + ComputedMetrics.Bias", () => bench.AllBiasMetrics()),
                ("same, with scores", () => bench.BiasAndPerformanceWithScores()),
            ];
            Console.WriteLine($"load before: {File.ReadAllText("/proc/loadavg").Trim()}");
            foreach (var (name, body) in variants)
            {
                body();
                List<double> times = [], cpu = [];
                for (var i = 0; i < runs; i++)
                {
                    var process = Process.GetCurrentProcess();
                    var cpuBefore = process.TotalProcessorTime;
                    var sw = Stopwatch.StartNew();
                    body();
                    times.Add(sw.Elapsed.TotalMilliseconds);
                    process.Refresh();
                    cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                }
                times.Sort();
                cpu.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-50} wall min {times[0],7:0.0} ms  median {times[times.Count / 2],7:0.0} ms   CPU min {cpu[0],7:0.0} ms  median {cpu[cpu.Count / 2],7:0.0} ms"));
            }
            Interleaved(bench, runs);
            Console.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        finally
        {
            bench.Cleanup();
        }
    }

    /// <summary>
    /// The target's pair run alternately, bare scan then all bias metrics, so both see the same load: the median of the
    /// per-pair CPU-time ratios is the figure least moved by other processes (runs in sequence drifted by ±20 %).
    /// </summary>
    private static void Interleaved(ComputedBiasBenchmarks bench, int runs)
    {
        List<double> bare = [], bias = [], ratios = [], bareWall = [], biasWall = [], onePass = [], onePassWall = [];
        for (var i = 0; i < 2 * runs; i++)
        {
            var (b, bw) = Cpu(() => bench.BareSepScan());
            var (a, aw) = Cpu(() => bench.AllBiasMetrics());
            var (o, ow) = Cpu(() => bench.AllBiasMetricsOnePass());
            onePass.Add(o);
            bare.Add(b);
            bias.Add(a);
            ratios.Add(a / b);
            bareWall.Add(bw);
            biasWall.Add(aw);
            onePassWall.Add(ow);
        }
        foreach (var list in new[] { bare, bias, ratios, bareWall, biasWall, onePass, onePassWall }) list.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"interleaved, {ratios.Count} pairs: bare CPU min {bare[0]:0.0} ms, all bias metrics CPU min {bias[0]:0.0} ms; ratio median {ratios[ratios.Count / 2]:0.00} (quartiles {ratios[ratios.Count / 4]:0.00}-{ratios[3 * ratios.Count / 4]:0.00}), of minima {bias[0] / bare[0]:0.00}"));
        // Wall time, the issue's measure: a chunked scan spends more CPU time than it takes (ADR 0054).
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wall minima: bare {bareWall[0]:0.0} ms, all bias metrics {biasWall[0]:0.0} ms ({biasWall[0] / bareWall[0]:0.00}x), one-pass {onePassWall[0]:0.0} ms ({onePassWall[0] / bareWall[0]:0.00}x, CPU min {onePass[0]:0.0} ms)"));
    }

    private static (double Cpu, double Wall) Cpu(Func<long> body)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        body();
        var wall = sw.Elapsed.TotalMilliseconds;
        process.Refresh();
        return ((process.TotalProcessorTime - before).TotalMilliseconds, wall);
    }

    private static long Partial(string file, bool lines, bool labels, bool overall, bool groups)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(file);
        int y = reader.Header.IndexOf("y_true"), p = reader.Header.IndexOf("y_pred");
        int[] sensitive = [reader.Header.IndexOf("gender"), reader.Header.IndexOf("age_band"), reader.Header.IndexOf("region")];
        var dictionaries = sensitive.Select(_ => new Dictionary<string, GroupCounts>(StringComparer.Ordinal)).ToArray();
        var lookups = dictionaries.Select(d => d.GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();
        var all = new GroupCounts();
        List<string> labelValues = [], predictionValues = [];
        long total = 0;
        foreach (var row in reader)
        {
            if (lines) total += row.LineNumberFrom + row.LineNumberToExcl;
            var a = row[y].Span;
            var b = row[p].Span;
            total += a.Length + b.Length;
            var actual = false;
            var predicted = false;
            if (labels)
            {
                if (!Seen(labelValues, a)) labelValues.Add(a.ToString());
                if (!Seen(predictionValues, b)) predictionValues.Add(b.ToString());
                actual = a.SequenceEqual("1");
                predicted = b.SequenceEqual("1");
            }
            if (overall) all.Add(actual, predicted, 1.0);
            for (var i = 0; i < sensitive.Length; i++)
            {
                var value = row[sensitive[i]].Span;
                if (!groups) { total += value.Length; continue; }
                if (!lookups[i].TryGetValue(value, out var counts)) lookups[i][value] = counts = new GroupCounts();
                counts.Add(actual, predicted, 1.0);
            }
        }
        return total;
    }

    private static long Indexed(string file)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(file);
        int y = reader.Header.IndexOf("y_true"), p = reader.Header.IndexOf("y_pred");
        int[] sensitive = [reader.Header.IndexOf("gender"), reader.Header.IndexOf("age_band"), reader.Header.IndexOf("region")];
        var indexes = sensitive.Select(_ => new GroupIndex()).ToArray();
        var cells = sensitive.Select(_ => new long[4 * 1024]).ToArray();
        List<string> labelValues = [], predictionValues = [];
        long total = 0;
        foreach (var row in reader)
        {
            total += row.LineNumberFrom + row.LineNumberToExcl;
            var a = row[y].Span;
            var b = row[p].Span;
            if (!Seen(labelValues, a)) labelValues.Add(a.ToString());
            if (!Seen(predictionValues, b)) predictionValues.Add(b.ToString());
            var cell = (a.SequenceEqual("1") ? 2 : 0) | (b.SequenceEqual("1") ? 1 : 0);
            for (var i = 0; i < sensitive.Length; i++)
            {
                var value = row[sensitive[i]].Span;
                var group = indexes[i].Find(value);
                if (group < 0) group = indexes[i].Add(value);
                cells[i][4 * group + cell]++;
            }
        }
        return total;
    }

    // The scanner alone (no metrics), with fewer sensitive columns: what each column's lookup adds to the scan's own loop.
    private static long ScanOnly(string file, string[] sensitive)
    {
        using var stream = File.OpenRead(file);
        var options = new PredictionsOptions("y_true", "y_pred", SensitiveColumns: sensitive);
        if (PredictionsScanner.Scan(stream, options, out var scan) is { } error) throw new InvalidOperationException(error.ToString());
        return scan!.Columns.Count;
    }

    private static bool Seen(List<string> values, ReadOnlySpan<char> value)
    {
        foreach (var v in values) if (value.SequenceEqual(v)) return true;
        return false;
    }
}
