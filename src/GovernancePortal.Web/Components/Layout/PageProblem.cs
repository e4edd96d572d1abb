using GovernancePortal.Core.Data;
using GovernancePortal.Web.Hosting;

namespace GovernancePortal.Web.Components.Layout;

/// <summary>
/// What an open page says about an exception (<see cref="PageErrorBoundary"/>), in the words and at the log levels the
/// request path uses for the same conditions (<see cref="DatabaseUnavailable"/>: an outage passes, an emptied chain needs
/// an operator). Recoverable: the page can be shown again as it is (an outage passes; with an emptied chain reading still
/// works); anything else needs a fresh page.
/// </summary>
public sealed record PageProblem(string TestId, string Title, string Detail, string Next, bool Recoverable, LogLevel Level)
{
    public static PageProblem Of(Exception exception) =>
        exception is AuditChainEmptiedException
            ? new("audit-chain-emptied", DatabaseUnavailable.EmptiedTitle, DatabaseUnavailable.EmptiedDetail, DatabaseUnavailable.EmptiedNext,
                Recoverable: true, DatabaseUnavailable.EmptiedLogLevel)
            : DatabaseOutage.Classify(exception) is var kind and not OutageKind.None
                ? new("database-unavailable", DatabaseUnavailable.Title(kind), DatabaseUnavailable.Detail(kind),
                    "What was saved before is kept. Go back to the page and try again.", Recoverable: true, DatabaseUnavailable.OutageLogLevel)
                : new("unexpected-error", "Something went wrong", "The portal hit an unexpected error and logged it; what you last did may not have been saved.",
                    "Reload the page to continue, and check that your change is there.", Recoverable: false, LogLevel.Error);
}
