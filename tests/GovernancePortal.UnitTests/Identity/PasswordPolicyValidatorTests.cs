using GovernancePortal.Core.Identity;

namespace GovernancePortal.UnitTests.Identity;

public class PasswordPolicyValidatorTests
{
    [Theory]
    [InlineData("Tulip-Harbor-Lantern-42")]
    [InlineData("purple monkey dishwasher")]
    [InlineData("aaaaaaaaaaab7$%")] // composition is not required, only enough distinct characters
    public void Validate_LongUncommonPassword_Succeeds(string password) =>
        Assert.True(PasswordPolicyValidator.Validate(password, "sam@demo.local").Succeeded);

    [Fact]
    public void Validate_ElevenCharacters_FailsOnLength()
    {
        var result = PasswordPolicyValidator.Validate("Abcdefgh1!x", "sam@demo.local");
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Description.Contains("at least 12"));
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD1234")] // the blocklist is case-insensitive
    [InlineData("qwertyuiop123")]
    [InlineData("correcthorsebatterystaple")]
    public void Validate_CommonPassword_FailsOnBlocklist(string password)
    {
        var result = PasswordPolicyValidator.Validate(password, "sam@demo.local");
        Assert.Contains(result.Errors, e => e.Description.Contains("commonly used"));
    }

    [Fact]
    public void Validate_RepeatedCharacter_Fails() =>
        Assert.False(PasswordPolicyValidator.Validate("zzzzzzzzzzzzzzzz", "sam@demo.local").Succeeded);

    [Fact]
    public void Validate_ContainsAccountName_Fails()
    {
        var result = PasswordPolicyValidator.Validate("my-samantha-secret-42", "samantha@bank.example");
        Assert.Contains(result.Errors, e => e.Description.Contains("account name"));
    }

    [Fact]
    public void Validate_DemoDefaultPassword_PassesSoTheDemoCanSeed() =>
        Assert.True(PasswordPolicyValidator.Validate(GovernancePortal.Core.Seeding.DemoUsers.DefaultPassword, "scientist@demo.local").Succeeded);
}
