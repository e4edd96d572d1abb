using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Identity;

namespace GovernancePortal.UnitTests.ServiceIdentities;

public class ServiceTokenTests
{
    [Fact]
    public void Generate_HasPrefixAndValidChecksum()
    {
        var token = ServiceToken.Generate();
        Assert.StartsWith("gp_", token);
        Assert.Equal(41, token.Length);
        Assert.True(ServiceToken.IsWellFormed(token));
    }

    [Fact]
    public void Generate_RandomPartCarriesAtLeast128Bits() =>
        Assert.True(32 * Math.Log2(62) >= 128); // 32 base62 characters ≈ 190 bits

    [Fact]
    public void Generate_TwoTokens_Differ() => Assert.NotEqual(ServiceToken.Generate(), ServiceToken.Generate());

    [Fact]
    public void IsWellFormed_OneCharacterChanged_FailsTheChecksum()
    {
        var token = ServiceToken.Generate();
        var typo = token[..10] + (token[10] == 'a' ? 'b' : 'a') + token[11..];
        Assert.False(ServiceToken.IsWellFormed(typo));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ghp_abc")]
    [InlineData("gp_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void IsWellFormed_Garbage_False(string? token) => Assert.False(ServiceToken.IsWellFormed(token));

    [Fact]
    public void Hash_IsSha256HexAndHashesCompareInConstantTimeHelper()
    {
        var token = ServiceToken.Generate();
        var hash = ServiceToken.Hash(token);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.True(ServiceToken.HashesEqual(hash, ServiceToken.Hash(token)));
        Assert.False(ServiceToken.HashesEqual(hash, ServiceToken.Hash(ServiceToken.Generate())));
    }

    [Fact]
    public void ServiceCaller_WithEveryScope_CannotAdministerAuditOrApprove()
    {
        var bot = Caller.Service("deploy-bot", Scopes.All);
        Assert.True(bot.Satisfies(Policies.Reader));
        Assert.True(bot.Satisfies(Policies.Editor));
        Assert.False(bot.Satisfies(Policies.Admin));
        Assert.False(bot.Satisfies(Policies.Auditor));
        Assert.Equal(ActorKind.Service, bot.Actor.Kind);
    }

    [Fact]
    public void ServiceCaller_ReadOnly_CannotEdit() => Assert.False(Caller.Service("reader", [Scopes.Read]).Satisfies(Policies.Editor));

    [Fact]
    public void Warnings_OldIdentityUsingOneScope_FlagsUnusedScopesAndExpiry()
    {
        var now = new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        var identity = new ServiceIdentity
        {
            Name = "ci", Owner = "o@x.y", Scopes = [Scopes.Read, Scopes.ModelsWrite], CreatedAt = now.AddDays(-80),
            ExpiresAt = now.AddDays(5), TokenHash = "", TokenHint = "",
        };
        var usage = new ServiceIdentityUsage { LastUsedAt = now.AddDays(-1), ScopesLastUsed = new() { [Scopes.Read] = now.AddDays(-1) } };
        var warnings = ServiceIdentityService.Warnings(identity, usage, now);
        Assert.Contains(warnings, w => w.Contains("models:write"));
        Assert.Contains(warnings, w => w.StartsWith("Expires"));
        Assert.DoesNotContain(warnings, w => w.StartsWith("Stale"));
    }
}
