using Bunit;
using Bunit.TestDoubles;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Web.Features.Inventory;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.ComponentTests.Inventory;

public class ModelVersionEditPageTests : DatabaseComponentTestBase
{
    private const string Hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static void Fill(IRenderedComponent<ModelVersionEditPage> cut, string id, string value) => cut.Find($"#{id}").Change(value);

    private IRenderedComponent<ModelVersionEditPage> RenderFilled(string sha)
    {
        var cut = Ctx.Render<ModelVersionEditPage>();
        Fill(cut, "f-model", "churn-model");
        Fill(cut, "f-version", "1.0.0");
        Fill(cut, "f-sha", sha);
        Fill(cut, "f-uri", "s3://models/churn/1.0.0");
        Fill(cut, "f-framework", "scikit-learn 1.5");
        return cut;
    }

    [Fact]
    public async Task Submit_BadDigest_ShowsFieldMessageAndSavesNothing()
    {
        var cut = RenderFilled("12345");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("64 hexadecimal", cut.Markup));
        await using var db = NewDb();
        Assert.Equal(0, await db.ModelVersions.CountAsync());
    }

    [Fact]
    public async Task Submit_Valid_RegistersAndNavigatesToTheVersion()
    {
        var cut = RenderFilled("sha256:" + Hex);
        cut.Find("form").Submit();

        var navigation = Ctx.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches("/model-versions/[0-9a-f-]{36}$", navigation.Uri));
        await using var db = NewDb();
        var version = await db.ModelVersions.SingleAsync();
        Assert.Equal(Hex, version.Sha256);
        Assert.Equal("scientist@demo.local", version.CreatedBy);
    }

    [Fact]
    public void Submit_SameVersionWithAnotherDigest_ShowsConflictAlert()
    {
        // The same digest again is an idempotent retry (the registry's rule, shared with the API); another digest is a conflict.
        RenderFilled(Hex).Find("form").Submit();
        var second = RenderFilled(new string('a', 64));
        second.Find("form").Submit();
        second.WaitForAssertion(() => Assert.Contains("is registered with digest", second.Find(".mud-alert").TextContent));
    }
}
