using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Common;
using GovernancePortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace GovernancePortal.ComponentTests.Shared;

public class ServerValidatorTests : ComponentTestBase
{
    public sealed class Model { public string Sha256 { get; set; } = ""; }

    private (IRenderedComponent<EditForm> Form, ServerValidator Validator, EditContext Context) RenderForm()
    {
        var model = new Model();
        ServerValidator? validator = null;
        var cut = Ctx.Render<EditForm>(p => p
            .Add(f => f.Model, model)
            .Add(f => f.ChildContent, (RenderFragment<EditContext>)(ctx => b =>
            {
                b.OpenComponent<ServerValidator>(0);
                b.AddComponentReferenceCapture(1, r => validator = (ServerValidator)r);
                b.CloseComponent();
                b.OpenComponent<ValidationMessage<string>>(2);
                b.AddAttribute(3, "For", (System.Linq.Expressions.Expression<Func<string>>)(() => model.Sha256));
                b.CloseComponent();
            })));
        return (cut, validator!, cut.Instance.EditContext!);
    }

    [Fact]
    public void Show_ValidationError_PutsMessageOnTheField()
    {
        var (form, validator, _) = RenderForm();
        form.InvokeAsync(() => validator.Show(new Error.Validation(new Dictionary<string, string> { ["Sha256"] = "must be 64 hexadecimal characters." })));
        Assert.Contains("Sha256 must be 64 hexadecimal characters.", form.Find(".validation-message").TextContent);
        Assert.Contains("Sha256", form.Find(".mud-alert").TextContent); // also listed, for fields without an input
    }

    [Fact]
    public void Show_Conflict_ShowsAlertNotFieldMessage()
    {
        var (form, validator, _) = RenderForm();
        form.InvokeAsync(() => validator.Show(new Error.Conflict("Already registered.")));
        Assert.Contains("Already registered.", form.Find(".mud-alert").TextContent);
        Assert.Empty(form.FindAll(".validation-message"));
    }

    [Fact]
    public void EditingTheField_ClearsItsServerMessage()
    {
        var (form, validator, context) = RenderForm();
        form.InvokeAsync(() => validator.Show(new Error.Validation(new Dictionary<string, string> { ["Sha256"] = "is wrong." })));
        form.InvokeAsync(() => context.NotifyFieldChanged(context.Field("Sha256")));
        Assert.Empty(form.FindAll(".validation-message"));
    }
}
