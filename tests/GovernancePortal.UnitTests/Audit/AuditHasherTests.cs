using GovernancePortal.Core.Audit;

namespace GovernancePortal.UnitTests.Audit;

public class AuditHasherTests
{
    private static AuditEntry Entry(string? after = "{\"Name\":\"x\"}") => new()
    {
        Sequence = 7, Timestamp = new DateTime(2026, 11, 27, 10, 0, 0, 123, DateTimeKind.Utc), Actor = "sam@demo.local",
        ActorKind = ActorKind.User, Action = "Model.Created", EntityType = "Model", EntityId = "42", After = after,
        PreviousHash = AuditHasher.GenesisHash, Hash = "",
    };

    [Fact]
    public void ComputeHash_SameContent_SameHash() =>
        Assert.Equal(AuditHasher.ComputeHash(Entry()), AuditHasher.ComputeHash(Entry()));

    [Fact]
    public void ComputeHash_IsLowerHexSha256() =>
        Assert.Matches("^[0-9a-f]{64}$", AuditHasher.ComputeHash(Entry()));

    [Fact]
    public void ComputeHash_ChangedAfterJson_DifferentHash() =>
        Assert.NotEqual(AuditHasher.ComputeHash(Entry()), AuditHasher.ComputeHash(Entry("{\"Name\":\"y\"}")));

    [Fact]
    public void ComputeHash_ChangedPreviousHash_DifferentHash()
    {
        var other = Entry();
        other.PreviousHash = new string('1', 64);
        Assert.NotEqual(AuditHasher.ComputeHash(Entry()), AuditHasher.ComputeHash(other));
    }

    [Fact]
    public void ComputeHash_FieldBoundariesAreUnambiguous()
    {
        // "ab" + "c" must not hash like "a" + "bc": the canonical form is a JSON array, not a concatenation.
        var a = Entry(); a.EntityType = "ab"; a.EntityId = "c";
        var b = Entry(); b.EntityType = "a"; b.EntityId = "bc";
        Assert.NotEqual(AuditHasher.ComputeHash(a), AuditHasher.ComputeHash(b));
    }

    [Fact]
    public void Normalize_DropsSubMillisecondTicks()
    {
        var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(12_345);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, 1, DateTimeKind.Utc), AuditHasher.Normalize(t));
    }
}
