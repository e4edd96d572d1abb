namespace GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;

/// <summary>Counts scored attempts per category (PyRIT's score category, the generic CSV's category column) and overall.</summary>
internal sealed class CategoryTally(RedTeamResult result)
{
    /// <summary>Attempts that name no category are counted under this one.</summary>
    public const string Uncategorized = "uncategorized";

    private readonly Dictionary<string, AttackCounts> categories = new(StringComparer.Ordinal);

    /// <summary>Counts one scored attempt in each of its categories (once overall), or says why the category cannot be used.</summary>
    public PredictionsError? Add(IReadOnlyCollection<string> named, bool succeeded, long line)
    {
        var distinct = named.Count == 0 ? [Uncategorized] : named.Distinct(StringComparer.Ordinal).ToList();
        foreach (var category in distinct)
        {
            if (!categories.TryGetValue(category, out var counts))
            {
                if (RedTeamNames.Problem("category", category) is { } problem) return new(line, problem);
                if (categories.Count == RedTeamNames.MaxCategories)
                    return new(line, $"more than {RedTeamNames.MaxCategories} distinct categories; a category names a kind of attack, not an attempt.");
                categories[category] = counts = new AttackCounts(category, null, 0);
            }
            counts.Attempts++;
            if (succeeded) counts.Succeeded++;
        }
        result.RowsAttempted++;
        if (succeeded) result.RowsSucceeded++;
        return null;
    }

    /// <summary>The result with its counts, or an error when the file held no scored attempt.</summary>
    public PredictionsError? Finish(out RedTeamResult? finished, string nothing)
    {
        finished = null;
        if (result.RowsAttempted == 0) return new(0, nothing);
        result.Counts.AddRange(categories.Values);
        finished = result;
        return null;
    }
}
