using GovernancePortal.Core;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Identity;
using GovernancePortal.Core.Seeding;
using GovernancePortal.Web.Api;
using GovernancePortal.Web.Features.Audit;
using GovernancePortal.Web.Components;
using GovernancePortal.Web.Components.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;

namespace GovernancePortal.Web.Hosting;

public static class PortalSetup
{
    /// <summary>Everything the host needs: database, Identity, authorization policies, Blazor and MudBlazor.</summary>
    public static WebApplicationBuilder AddGovernancePortal(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (!builder.Environment.IsDevelopment() && config["Demo:Password"] == DemoUsers.DefaultPassword)
            throw new InvalidOperationException("Demo:Password is the documented default; outside Development set your own.");

        var database = DatabaseSetup.Resolve(config, builder.Environment.ContentRootPath);
        builder.Services.AddGovernanceCore(database);
        builder.AddFaultInjection();
        // Keys live in the database (ADR 0043): every instance shares one key ring, so a cookie or a webhook secret
        // protected by one instance is read by any other, and a backup of the database holds them.
        builder.Services.AddDataProtection().SetApplicationName("GovernancePortal").PersistKeysToDbContext<GovernanceDbContext>();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddPortalHealthChecks();
        builder.AddPortalTelemetry();

        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<Components.Shared.CurrentCaller>();
        builder.Services.AddScoped<IdentityRedirectManager>();
        builder.Services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        builder.Services.AddAuthentication(o =>
        {
            o.DefaultScheme = ApiSetup.PortalScheme;
            o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        }).AddIdentityCookies();
        new Microsoft.AspNetCore.Authentication.AuthenticationBuilder(builder.Services).AddApiAuthentication();
        builder.Services.Configure<Core.Identity.SignIn.SignInLimits>(config.GetSection(Core.Identity.SignIn.SignInLimits.Section));
        builder.Services.Configure<Core.Features.Evaluations.Computed.ComputedEvidenceOptions>(config.GetSection(Core.Features.Evaluations.Computed.ComputedEvidenceOptions.Section));
        var evidenceFolder = DatabaseSetup.EvidenceFolder(config, database, builder.Environment.ContentRootPath);
        builder.Services.Configure<Core.Features.Evaluations.Files.EvidenceFileStoreOptions>(o => o.FileStore = evidenceFolder);
        builder.Services.AddApiRateLimiting(config);
        builder.Services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/") == true;
            o.AddDocumentTransformer<BearerSecurityScheme>();
        });
        builder.Services.AddApiJson();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "gp.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        // Cookie requests re-check the security stamp every minute, like the circuits do.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        builder.Services.AddIdentityCore<ApplicationUser>(IdentitySetup.Configure)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<GovernanceDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordPolicyValidator>();

        builder.Services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Policies.RolesByPolicy)
                o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            o.AddScopePolicies();
            // Deny by default: anything that does not name a policy needs at least a signed-in user.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        return builder;
    }

    public static WebApplication UseGovernancePortal(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseSecurityHeaders();
        app.UseDatabaseOutagePage();
        app.UseApiErrors();
        app.UseApiBodyLimit();
        // Limits first: token lookups and password hashes must not be free for a flood of guesses.
        app.UseSignInAccountKey();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapPortalHealth();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        Features.Findings.FindingsCsv.MapFindingsCsv(app);
        app.MapAuditExport();
        Features.Evaluations.EvidenceFileDownload.MapEvidenceFileDownload(app);
        app.MapGroup("/api/v1").RequireRateLimiting(ApiLimits.RateLimitPolicy).ValidatePaging().MapModelsApi().MapRegisterApi().MapLineageApi().MapPromotionsApi().MapCardsApi().MapAuditApi().MapFindingsApi().MapEvidenceApi().MapComputedEvidenceApi().MapEvidenceFilesApi().MapMonitoringApi();
        // The API's shape is no secret: pipeline authors read it before they hold a token.
        app.MapOpenApi().AllowAnonymous();
        app.MapApiReference().AllowAnonymous();
        return app;
    }
}
