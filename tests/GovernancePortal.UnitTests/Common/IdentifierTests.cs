using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;

namespace GovernancePortal.UnitTests.Common;

public class IdentifierTests
{
    [Theory]
    [InlineData("churn-model")]
    [InlineData("s3://lake/claims/history")]
    [InlineData("public.customers")]
    [InlineData("Kundendaten_Zürich/2026")]
    [InlineData("顧客データ")]
    [InlineData("emoji-😀-name")]
    [InlineData("v1.2.3")]
    [InlineData("a..b")]
    public void Problem_OrdinaryNames_Accepted(string name) => Assert.Null(Identifier.Problem(name));

    [Theory]
    [InlineData("model\0name", "control")]
    [InlineData("model\nname", "control")]
    [InlineData("model\r\nname", "control")]
    [InlineData("model\tname", "control")]
    [InlineData("model\u0085name", "control")]
    [InlineData("invoice\u202Egpj.exe", "bidirectional")]
    [InlineData("a\u202Ab", "bidirectional")]
    [InlineData("a\u2066b", "bidirectional")]
    [InlineData("a\u2069b", "bidirectional")]
    [InlineData("../etc/passwd", "path segments")]
    [InlineData("lake/../secret", "path segments")]
    [InlineData("..", "path segments")]
    [InlineData("lake\\..\\secret", "path segments")]
    public void Problem_HiddenOrTraversingCharacters_Refused(string name, string reason) =>
        Assert.Contains(reason, Identifier.Problem(name));

    // Built in code: test runners carry attribute strings as UTF-8, which turns a lone surrogate into U+FFFD.
    [Fact]
    public void Problem_UnpairedSurrogate_Refused()
    {
        Assert.Contains("surrogate", Identifier.Problem("bad" + (char)0xD800));
        Assert.Contains("surrogate", Identifier.Problem((char)0xDC00 + "bad"));
        Assert.Contains("surrogate", Identifier.Problem("a" + (char)0xDC00 + (char)0xD800 + "b"));
    }

    [Fact]
    public void FieldErrors_Identifier_NamesTheField()
    {
        var error = new FieldErrors().Identifier("ModelName", "x\u202Ey").ToError();
        Assert.Contains("bidirectional", error.Fields["ModelName"]);
        Assert.Equal("is required.", new FieldErrors().Identifier("ModelName", "  ").ToError().Fields["ModelName"]);
    }

    [Theory]
    [InlineData("Production", true)]
    [InlineData("production", true)]
    [InlineData("-1", false)]
    [InlineData("2", false)]
    [InlineData("Staging,Production", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void EnumNames_AcceptsNamesOnly(string? text, bool ok) => Assert.Equal(ok, EnumNames.TryParse<Stage>(text, out _));

    [Fact]
    public void FieldErrors_Defined_RefusesANumberCastToTheEnum() =>
        Assert.True(new FieldErrors().Defined("Kind", (EvaluationKind)(-1)).Any);

    [Theory]
    [InlineData(-1, 50, "page")]
    [InlineData(0, 0, "pageSize")]
    [InlineData(0, 201, "pageSize")]
    public void Paging_Problem_OutOfRange(int page, int size, string field) => Assert.True(Paging.Problem(page, size)!.Fields.ContainsKey(field));

    [Fact]
    public void Paging_Problem_InRange_Null() => Assert.Null(Paging.Problem(0, 200));
}
