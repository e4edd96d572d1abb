using System.Text.RegularExpressions;
using GovernancePortal.Core.Common;

namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>
/// The one place that decides whether an ingest batch is acceptable. Every error names its JSON path
/// (<c>observations[3].histograms.score.edges</c>); a batch with any error stores nothing.
/// </summary>
public static partial class ObservationValidation
{
    /// <param name="oldest">The oldest minute a window may start in (<see cref="ObservationRetention.Cutoff"/>); null: no lower bound.</param>
    public static Error.Validation? Check(ObservationBatch batch, DateTime now, DateTime? oldest = null)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string path, string message) => errors.TryAdd(path, message);
        var list = batch.Observations;
        if (list is null || list.Count == 0) { Add("observations", "needs at least one observation."); return new(errors); }
        if (list.Count > ObservationLimits.MaxObservations)
        {
            Add("observations", $"holds {list.Count:N0} observations; send at most {ObservationLimits.MaxObservations:N0} per call.");
            return new(errors);
        }
        long total = 0;
        for (var i = 0; i < list.Count && errors.Count < 50; i++)
        {
            var o = list[i];
            var at = $"observations[{i}]";
            if (o is null) { Add(at, "must be an object."); continue; }
            if (string.IsNullOrWhiteSpace(o.Id)) Add($"{at}.id", "is required: the producer's id makes a retry safe.");
            else if (o.Id.Length > ObservationLimits.MaxIdLength) Add($"{at}.id", $"must be at most {ObservationLimits.MaxIdLength} characters.");
            else if (Identifier.Problem(o.Id) is { } idProblem) Add($"{at}.id", idProblem);
            if (o.EndpointId is null)
            {
                if (string.IsNullOrWhiteSpace(o.Endpoint)) Add($"{at}.endpoint", "is required (or endpointId).");
                else if (Identifier.Problem(o.Endpoint) is { } p) Add($"{at}.endpoint", p);
                if (o.Environment is null) Add($"{at}.environment", "is required with endpoint: " + EnumNames.Expected<Domain.DeploymentEnvironment>());
                else if (!Enum.IsDefined(o.Environment.Value)) Add($"{at}.environment", EnumNames.Expected<Domain.DeploymentEnvironment>());
            }
            if (o.Window is null) Add($"{at}.window", "is required: {from, to}.");
            else if (o.Window.To <= o.Window.From) Add($"{at}.window.to", "must be after window.from.");
            else if (o.Window.To - o.Window.From > ObservationLimits.MaxWindow) Add($"{at}.window", "may span at most one hour; split longer periods.");
            else if (o.Window.To.ToUniversalTime() > now + ObservationLimits.MaxClockSkew)
                Add($"{at}.window.to", $"lies in the future (after {now + ObservationLimits.MaxClockSkew:yyyy-MM-dd HH:mm} UTC by the portal's clock); send windows that have ended.");
            else if (oldest is { } limit && WindowAlignment.MinuteOf(o.Window.From) < limit)
                Add($"{at}.window.from", $"is older than the minute retention allows (before {limit:yyyy-MM-dd HH:mm} UTC): windows that old are already rolled up into hours and cannot take more values.");
            var names = (o.Metrics?.Count ?? 0) + (o.Samples?.Count ?? 0) + (o.Histograms?.Count ?? 0);
            if (names == 0) Add(at, "carries no metrics, samples or histograms.");
            if (names > ObservationLimits.MaxNamesPerObservation) Add(at, $"carries {names} names; at most {ObservationLimits.MaxNamesPerObservation}.");
            foreach (var (name, value) in o.Metrics ?? [])
            {
                var path = $"{at}.metrics.{name}";
                if (NameProblem(name) is { } p) Add(path, p);
                else if (!double.IsFinite(value)) Add(path, "must be a finite number.");
            }
            total += CheckDistributions(at, o.Samples, o.Histograms, Add);
            if (o.Metrics?.Keys.Intersect(o.Samples?.Keys ?? Enumerable.Empty<string>()).FirstOrDefault() is { } both)
                Add($"{at}.samples.{both}", "is also a metric in the same observation; a name is a metric or a distribution.");
            if (o.Samples?.Keys.Intersect(o.Histograms?.Keys ?? Enumerable.Empty<string>()).FirstOrDefault() is { } twice)
                Add($"{at}.histograms.{twice}", "is also sent as samples in the same observation; send one or the other.");
        }
        if (errors.Count == 0 && total > ObservationLimits.MaxSamplesPerCall)
            Add("observations", $"carry {total:N0} samples; at most {ObservationLimits.MaxSamplesPerCall:N0} per call.");
        return errors.Count == 0 ? null : new(errors);
    }

    /// <summary>
    /// Samples and histograms under <paramref name="at"/> (an observation, or a reference upload): names, sizes, finite
    /// numbers and the bin rule. Returns how many values they carry.
    /// </summary>
    public static long CheckDistributions(string at, Dictionary<string, double[]>? samples, Dictionary<string, HistogramInput>? histograms,
        Action<string, string> add)
    {
        long total = 0;
        foreach (var (name, values) in samples ?? [])
        {
            var path = $"{at}.samples.{name}";
            if (NameProblem(name) is { } p) { add(path, p); continue; }
            if (values is null || values.Length == 0) { add(path, "needs at least one number."); continue; }
            if (values.Length > ObservationLimits.MaxSamplesPerName)
            { add(path, $"holds {values.Length:N0} numbers; at most {ObservationLimits.MaxSamplesPerName:N0} per name per call."); continue; }
            for (var k = 0; k < values.Length; k++)
                if (!double.IsFinite(values[k])) { add($"{path}[{k}]", "must be a finite number."); break; }
            total += values.Length;
        }
        foreach (var (name, h) in histograms ?? [])
        {
            var path = $"{at}.histograms.{name}";
            if (NameProblem(name) is { } p) { add(path, p); continue; }
            if (h is null || h.Edges is null || h.Counts is null) { add(path, "needs edges and counts."); continue; }
            if (HistogramProblem(h) is { } hp) add($"{path}.{hp.Field}", hp.Message);
            else total += h.Counts.Sum();
        }
        return total;
    }

    /// <summary>Metric and distribution names: like other identifiers, plus a short safe alphabet (they are JSON keys and chart labels).</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "needs a name.";
        if (name.Length > ObservationLimits.MaxNameLength) return $"name must be at most {ObservationLimits.MaxNameLength} characters.";
        if (!NamePattern().IsMatch(name)) return "name may hold letters, digits, '_', '-', '.', ':' and '/' and must start with a letter or digit.";
        return Identifier.Problem(name);
    }

    /// <summary>The bin rule is <see cref="ValueSketch.ValidateBins"/>'s; this adds the call's limits and says which field is wrong.</summary>
    private static (string Field, string Message)? HistogramProblem(HistogramInput h)
    {
        if (ValueSketch.ValidateBins(h.Edges, h.Counts) is { } problem)
            return (problem.StartsWith("Count", StringComparison.Ordinal) || problem.Contains("counts, not", StringComparison.Ordinal) ? "counts" : "edges", problem);
        for (var k = 0; k < h.Counts.Length; k++)
            if (h.Counts[k] > ObservationLimits.MaxSamplesPerCall) return ($"counts[{k}]", $"must be at most {ObservationLimits.MaxSamplesPerCall:N0}.");
        if (h.Counts.All(c => c == 0)) return ("counts", "are all zero; send at least one counted value.");
        if (h.Counts.Sum() > ObservationLimits.MaxSamplesPerCall) return ("counts", $"sum to more than {ObservationLimits.MaxSamplesPerCall:N0}.");
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:/-]*$")]
    private static partial Regex NamePattern();
}
