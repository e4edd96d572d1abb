namespace GovernancePortal.Core.Data;

/// <summary>What kind of database failure an exception is, as far as callers of the portal are concerned.</summary>
public enum OutageKind
{
    /// <summary>Not an outage: a bug, a constraint, a conflict. Handled as any other error.</summary>
    None,
    /// <summary>The database cannot be reached or is shutting down: try again later (503).</summary>
    Unreachable,
    /// <summary>The database or its disk is full: nothing can be written until an operator frees space (507).</summary>
    Full,
}

/// <summary>
/// "Is this exception the database being away?" (ADR 0044). The API edge turns the answer into a 503/507 problem, the
/// page edge into the "cannot reach its database" page, and the read-retry strategy into a retry. The provider error
/// codes themselves are decoded in one place, <see cref="GovernanceDatabase.Decode"/>; this only says which of its
/// answers are outages.
/// </summary>
public static class DatabaseOutage
{
    public static OutageKind Classify(Exception? exception) => GovernanceDatabase.Decode(exception) switch
    {
        DatabaseFailure.Unreachable => OutageKind.Unreachable,
        DatabaseFailure.Full => OutageKind.Full,
        _ => OutageKind.None,
    };

    public static bool IsOutage(Exception? exception) => Classify(exception) != OutageKind.None;
}
