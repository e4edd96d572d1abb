using System.Globalization;
using System.Reflection;
using System.Text;

namespace GovernancePortal.Core.Seeding;

/// <summary>
/// The demo's sample prediction files (src/GovernancePortal.Core/Seeding/Samples, embedded in the assembly), made by a
/// deterministic generator: each file from its own seeded <see cref="Random"/>, with exact counts per group so the
/// computed metrics are round numbers a reader can check by hand (e.g. selection rates 0.50 and 0.36: parity
/// difference 0.14, ratio 0.72). Regenerate with the web host's <c>generate-samples</c> verb; a test keeps the committed
/// files equal to this output.
/// </summary>
public static class DemoSamples
{
    public sealed record Sample(string FileName, string Content);

    /// <summary>One predictions file: two groups of <see cref="GroupSize"/> rows with the given selection rates, and its perturbed twin when <see cref="DropRows"/> is set.</summary>
    private sealed record Spec(string Model, string Version, int Seed, string IdPrefix, string Sensitive, string GroupA, double RateA,
        string GroupB, double RateB, int? DropRows = null);

    private const int GroupSize = 500;
    // Of the rows predicted positive, this share is truly positive; of those predicted negative, 1 minus it: accuracy 0.85.
    private const double Agreement = 0.85;

    private static readonly Spec[] Specs =
    [
        new("credit-risk-xgb", "1.1.0", 110, "app", "age_band", "25_plus", 0.50, "under_25", 0.44, DropRows: 24),
        new("credit-risk-xgb", "1.2.0", 120, "app", "age_band", "25_plus", 0.50, "under_25", 0.36, DropRows: 31),
        new("credit-risk-lgbm", "0.9.0", 90, "app", "age_band", "25_plus", 0.50, "under_25", 0.38),
        new("fraud-gbt", "4.3.0", 430, "txn", "cardholder_age_band", "under_40", 0.10, "40_plus", 0.092, DropRows: 42),
        new("marketing-propensity", "2.2.0", 220, "cust", "age_band", "under_50", 0.50, "50_plus", 0.47),
    ];

    /// <summary>The sensitive column and privileged group of a model's sample (as the demo uploads it).</summary>
    public static (string Column, string Privileged) Sensitive(string model) =>
        Specs.First(s => s.Model == model) is var spec ? (spec.Sensitive, spec.GroupA) : default;

    /// <summary>The row id column of a model's sample.</summary>
    public static string RowId(string model) => Specs.First(s => s.Model == model).IdPrefix + "_id";

    public static string PredictionsFile(string model, string version) => $"{model}-{version}.csv";
    public static string PerturbedFile(string model, string version) => $"{model}-{version}-perturbed.csv";

    public static IReadOnlyList<Sample> Generate()
    {
        var samples = new List<Sample>();
        foreach (var spec in Specs)
        {
            var random = new Random(spec.Seed);
            var rows = Group(spec.GroupA, spec.RateA, random).Concat(Group(spec.GroupB, spec.RateB, random)).ToArray();
            random.Shuffle(rows);
            var csv = new StringBuilder($"{spec.IdPrefix}_id,label,prediction,score,{spec.Sensitive}\n");
            for (var i = 0; i < rows.Length; i++)
                csv.Append(CultureInfo.InvariantCulture, $"{spec.IdPrefix}-{i + 1:D5},{rows[i].Label},{rows[i].Prediction},{rows[i].Score:0.0000},{rows[i].Group}\n");
            samples.Add(new(PredictionsFile(spec.Model, spec.Version), csv.ToString()));
            if (spec.DropRows is { } drop) samples.Add(new(PerturbedFile(spec.Model, spec.Version), Perturbed(spec, rows, drop, random)));
        }
        return samples;
    }

    /// <summary>The same rows under perturbation: 1.5 × <paramref name="drop"/> right predictions flip to wrong and half of <paramref name="drop"/> wrong ones to right, a net drop of exactly <paramref name="drop"/> rows.</summary>
    private static string Perturbed(Spec spec, (int Label, int Prediction, double Score, string Group)[] rows, int drop, Random random)
    {
        var back = drop / 2;
        var right = Enumerable.Range(0, rows.Length).Where(i => rows[i].Label == rows[i].Prediction).ToArray();
        var wrong = Enumerable.Range(0, rows.Length).Where(i => rows[i].Label != rows[i].Prediction).ToArray();
        random.Shuffle(right);
        random.Shuffle(wrong);
        var flipped = right.Take(drop + back).Concat(wrong.Take(back)).ToHashSet();
        var csv = new StringBuilder($"{spec.IdPrefix}_id,prediction\n");
        for (var i = 0; i < rows.Length; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{spec.IdPrefix}-{i + 1:D5},{(flipped.Contains(i) ? 1 - rows[i].Prediction : rows[i].Prediction)}\n");
        return csv.ToString();
    }

    private static IEnumerable<(int Label, int Prediction, double Score, string Group)> Group(string group, double rate, Random random)
    {
        var positives = (int)Math.Round(rate * GroupSize);
        var truePositives = (int)Math.Round(Agreement * positives);
        var falseNegatives = (int)Math.Round((1 - Agreement) * (GroupSize - positives));
        for (var i = 0; i < GroupSize; i++)
        {
            var predicted = i < positives ? 1 : 0;
            var label = predicted == 1 ? (i < truePositives ? 1 : 0) : (i - positives < falseNegatives ? 1 : 0);
            // Scores agree with the prediction (>= 0.5 exactly when predicted positive) and lean towards the label.
            var score = predicted == 1 ? 0.5 + 0.5 * Math.Sqrt(random.NextDouble()) * (label == 1 ? 1 : 0.6)
                : 0.5 * (label == 1 ? 1 - 0.6 * random.NextDouble() : random.NextDouble());
            yield return (label, predicted, Math.Min(score, 0.9999), group);
        }
    }

    /// <summary>A committed sample, read from the assembly.</summary>
    public static Stream Open(string fileName) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream($"GovernancePortal.Core.Seeding.Samples.{fileName}")
        ?? throw new InvalidOperationException($"The sample file {fileName} is not embedded; run generate-samples.");

    /// <summary>Writes every sample to <paramref name="directory"/> (created if missing); returns the files written.</summary>
    public static IReadOnlyList<string> WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var sample in Generate())
        {
            var path = Path.Combine(directory, sample.FileName);
            File.WriteAllText(path, sample.Content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            written.Add(path);
        }
        return written;
    }
}
