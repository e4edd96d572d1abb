namespace GovernancePortal.Core.Common;

/// <summary>One paging rule for every list: page from 0, page size clamped to 1..<see cref="MaxPageSize"/>.</summary>
public static class Paging
{
    public const int MaxPageSize = 200;

    /// <summary>Why an explicit page request is out of range (the API refuses it; grids never send one), or null.</summary>
    public static Error.Validation? Problem(int page, int pageSize)
    {
        var errors = new FieldErrors()
            .Check(page >= 0, "page", "must be 0 or more.")
            .Check(pageSize is >= 1 and <= MaxPageSize, "pageSize", $"must be from 1 to {MaxPageSize}.");
        return errors.Any ? errors.ToError() : null;
    }

    public static IQueryable<T> PageOf<T>(this IQueryable<T> ordered, int page, int pageSize)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        return ordered.Skip(Math.Max(page, 0) * size).Take(size);
    }
}
