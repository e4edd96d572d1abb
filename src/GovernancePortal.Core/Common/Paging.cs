namespace GovernancePortal.Core.Common;

/// <summary>One paging rule for every list: page from 0, page size clamped to 1..<see cref="MaxPageSize"/>.</summary>
public static class Paging
{
    public const int MaxPageSize = 200;

    public static IQueryable<T> PageOf<T>(this IQueryable<T> ordered, int page, int pageSize)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        return ordered.Skip(Math.Max(page, 0) * size).Take(size);
    }
}
