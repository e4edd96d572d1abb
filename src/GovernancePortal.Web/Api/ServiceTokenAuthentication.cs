using System.Security.Claims;
using System.Text.Encodings.Web;
using GovernancePortal.Core.Features.ServiceIdentities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Web.Api;

/// <summary>
/// <c>Authorization: Bearer gp_...</c> for /api. Its own scheme, so an API call without a token gets 401
/// (not the cookie scheme's redirect to the login page) and a browser cookie never authorizes an API call.
/// </summary>
public sealed class ServiceTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ServiceIdentityService identities)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ServiceToken";
    public const string ScopeClaim = "scope";
    public const string IdClaim = "service_identity_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken.Of(Context) is not { } bearer) return AuthenticateResult.NoResult();
        var identity = bearer.Hash is null ? null : await identities.AuthenticateHashAsync(bearer.Hash, Context.RequestAborted);
        if (identity is null) return AuthenticateResult.Fail("The token is malformed, unknown, expired or revoked.");
        Claim[] claims =
        [
            new(ClaimTypes.Name, identity.Name), new(IdClaim, identity.Id.ToString()),
            .. identity.Scopes.Select(s => new Claim(ScopeClaim, s)),
        ];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required",
            "Send a valid service token: Authorization: Bearer gp_...", "Bearer");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Missing scope", "This token does not hold the scope this endpoint requires.", null);

    private async Task WriteProblemAsync(int status, string title, string detail, string? challenge)
    {
        Response.StatusCode = status;
        if (challenge is not null) Response.Headers.WWWAuthenticate = challenge;
        await Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);
    }
}
