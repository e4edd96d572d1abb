using GovernancePortal.Core.Features.Monitoring;
using MathNet.Numerics.Distributions;

namespace GovernancePortal.UnitTests.Monitoring;

/// <summary>Seeded samples and sketches for the monitoring tests (the same numbers on every run).</summary>
internal static class Samples
{
    public static double[] Normal(int seed, int n, double mean = 0, double sd = 1)
    {
        var values = new double[n];
        MathNet.Numerics.Distributions.Normal.Samples(new Random(seed), values, mean, sd);
        return values;
    }

    public static ValueSketch Sketch(IEnumerable<double> values)
    {
        var s = new ValueSketch();
        foreach (var v in values) s.Add(v);
        return s;
    }

    /// <summary>counts[i] observations of value i.</summary>
    public static ValueSketch Categories(params int[] counts) =>
        Sketch(counts.SelectMany((c, value) => Enumerable.Repeat((double)value, c)));
}
