using Microsoft.AspNetCore.Components;

namespace GovernancePortal.Web.Components.Shared;

/// <summary>
/// A component that loads its data before its first render, where ComponentBase would first render an empty or
/// loading state (ADR 0071). On PostgreSQL every query completes asynchronously, so such a component rendered twice
/// at circuit start (SQLite's queries complete synchronously: once), and an idle circuit kept both render-tree buffers,
/// one more render batch, and whatever the discarded loading render pointed at. For a count, a badge or a dashboard row
/// the empty state shows nothing worth seeing: at circuit start the prerendered markup stays on screen meanwhile.
/// Not for a page whose loading bar is the only feedback while it loads.
/// </summary>
public abstract class LoadFirstComponent : ComponentBase
{
    private bool loaded;

    /// <summary>Runs once, with the first parameters set, before OnInitialized(Async) and the first render.</summary>
    protected abstract Task LoadAsync();

    public override async Task SetParametersAsync(ParameterView parameters)
    {
        // A ParameterView is valid only until the first await: take the values now, load, then let ComponentBase run
        // its usual lifecycle (OnInitialized, OnParametersSet, render) with them already set.
        parameters.SetParameterProperties(this);
        if (!loaded)
        {
            loaded = true;
            await LoadAsync();
        }
        await base.SetParametersAsync(ParameterView.Empty);
    }
}
