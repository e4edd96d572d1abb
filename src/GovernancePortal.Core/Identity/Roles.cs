namespace GovernancePortal.Core.Identity;

/// <summary>The portal's roles. Reviewer roles are the only ones that can co-sign a promotion.</summary>
public static class Roles
{
    public const string DataScientist = nameof(DataScientist);
    public const string PlatformReviewer = nameof(PlatformReviewer);
    public const string SecurityReviewer = nameof(SecurityReviewer);
    public const string RiskReviewer = nameof(RiskReviewer);
    public const string ComplianceOfficer = nameof(ComplianceOfficer);
    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyList<string> All =
        [DataScientist, PlatformReviewer, SecurityReviewer, RiskReviewer, ComplianceOfficer, Admin];

    /// <summary>A role as people read it ("Risk reviewer"); the constant is the stored name. An unknown role shows as stored.</summary>
    public static string Label(string role) => role switch
    {
        DataScientist => "Data scientist",
        PlatformReviewer => "Platform reviewer",
        SecurityReviewer => "Security reviewer",
        RiskReviewer => "Risk reviewer",
        ComplianceOfficer => "Compliance officer",
        _ => role,
    };
}

/// <summary>Named authorization policies; every page and endpoint names one of these (or is explicitly anonymous).</summary>
public static class Policies
{
    /// <summary>Any signed-in person: read the register, dashboard, audit trail.</summary>
    public const string Reader = nameof(Reader);
    /// <summary>Register and edit inventory entities: data scientists and platform reviewers (who wire pipelines).</summary>
    public const string Editor = nameof(Editor);
    /// <summary>User and role administration.</summary>
    public const string Admin = nameof(Admin);
    /// <summary>Audit chain verification and evidence: compliance, admin, reviewers.</summary>
    public const string Auditor = nameof(Auditor);

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [Reader] = [.. Roles.All],
        [Editor] = [Roles.DataScientist, Roles.PlatformReviewer, Roles.Admin],
        [Admin] = [Roles.Admin],
        [Auditor] = [Roles.ComplianceOfficer, Roles.Admin, Roles.SecurityReviewer, Roles.RiskReviewer],
    };
}
