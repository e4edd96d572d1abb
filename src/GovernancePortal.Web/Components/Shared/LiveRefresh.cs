namespace GovernancePortal.Web.Components.Shared;

/// <summary>
/// How a component reacts to a live signal (<c>RegisterSignal</c>, <c>PromotionEvents</c>): never on the publisher's
/// thread. Signals are raised synchronously by the code that committed (the ingest writer, the findings runner, a
/// reviewer's signature), and a circuit's <c>InvokeAsync</c> runs its work inline when the circuit is idle; on SQLite
/// (synchronous I/O) that inline part is the whole re-query and render. With 200 open circuits a single commit then
/// waited for 200 re-queries, one after another, before its caller got its answer. Posting to the thread pool lets the
/// commit return at once and the circuits refresh in parallel, each still on its own dispatcher.
/// </summary>
public static class LiveRefresh
{
    /// <summary>Runs <paramref name="refresh"/> through the component's <paramref name="invokeAsync"/>, later, off this thread.</summary>
    public static void Post(Func<Func<Task>, Task> invokeAsync, Func<Task> refresh) =>
        // A failed refresh stays the component's business, as with a plain fire-and-forget InvokeAsync before.
        _ = Task.Run(() => invokeAsync(refresh));
}
