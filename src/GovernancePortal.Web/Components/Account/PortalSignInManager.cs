using GovernancePortal.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Web.Components.Account;

/// <summary>
/// Password sign-in that costs the same whether or not the account exists and whether or not it is locked: Identity's own
/// path returns before hashing for an unknown or locked account, which tells an attacker which e-mails are real (and
/// locked) by the response time. Here those paths verify the password against a dummy hash made by the same hasher.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<ApplicationUser> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<ApplicationUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static string? dummyHash;

    /// <summary>A failed sign-in for an e-mail no account has (to the caller it looks like any other failure).</summary>
    public sealed class UnknownAccount : SignInResult;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            VerifyDummy(password);
            return new UnknownAccount();
        }
        // A locked account is refused before its hash is checked: pay for one anyway.
        if (UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user)) VerifyDummy(password);
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    private void VerifyDummy(string password)
    {
        var hasher = UserManager.PasswordHasher;
        dummyHash ??= hasher.HashPassword(new ApplicationUser(), Guid.NewGuid().ToString("N"));
        hasher.VerifyHashedPassword(new ApplicationUser(), dummyHash, password ?? "");
    }
}
