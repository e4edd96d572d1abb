using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace GovernancePortal.Core.Identity;

/// <summary>
/// NIST SP 800-63B style: length over composition (12+ characters, no character-class rules), and no password
/// that is common, repetitive or built from the account's own name. Composition rules are switched off in
/// <see cref="IdentitySetup"/>; this validator carries the policy.
/// </summary>
public sealed class PasswordPolicyValidator : IPasswordValidator<ApplicationUser>
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    private static readonly Lazy<HashSet<string>> Blocklist = new(LoadBlocklist);

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password) =>
        Task.FromResult(Validate(password, user.Email ?? user.UserName));

    public static IdentityResult Validate(string? password, string? accountName)
    {
        var errors = Problems(password ?? "", accountName)
            .Select(p => new IdentityError { Code = "PasswordPolicy", Description = p }).ToArray();
        return errors.Length == 0 ? IdentityResult.Success : IdentityResult.Failed(errors);
    }

    public static IEnumerable<string> Problems(string password, string? accountName)
    {
        if (password.Length < MinLength)
            yield return $"Use at least {MinLength} characters; a few unrelated words make a strong, memorable password.";
        if (password.Length > MaxLength)
            yield return $"Use at most {MaxLength} characters.";
        var lower = password.ToLowerInvariant();
        if (Blocklist.Value.Contains(lower))
            yield return "This password is on a list of commonly used or breached passwords; choose another.";
        else if (password.Length > 0 && password.Distinct().Count() <= 3)
            yield return "This password repeats too few characters; choose something less predictable.";
        var local = accountName?.Split('@')[0].ToLowerInvariant();
        if (local is { Length: >= 4 } && lower.Contains(local))
            yield return "The password must not contain your account name.";
    }

    private static HashSet<string> LoadBlocklist()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("GovernancePortal.Core.Identity.common-passwords.txt")!;
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') set.Add(line.Trim().ToLowerInvariant());
        return set;
    }
}
