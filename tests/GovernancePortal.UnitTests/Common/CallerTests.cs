using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Identity;

namespace GovernancePortal.UnitTests.Common;

public class CallerTests
{
    private static Caller With(params string[] roles) => new(Actor.User(GovernancePortal.Core.Seeding.DemoUsers.IdOf("x@demo.local"), "x@demo.local"), roles.ToHashSet());

    [Fact]
    public void Satisfies_NoRoles_DeniesEveryPolicy()
    {
        var caller = With();
        Assert.All(Policies.RolesByPolicy.Keys, p => Assert.False(caller.Satisfies(p)));
    }

    [Fact]
    public void Satisfies_ComplianceOfficer_ReadsAndAuditsButCannotEdit()
    {
        var caller = With(Roles.ComplianceOfficer);
        Assert.True(caller.Satisfies(Policies.Reader));
        Assert.True(caller.Satisfies(Policies.Auditor));
        Assert.False(caller.Satisfies(Policies.Editor));
        Assert.IsType<Error.Forbidden>(caller.Deny(Policies.Editor, "register models"));
    }

    [Fact]
    public void Satisfies_UnknownPolicy_Denies() => Assert.False(With(Roles.Admin).Satisfies("NoSuchPolicy"));
}
