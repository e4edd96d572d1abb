using System.Security.Claims;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace GovernancePortal.Web.Components.Account;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    /// <summary>Form endpoints the statically rendered account pages post to.</summary>
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var accountGroup = endpoints.MapGroup("/Account");

        // Anonymous on purpose: someone whose session already expired can still press "Log out" without a loop.
        accountGroup.MapPost("/Logout", async (
            ClaimsPrincipal user,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromServices] AuditRecorder audit,
            [FromForm] string returnUrl) =>
        {
            await signInManager.SignOutAsync();
            if (user.Identity?.Name is { } name && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id)
                await audit.RecordAsync(Actor.User(id, name), new AuditEvent("User.SignedOut", "User", name));
            return TypedResults.LocalRedirect($"~/{returnUrl}");
        }).AllowAnonymous();

        return accountGroup;
    }
}
