using GovernancePortal.Core.Common;
using Microsoft.AspNetCore.Identity;

namespace GovernancePortal.Core.Identity.SignIn;

/// <summary>
/// The password a reviewer re-enters to sign. Wrong guesses are throttled per account (<see cref="SignInLimits.StepUpFailures"/>)
/// before they count towards lockout, so a mistyping reviewer, or someone at an unlocked screen, cannot lock the account.
/// </summary>
public sealed class StepUpPassword(UserManager<ApplicationUser> users, FailureBudget budget)
{
    public async Task<Error?> VerifyAsync(string userId, string? password, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return new Error.Forbidden("Your account no longer exists.");
        if (await users.IsLockedOutAsync(user)) return new Error.Forbidden("Your account is locked after failed password attempts; try again later.");
        if (budget.StepUpExhausted(userId) is { } wait)
            return new Error.Forbidden($"Too many wrong passwords; nothing was signed. Try again in {Math.Ceiling(wait.TotalMinutes)} minute(s).");
        if (!await users.CheckPasswordAsync(user, password ?? ""))
        {
            budget.StepUpFailed(userId);
            await users.AccessFailedAsync(user);
            return new Error.Validation(new Dictionary<string, string> { ["Password"] = "The password is not correct; nothing was signed." });
        }
        await users.ResetAccessFailedCountAsync(user);
        return null;
    }
}
