using GovernancePortal.Core.Features.Evaluations.Computed;

namespace GovernancePortal.UnitTests.Evaluations.Computed;

/// <summary>The scan's span-keyed group index: exact identity at every length, numbering, growth and the collision fallback.</summary>
public class GroupIndexTests
{
    [Fact]
    public void ValuesOfEveryLength_AreFoundExactly_AndNeverConfusedWithNearNeighbours()
    {
        var index = new GroupIndex();
        // Lengths 1 to 40 (the packed keys cover up to 16 characters, longer ones are compared in full),
        // each with neighbours differing in one position: first, middle, last.
        var values = new List<string>();
        for (var n = 1; n <= 40; n++)
        {
            var baseValue = new string('a', n);
            values.Add(baseValue);
            for (var at = 0; at < n; at++)
            {
                var chars = baseValue.ToCharArray();
                chars[at] = 'b';
                values.Add(new string(chars));
            }
        }
        values = [.. values.Distinct().Take(PredictionsOptions.MaxGroupsPerColumn)];
        for (var i = 0; i < values.Count; i++)
        {
            Assert.Equal(-1, index.Find(values[i]));
            Assert.Equal(i, index.Add(values[i]));
        }
        for (var i = 0; i < values.Count; i++) Assert.Equal(i, index.Find(values[i].AsSpan()));
        Assert.Equal(values, index.Values);
        Assert.Equal(-1, index.Find("c"));
        Assert.Equal(-1, index.Find(new string('a', 41)));
        Assert.Equal(-1, index.Find("a\0"));
    }

    [Fact]
    public void NonAsciiAndSurrogates_AreDistinctValues()
    {
        var index = new GroupIndex();
        string[] values = ["Zoë", "Zoe", "Z\u00f6e", "東京", "東京都", "😀", "😁", "ä-ö-ü-ß-é-è-ê-ë"];
        foreach (var v in values) index.Add(v);
        for (var i = 0; i < values.Length; i++) Assert.Equal(i, index.Find(values[i]));
    }

    [Fact]
    public void ManyValues_StillFound_AfterTheTableGrows()
    {
        var index = new GroupIndex();
        for (var i = 0; i < 1000; i++) Assert.Equal(i, index.Add($"group-{i}"));
        for (var i = 999; i >= 0; i--) Assert.Equal(i, index.Find($"group-{i}"));
        Assert.Equal(-1, index.Find("group-1000"));
    }

    [Fact]
    public void ValuesLongerThanThePackedKey_SharingTheirFirst16Characters_AreDistinct()
    {
        var index = new GroupIndex();
        for (var i = 0; i < 200; i++) index.Add($"0123456789abcdef-{i:000}");
        for (var i = 0; i < 200; i++) Assert.Equal(i, index.Find($"0123456789abcdef-{i:000}"));
        Assert.Equal(-1, index.Find("0123456789abcdef-200"));
    }

    [Fact]
    public void RepeatedLookups_InShuffledOrder_AnswerFromTheCacheExactly_EvenForNearNeighbours()
    {
        // The second and later rounds are answered from the direct-mapped cache where the value is still in it, and from
        // the table where a colliding value replaced it: near neighbours (one character apart, at every length 1 to 24,
        // so every one of the cache's reads and the full comparison decide some pair) must never be confused.
        var index = new GroupIndex();
        var values = new List<string>();
        for (var n = 1; n <= 24; n++)
            for (var at = 0; at < n; at++)
                values.Add(new string('a', at) + 'b' + new string('a', n - at - 1));
        values = [.. values.Distinct()];
        foreach (var v in values) index.Add(v);
        var rnd = new Random(7);
        for (var round = 0; round < 5; round++)
        {
            var order = Enumerable.Range(0, values.Count).OrderBy(_ => rnd.Next()).ToList();
            foreach (var i in order) Assert.Equal(i, index.Find(values[i]));
            foreach (var i in order) Assert.Equal(-1, index.Find(values[i] + "c"));
        }
        Assert.Equal(-1, index.Find(""));
    }

    [Fact]
    public void FindRecent_AnswersOnlyWhatFindAnswers_AndNeverALongValue()
    {
        // The scan's inlined probe: a value it answers must be the exact value's number (never a near neighbour's); what it
        // does not answer (-1), Find does, and remembers, so the probe answers it next time. Values over 16 characters
        // are always left to Find.
        var index = new GroupIndex();
        var values = new List<string>();
        for (var n = 1; n <= 20; n++)
            for (var at = 0; at < n; at++)
                values.Add(new string('a', at) + 'b' + new string('a', n - at - 1));
        values = [.. values.Distinct()];
        foreach (var v in values) Assert.Equal(-1, index.FindRecent(v));
        foreach (var v in values) index.Add(v);
        for (var round = 0; round < 3; round++)
            for (var i = 0; i < values.Count; i++)
            {
                var recent = index.FindRecent(values[i]);
                Assert.True(recent == -1 || recent == i, $"'{values[i]}' answered as {recent}");
                Assert.Equal(i, index.Find(values[i]));
                Assert.Equal(values[i].Length > 16 ? -1 : i, index.FindRecent(values[i]));
                Assert.Equal(-1, index.FindRecent(values[i] + "c"));
            }
    }
}
