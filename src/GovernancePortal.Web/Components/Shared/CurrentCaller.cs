using GovernancePortal.Core.Common;
using Microsoft.AspNetCore.Components.Authorization;

namespace GovernancePortal.Web.Components.Shared;

/// <summary>Turns the circuit's signed-in user into the <see cref="Caller"/> that services authorize.</summary>
public sealed class CurrentCaller(AuthenticationStateProvider auth)
{
    public async Task<Caller> GetAsync() => Caller.FromPrincipal((await auth.GetAuthenticationStateAsync()).User);
}
