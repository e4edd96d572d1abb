using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace GovernancePortal.ComponentTests.Infrastructure;

/// <summary>
/// A bunit context with MudBlazor registered the way MudBlazor's own tests do it: loose JS interop, no
/// transitions, no popover-provider check. Held in a field (MudBlazor services are async-disposable only).
/// </summary>
public abstract class ComponentTestBase : IAsyncLifetime
{
    /// <summary>
    /// The overall limit of any WaitFor: tests wait on conditions, and this only ends one that will never pass, so it
    /// is generous for a busy 2-core machine (bunit's own default is 1 s).
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    static ComponentTestBase() => BunitContext.DefaultWaitTimeout = Patience;

    protected BunitContext Ctx { get; } = new();

    protected ComponentTestBase()
    {
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
    }

    /// <summary>
    /// Renders from now on as in a live circuit (bunit has no default and throws when a component asks, as the layout's
    /// error boundary does). It builds the renderer, so call it after the test's services are registered.
    /// </summary>
    protected void InCircuit() => Ctx.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

    public virtual Task InitializeAsync() => Task.CompletedTask;
    public virtual async Task DisposeAsync() => await Ctx.DisposeAsync();
}
