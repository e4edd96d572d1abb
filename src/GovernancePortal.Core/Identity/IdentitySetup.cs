using Microsoft.AspNetCore.Identity;

namespace GovernancePortal.Core.Identity;

public static class IdentitySetup
{
    /// <summary>Password, lockout and sign-in options shared by the web host and the admin verbs.</summary>
    public static void Configure(IdentityOptions o)
    {
        // Length over composition (NIST SP 800-63B); PasswordPolicyValidator adds the blocklist.
        o.Password.RequiredLength = PasswordPolicyValidator.MinLength;
        o.Password.RequireDigit = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequiredUniqueChars = 1;
        o.Lockout.AllowedForNewUsers = true;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.User.RequireUniqueEmail = true;
        o.SignIn.RequireConfirmedAccount = true;
        o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
    }
}
