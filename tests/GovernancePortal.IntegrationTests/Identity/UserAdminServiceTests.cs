using GovernancePortal.Core.Common;
using GovernancePortal.Core.Identity;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Identity;

public class UserAdminServiceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<T> WithAdminAsync<T>(Func<UserAdminService, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<UserAdminService>());
    }

    [Fact]
    public async Task Create_ByDataScientist_Forbidden()
    {
        var result = await WithAdminAsync(a => a.CreateAsync(PortalFactory.Scientist, "new1@demo.local", "New", "Tulip-Harbor-Lantern-99", [Roles.Admin]));
        Assert.IsType<Error.Forbidden>(result.Error);
    }

    [Fact]
    public async Task Create_CommonPassword_RefusedAndNoUserOrAuditWritten()
    {
        var result = await WithAdminAsync(a => a.CreateAsync(PortalFactory.Admin, "weak@demo.local", "Weak", "password1234", [Roles.DataScientist]));

        Assert.Contains("commonly used", Assert.IsType<Error.Validation>(result.Error).Fields["Password"]);
        await using var db = factory.NewDb();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "weak@demo.local"));
        // Not a count of the whole chain: background work (the findings engine, API read entries) appends meanwhile.
        Assert.False(await db.AuditEntries.AnyAsync(e => (e.After != null && e.After.Contains("weak@demo.local"))
            || (e.Before != null && e.Before.Contains("weak@demo.local"))));
    }

    [Fact]
    public async Task SetRoles_ByAdmin_ChangesRolesAndAuditsBeforeAndAfter()
    {
        var id = (await WithAdminAsync(a => a.CreateAsync(PortalFactory.Admin, "mover@demo.local", "Mover", "Tulip-Harbor-Lantern-77", [Roles.DataScientist]))).Value!;
        var result = await WithAdminAsync(a => a.SetRolesAsync(PortalFactory.Admin, id, [Roles.RiskReviewer, Roles.ComplianceOfficer]));

        Assert.True(result.Succeeded, result.Error?.Message);
        var users = await WithAdminAsync(a => a.ListAsync());
        Assert.Equal([Roles.ComplianceOfficer, Roles.RiskReviewer], users.Single(u => u.Id == id).Roles);
        await using var db = factory.NewDb();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "User.RolesChanged" && a.EntityId == id);
        Assert.Contains(Roles.DataScientist, audit.Before);
        Assert.Contains(Roles.RiskReviewer, audit.After);
    }

    [Fact]
    public async Task SetRoles_AdminRemovingOwnAdminRole_Refused()
    {
        var admin = (await WithAdminAsync(a => a.ListAsync())).Single(u => u.Email == "admin@demo.local");
        var result = await WithAdminAsync(a => a.SetRolesAsync(PortalFactory.Admin, admin.Id, [Roles.DataScientist]));
        Assert.IsType<Error.Conflict>(result.Error);
    }

    [Fact]
    public async Task SelfChecks_AreByAccountId_WhateverSpellingTheSessionShows()
    {
        var admin = (await WithAdminAsync(a => a.ListAsync())).Single(u => u.Email == "admin@demo.local");
        var shouting = new Caller(GovernancePortal.Core.Audit.Actor.User(admin.Id, "ADMIN@Demo.Local"), new HashSet<string> { Roles.Admin });
        Assert.IsType<Error.Conflict>((await WithAdminAsync(a => a.SetLockedAsync(shouting, admin.Id, true))).Error);
        Assert.IsType<Error.Conflict>((await WithAdminAsync(a => a.SetRolesAsync(shouting, admin.Id, [Roles.DataScientist]))).Error);
    }
}
