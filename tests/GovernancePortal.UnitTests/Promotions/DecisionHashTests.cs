using GovernancePortal.Core.Features.Promotions.Gates;

namespace GovernancePortal.UnitTests.Promotions;

public class DecisionHashTests
{
    private static DecisionInputs Inputs(params string[] bindings) =>
        new(new string('a', 64), "High/Production v1", bindings.Select(b => new DecisionEvidence(b, "label " + b)).ToList());

    [Fact]
    public void Hash_IgnoresEvidenceOrder_AndLabels()
    {
        var a = Inputs("evaluation:1", "card:3:abc");
        var b = new DecisionInputs(a.Sha256, a.Policy, [new("card:3:abc", "other"), new("evaluation:1", "words")]);
        Assert.Equal(a.Hash(), b.Hash());
        Assert.Equal(64, a.Hash().Length);
    }

    [Fact]
    public void Hash_ChangesWithEachInput()
    {
        var baseline = Inputs("evaluation:1").Hash();
        Assert.NotEqual(baseline, (Inputs("evaluation:1") with { Sha256 = new string('b', 64) }).Hash());
        Assert.NotEqual(baseline, (Inputs("evaluation:1") with { Policy = "High/Production v2" }).Hash());
        Assert.NotEqual(baseline, Inputs("evaluation:1", "evaluation:2").Hash());
        Assert.NotEqual(baseline, Inputs("evaluation:1b").Hash());
    }

    [Fact]
    public void ChangesSince_SaysWhatChanged()
    {
        var before = Inputs("evaluation:1", "card:3:abc");
        var after = new DecisionInputs(before.Sha256, "High/Production v2", [new("evaluation:1", "x"), new("card:4:def", "AI Card revision 4")]);
        var changes = after.ChangesSince(before);
        Assert.Contains(changes, c => c.Contains("policy changed (High/Production v1 → High/Production v2)"));
        Assert.Contains("new evidence: AI Card revision 4", changes);
        Assert.Contains("evidence no longer used: label card:3:abc", changes);
    }

    [Fact]
    public void Json_RoundTrips() => Assert.Equal(Inputs("e:1").Hash(), DecisionInputs.FromJson(Inputs("e:1").ToJson()).Hash());
}
