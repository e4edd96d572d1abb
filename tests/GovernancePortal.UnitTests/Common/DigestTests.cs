using GovernancePortal.Core.Common;

namespace GovernancePortal.UnitTests.Common;

public class DigestTests
{
    private const string Hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Theory]
    [InlineData(Hex)]
    [InlineData("sha256:" + Hex)]
    [InlineData("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")]
    public void IsSha256_ValidForms_True(string value) => Assert.True(Digest.IsSha256(value));

    [Theory]
    [InlineData("")]
    [InlineData("9f86d081")] // too short
    [InlineData(Hex + "0")] // 65 characters
    [InlineData("zz86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")] // not hex
    [InlineData("md5:" + Hex)]
    public void IsSha256_InvalidForms_False(string value) => Assert.False(Digest.IsSha256(value));

    [Fact]
    public void Normalize_PrefixedUpperCase_ReturnsLowerHex() =>
        Assert.Equal(Hex, Digest.Normalize("sha256:" + Hex.ToUpperInvariant()));

    [Fact]
    public void FieldErrors_BadDigestAndMissingName_ReportsBoth()
    {
        var errors = new FieldErrors().Required("Name", " ").Sha256("Sha256", "abc");
        Assert.True(errors.Any);
        Assert.Equal(2, errors.ToError().Fields.Count);
        Assert.Contains("64 hexadecimal", errors.ToError().Fields["Sha256"]);
    }

    [Theory]
    [InlineData("Retail credit scoring", "retail-credit-scoring")]
    [InlineData("  LLM / Support -- Assistant ", "llm-support-assistant")]
    public void Slug_From_MakesUrlSafeKeys(string text, string expected)
    {
        Assert.Equal(expected, Slug.From(text));
        Assert.True(Slug.IsValid(expected));
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    public void Slug_IsValid_RejectsNonCanonicalKeys(string key) => Assert.False(Slug.IsValid(key));
}
