using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GovernancePortal.Web.Api;

/// <summary>Declares the gp_ bearer token in the OpenAPI document, so the reference page can send it.</summary>
internal sealed class BearerSecurityScheme : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "GovernancePortal API";
        document.Info.Description = "Register models, data, runs, evidence and deployments; send OpenLineage events. Authenticate with a service identity token: Authorization: Bearer gp_...";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "gp_ token", Description = "Service identity token",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
