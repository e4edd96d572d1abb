namespace GovernancePortal.Core.Identity.SignIn;

/// <summary>
/// Settings <c>SignIn:*</c> (docs/configuration.md, docs/security.md). Request limits run in the rate-limiting middleware
/// before any password is checked; failure budgets run before a failure can count towards the account's lockout.
/// </summary>
public sealed class SignInLimits
{
    public const string Section = "SignIn";

    /// <summary>Sign-in POSTs per client address per window, whatever the account (token bucket).</summary>
    public int PerAddressPermits { get; set; } = 10;
    /// <summary>Sign-in POSTs per account (the e-mail typed, known or not) per window, from all addresses together.</summary>
    public int PerAccountPermits { get; set; } = 10;
    public int WindowSeconds { get; set; } = 60;

    /// <summary>
    /// Failed sign-ins one address may cause for one account per failure window. Below the lockout threshold (5), so a
    /// stranger at one address cannot lock anyone out; the default leaves room for one more try by the owner.
    /// </summary>
    public int FailuresPerAddressAndAccount { get; set; } = 3;
    public int FailureWindowMinutes { get; set; } = 60;

    /// <summary>Wrong step-up passwords (at signing) per account per failure window, before they may count towards lockout.</summary>
    public int StepUpFailures { get; set; } = 3;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
    public TimeSpan FailureWindow => TimeSpan.FromMinutes(FailureWindowMinutes);
}
