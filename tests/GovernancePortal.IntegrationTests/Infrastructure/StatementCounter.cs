using System.Data.Common;
using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>
/// Counts the SQL statements EF Core sends inside <see cref="Measure"/>: only those of the awaited call's own flow (an
/// AsyncLocal), so the portal's background work running meanwhile is not counted and the number is exact, not timed.
/// </summary>
public sealed class StatementCounter : DbCommandInterceptor
{
    private static readonly AsyncLocal<List<string>?> Current = new();

    /// <summary>Registers the counter on every context the portal's factory makes (as the portal's own interceptors are).</summary>
    public static void Register(IServiceCollection services, StatementCounter counter) =>
        services.ConfigureDbContext<GovernanceDbContext>(o => o.AddInterceptors(counter), ServiceLifetime.Singleton);

    /// <summary>Runs <paramref name="read"/> and returns its result with the statements it sent, in order.</summary>
    public static async Task<(T Result, IReadOnlyList<string> Statements)> Measure<T>(Func<Task<T>> read)
    {
        var statements = new List<string>();
        Current.Value = statements;
        try { return (await read(), statements); }
        finally { Current.Value = null; }
    }

    private static void Count(DbCommand command)
    {
        if (Current.Value is { } list) lock (list) list.Add(command.CommandText);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    { Count(command); return result; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    { Count(command); return ValueTask.FromResult(result); }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    { Count(command); return result; }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    { Count(command); return ValueTask.FromResult(result); }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    { Count(command); return result; }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    { Count(command); return ValueTask.FromResult(result); }
}
