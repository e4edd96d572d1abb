using System.Diagnostics;
using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Web.Components.Layout;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.ComponentTests.Layout;

/// <summary>
/// The bell refreshes live, but never on the thread that committed: a circuit's InvokeAsync runs inline when the circuit
/// is idle, and on SQLite the whole re-query with it, so every commit waited for every open circuit (the 200-circuit load
/// run's writer and findings runner did).
/// </summary>
public class FindingsBellTests : DatabaseComponentTestBase
{
    [Fact]
    public void FindingChange_PublisherReturnsBeforeTheBellRequeries_ThenTheBellRequeries()
    {
        Ctx.Render<FindingsBell>();
        string mine;
        using (var db = NewDb()) mine = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        var publisher = 0;
        var onPublisher = 0;
        var after = 0;
        using var _ = DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(listener =>
        {
            if (listener.Name != DbLoggerCategory.Name) return;
            listener.Subscribe(new Observer<KeyValuePair<string, object?>>(e =>
            {
                // Other test classes run beside this one, each on its own database.
                if (e.Key != RelationalEventId.CommandExecuting.Name || e.Value is not CommandEventData { Command.Connection.ConnectionString: var cs } || !cs.Contains(mine)) return;
                if (Environment.CurrentManagedThreadId == Volatile.Read(ref publisher)) Interlocked.Increment(ref onPublisher);
                else Interlocked.Increment(ref after);
            }));
        }));

        Volatile.Write(ref publisher, Environment.CurrentManagedThreadId);
        Ctx.Services.GetRequiredService<RegisterSignal>().Publish([new(nameof(Finding), Guid.NewGuid(), ChangeKind.Created)]);
        Volatile.Write(ref publisher, 0);

        Assert.Equal(0, onPublisher);
        // The refresh still happens, on the circuit's dispatcher from another thread.
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref after) == 0 && clock.Elapsed < Patience) Thread.Sleep(10);
        Assert.True(after > 0, "the bell never re-counted after the change");
    }

    private sealed class Observer<T>(Action<T> next) : IObserver<T>
    {
        public void OnNext(T value) => next(value);
        public void OnError(Exception error) { }
        public void OnCompleted() { }
    }
}
