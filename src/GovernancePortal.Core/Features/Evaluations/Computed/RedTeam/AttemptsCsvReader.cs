using nietras.SeparatedValues;

namespace GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;

/// <summary>
/// The generic red-team CSV for tools the portal does not know: one row per attempt with <c>category</c>,
/// <c>prompt_id</c> and <c>outcome</c> (success or fail; 1/0 and true/false also read, in any letter case).
/// </summary>
public static class AttemptsCsvReader
{
    public const string ParserVersion = "redteam-csv/1";

    public static PredictionsError? Read(Stream csv, out RedTeamResult? result, CancellationToken ct = default)
    {
        result = null;
        var read = new RedTeamResult { Format = RedTeamFormat.Csv, Tool = "red-team attempts CSV", FileKind = "csv" };
        var tally = new CategoryTally(read);
        long nextLine = 2;
        try
        {
            using var reader = Sep.Reader(o => o with { Unescape = true }).From(csv);
            if (reader.Header.IsEmpty) return new(0, "The file is empty; it needs a header line (category,prompt_id,outcome) and at least one row.");
            string[] required = ["category", "prompt_id", "outcome"];
            if (required.Where(c => !reader.Header.TryIndexOf(c, out _)).ToList() is { Count: > 0 } missing)
                return new(1, $"the header has no column {string.Join(", ", missing.Select(m => $"'{m}'"))} (it needs category, prompt_id and outcome).");
            int category = reader.Header.IndexOf("category"), prompt = reader.Header.IndexOf("prompt_id"), outcome = reader.Header.IndexOf("outcome");
            foreach (var row in reader)
            {
                nextLine = row.LineNumberToExcl;
                if ((row.RowIndex & 0x3FF) == 0) ct.ThrowIfCancellationRequested();
                if (row[prompt].Span.Trim().IsEmpty) return new(row.LineNumberFrom, "'prompt_id' is empty.");
                if (Outcome(row[outcome].Span.Trim()) is not { } succeeded)
                    return new(row.LineNumberFrom, $"'outcome' is '{row[outcome]}'; it is success or fail (also 1/0, true/false).");
                var name = row[category].Span.Trim();
                if (tally.Add(name.IsEmpty ? [] : [name.ToString()], succeeded, row.LineNumberFrom) is { } error) return error;
            }
        }
        catch (InvalidDataException e)
        {
            // Sep refuses a row whose column count differs from the header's before handing it out.
            return new(nextLine, e.Message);
        }
        return tally.Finish(out result, "The file has a header but no attempts.");
    }

    private static bool? Outcome(ReadOnlySpan<char> value) =>
        value.Equals("success", StringComparison.OrdinalIgnoreCase) || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value is "1" ? true
        : value.Equals("fail", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase) || value is "0" ? false
        : null;
}
