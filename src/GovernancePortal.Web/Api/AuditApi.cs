using GovernancePortal.Core.Audit.Checkpoints;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Promotions.Attestation;
using GovernancePortal.Core.Features.ServiceIdentities;

namespace GovernancePortal.Web.Api;

/// <summary>A signed checkpoint of the audit chain head; only <paramref name="Envelope"/> is trusted by a verifier.</summary>
public sealed record AuditCheckpointDto(long Sequence, string HeadHash, DateTime Time, string Reason, string KeyId, DsseEnvelope Envelope)
{
    public static AuditCheckpointDto From(CheckpointRow c) => new(c.Sequence, c.HeadHash, c.Time, c.Reason.ToString(), c.KeyId, c.Envelope);
}

/// <summary>/api/v1/audit: copies of the chain's signed checkpoints, to keep outside the portal's database.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit/checkpoints", ListCheckpointsAsync).RequireScope(Scopes.Read).WithTags("Audit").WithName("ListAuditCheckpoints")
            .WithSummary("Signed checkpoints of the audit chain head, newest first")
            .WithDescription("Each envelope is a DSSE envelope signed with an attestation key (GET /api/v1/attestation-keys). Keep copies; " +
                "`verify-audit --checkpoints FILE` accepts this response saved as a file.")
            .Produces<ListResponse<AuditCheckpointDto>>().ProducesValidationProblem();
        return api;
    }

    private static async Task<IResult> ListCheckpointsAsync(AuditCheckpointService checkpoints, int page = 0, int pageSize = 50)
    {
        var errors = new Dictionary<string, string>();
        if (page < 0) errors["Page"] = "must be 0 or more.";
        if (pageSize is < 1 or > Paging.MaxPageSize) errors["PageSize"] = $"must be from 1 to {Paging.MaxPageSize}.";
        if (errors.Count > 0) return ApiSetup.Problem(new Error.Validation(errors));
        var result = await checkpoints.ListAsync(page, pageSize);
        return TypedResults.Ok(new ListResponse<AuditCheckpointDto>(result.Items.Select(AuditCheckpointDto.From).ToList(), result.Total));
    }
}
