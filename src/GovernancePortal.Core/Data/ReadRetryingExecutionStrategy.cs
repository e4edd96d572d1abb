using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace GovernancePortal.Core.Data;

/// <summary>
/// PostgreSQL's retry-on-failure, for reads only (ADR 0044). A query outside a transaction is idempotent, so a broken
/// pooled connection after a server restart, or a server that is starting, is retried a few times within about two
/// seconds. Everything else runs once: a save or a bulk update whose connection broke may already have committed, and
/// replaying it could sign twice or count twice; a query inside a transaction died with the transaction. Those fail,
/// and the edges answer 503 (<see cref="DatabaseOutage"/>) so the caller decides whether to try again.
/// </summary>
public sealed class ReadRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : NpgsqlRetryingExecutionStrategy(dependencies, MaxRetries, MaxDelay, errorCodesToAdd: null)
{
    public const int MaxRetries = 3;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    public override TResult Execute<TState, TResult>(TState state, Func<DbContext, TState, TResult> operation,
        Func<DbContext, TState, ExecutionResult<TResult>>? verifySucceeded)
        => IsRead<TState>() && !InTransaction ? base.Execute(state, operation, verifySucceeded) : operation(Dependencies.CurrentContext.Context, state);

    public override Task<TResult> ExecuteAsync<TState, TResult>(TState state, Func<DbContext, TState, CancellationToken, Task<TResult>> operation,
        Func<DbContext, TState, CancellationToken, Task<ExecutionResult<TResult>>>? verifySucceeded, CancellationToken cancellationToken = default)
        => IsRead<TState>() && !InTransaction
            ? base.ExecuteAsync(state, operation, verifySucceeded, cancellationToken)
            : operation(Dependencies.CurrentContext.Context, state, cancellationToken);

    /// <summary>
    /// EF Core runs every LINQ and FromSql query through the strategy with its querying enumerator as the state; saves,
    /// ExecuteUpdate/ExecuteDelete, raw commands and migrations pass other states. Unknown means "not a read": no retry.
    /// </summary>
    internal static bool IsRead<TState>() =>
        (typeof(TState).DeclaringType ?? typeof(TState)).Name.Contains("QueryingEnumerable", StringComparison.Ordinal);

    private bool InTransaction => Dependencies.CurrentContext.Context.Database.CurrentTransaction is not null;
}
