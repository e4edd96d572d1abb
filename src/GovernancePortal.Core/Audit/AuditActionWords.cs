using System.Text.RegularExpressions;

namespace GovernancePortal.Core.Audit;

/// <summary>Audit action codes ("ModelVersion.Created") in words for people; the code stays the record.</summary>
public static partial class AuditActionWords
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["User.SignedIn"] = "Signed in",
        ["User.SignInFailed"] = "Sign-in failed",
        ["User.LockedOut"] = "Locked out after failed sign-ins",
        ["User.PasswordVerified"] = "Password verified (second factor pending)",
        ["User.SignedOut"] = "Signed out",
        ["User.PasswordChanged"] = "Changed password",
        ["User.Created"] = "User account created",
        ["User.RolesChanged"] = "User roles changed",
        ["User.Locked"] = "User account locked by an admin",
        ["User.Unlocked"] = "User account unlocked",
        [AuditActions.ApiRead] = "Read through the API",
        [AuditActions.DigestConflict] = "Refused a different digest for a registered version",
        [AuditActions.OpenLineageIngested] = "OpenLineage events received",
        ["Observation.Recorded"] = "Monitoring observations recorded",
        ["Inventory.Generated"] = "Synthetic inventory generated",
        ["Audit.Exported"] = "Audit trail exported",
    };

    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["AiSystem"] = "AI system", ["AiCard"] = "AI Card", ["AiCardRevision"] = "AI Card revision",
        ["ModelVersionStage"] = "Stage of a model version", ["LineageEdge"] = "Lineage link",
    };

    public static string Describe(string action)
    {
        if (Known.TryGetValue(action, out var words)) return words;
        var dot = action.IndexOf('.');
        if (dot <= 0) return action;
        var verb = action[(dot + 1)..].ToLowerInvariant();
        return $"{TypeInWords(action[..dot])} {verb}";
    }

    public static string TypeInWords(string type)
    {
        if (Types.TryGetValue(type, out var words)) return words;
        var spaced = PascalBoundary().Replace(type, " $1").ToLowerInvariant();
        return char.ToUpperInvariant(spaced[0]) + spaced[1..];
    }

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex PascalBoundary();
}
