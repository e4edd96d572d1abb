using GovernancePortal.Core.Features.Cards;

namespace GovernancePortal.UnitTests.Cards;

public class SectionDiffTests
{
    [Fact]
    public void Lines_SmallEdit_KeepsCommonLinesAndMarksTheChange()
    {
        var diff = SectionDiff.Lines("a\nb\nc\nd", "a\nx\nc\nd\ne");
        Assert.Equal(
            [new(DiffKind.Same, "a"), new(DiffKind.Removed, "b"), new(DiffKind.Added, "x"), new(DiffKind.Same, "c"), new(DiffKind.Same, "d"), new(DiffKind.Added, "e")],
            diff);
    }

    [Fact]
    public void Lines_NullAndEmpty_AreNoLines()
    {
        Assert.Empty(SectionDiff.Lines(null, ""));
        Assert.Equal([new DiffLine(DiffKind.Added, "new")], SectionDiff.Lines(null, "new"));
    }

    [Fact]
    public void Lines_TwoMaximalSectionsOfDifferentLines_AreBoundedNotAQuadraticTable()
    {
        // 20,000 characters of one-letter lines each: the full LCS table would be 10,000 x 10,000 ints.
        var before = string.Join("\n", Enumerable.Repeat("a", 10_000));
        var after = "same\n" + string.Join("\n", Enumerable.Repeat("b", 10_000)) + "\nend";
        var diff = SectionDiff.Lines("same\n" + before + "\nend", after);
        Assert.Equal(new DiffLine(DiffKind.Same, "same"), diff[0]);
        Assert.Equal(new DiffLine(DiffKind.Same, "end"), diff[^1]);
        Assert.Equal(10_000, diff.Count(d => d.Kind == DiffKind.Removed));
        Assert.Equal(10_000, diff.Count(d => d.Kind == DiffKind.Added));
    }
}
