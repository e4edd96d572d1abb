using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.AiSystems;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Attestation;
using GovernancePortal.Core.Features.ServiceIdentities;

namespace GovernancePortal.Web.Api;

public sealed record PromotionApprovalDto(string Role, string Reviewer, DateTime SignedAt, bool Valid, string? InvalidatedReason);

public sealed record PromotionDto(
    Guid Id, string ModelName, string Version, string Sha256, string Use, string Stage, string Status, string RequestedBy,
    DateTime CreatedAt, DateTime? SubmittedAt, DateTime? ClosedAt, string? RejectionReason, string DecisionHash, IReadOnlyList<PromotionApprovalDto> Approvals)
{
    public static PromotionDto From(PromotionRow r) => new(r.Id, r.ModelName, r.Version, r.Sha256, r.Use, r.Stage.ToString(), r.Status.ToString(),
        r.RequestedBy, r.CreatedAt, r.SubmittedAt, r.ClosedAt, r.RejectionReason, r.DecisionHash,
        r.Approvals.Select(a => new PromotionApprovalDto(a.Role.ToString(), a.Reviewer, a.SignedAt, a.Valid, a.InvalidatedReason)).ToList());
}

public sealed record GateCheckDto(string Gate, string Check, string Status, string Reason, IReadOnlyList<EvidenceDto> Evidence);
public sealed record EvidenceDto(string Kind, Guid? Id, string Label);
public sealed record PromotionDetailDto(PromotionDto Promotion, string Justification, bool GatesPass, string CurrentDecisionHash, IReadOnlyList<GateCheckDto> Gates);

public sealed record RequestPromotionBody(string Model, string Version, string Use, string Stage, string? Justification = null);

/// <summary>/api/v1/promotions: pipelines may list, read and ask for promotions; signing is never possible with a token.</summary>
public static class PromotionsApi
{
    public static RouteGroupBuilder MapPromotionsApi(this RouteGroupBuilder api)
    {
        var promotions = api.MapGroup("/promotions").WithTags("Promotions");
        promotions.MapGet("", ListAsync).RequireScope(Scopes.Read).WithName("ListPromotions");
        promotions.MapGet("/{id:guid}", GetAsync).RequireScope(Scopes.Read).WithName("GetPromotion");
        promotions.MapPost("", RequestAsync).RequireScope(Scopes.PromotionsRequest).WithName("RequestPromotion");
        // Public keys are public: a deploy admission check must be able to fetch them without a token.
        api.MapGet("/attestation-keys", KeysAsync).AllowAnonymous().WithTags("Promotions").WithName("GetAttestationKeys");
        return api;
    }

    private static async Task<IResult> ListAsync(PromotionQueries queries, string? status, int page = 0, int pageSize = 50)
    {
        PromotionStatus? filter = null;
        if (status is { Length: > 0 })
        {
            if (!EnumNames.TryParse<PromotionStatus>(status, out var parsed))
                return ApiSetup.Problem(new Error.Validation(new Dictionary<string, string> { ["Status"] = $"must be one of {string.Join(", ", Enum.GetNames<PromotionStatus>())}." }));
            filter = parsed;
        }
        var result = await queries.ListAsync(filter, null, page, pageSize);
        return TypedResults.Ok(new ListResponse<PromotionDto>(result.Items.Select(PromotionDto.From).ToList(), result.Total));
    }

    private static async Task<IResult> GetAsync(Guid id, PromotionQueries queries)
    {
        if (await queries.GatesAsync(id) is not { } d) return ApiSetup.Problem(new Error.NotFound($"Promotion request {id}"));
        return TypedResults.Ok(new PromotionDetailDto(PromotionDto.From(d.Request), d.Justification, d.Gates.AllPassed, d.Gates.DecisionHash,
            d.Gates.Checks.Select(c => new GateCheckDto(c.Gate, c.Check, c.Status.ToString(), c.Reason,
                c.Evidence.Select(e => new EvidenceDto(e.Kind, e.Id, e.Label)).ToList())).ToList()));
    }

    private static async Task<IResult> RequestAsync(RequestPromotionBody body, HttpContext http, PromotionService promotions,
        ModelRegistryService registry, AiSystemService systems)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(body.Model)) errors["Model"] = "is required.";
        if (string.IsNullOrWhiteSpace(body.Version)) errors["Version"] = "is required.";
        if (string.IsNullOrWhiteSpace(body.Use)) errors["Use"] = "is required (the AI system key).";
        if (!EnumNames.TryParse<Stage>(body.Stage, out var stage) || stage is not (Stage.Staging or Stage.Production))
            errors["Stage"] = "must be Staging or Production.";
        if (errors.Count > 0) return ApiSetup.Problem(new Error.Validation(errors));
        if (await registry.FindVersionAsync(body.Model!, body.Version!) is not { } version)
            return ApiSetup.Problem(new Error.NotFound($"Model version {body.Model} {body.Version}"));
        if (await systems.FindByKeyAsync(body.Use!) is not { } use) return ApiSetup.Problem(new Error.NotFound($"AI system '{body.Use}'"));

        var result = await promotions.CreateAsync(ApiSetup.ApiCaller(http.User), new NewPromotion(version.Id, use.Id, stage, body.Justification ?? ""));
        if (!result.Succeeded) return ApiSetup.Problem(result.Error!);
        var promotionsQueries = http.RequestServices.GetRequiredService<PromotionQueries>();
        return TypedResults.Created($"/api/v1/promotions/{result.Value}", PromotionDto.From((await promotionsQueries.FindAsync(result.Value))!));
    }

    // Read-only: the first key is created at start-up (DatabaseSetup), so an anonymous call never writes or decrypts.
    private static async Task<IResult> KeysAsync(AttestationKeyService keys) => TypedResults.Ok(await keys.PublicKeysAsync());
}
