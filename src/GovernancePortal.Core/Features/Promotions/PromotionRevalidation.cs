using GovernancePortal.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GovernancePortal.Core.Features.Promotions;

/// <summary>
/// Open promotion requests re-bind to changed facts (evidence, cards, integrity findings, policies) whenever the
/// register changes, and expire on the periodic pass: a consumer of the register-changed signal, not a callee of
/// the findings engine.
/// </summary>
public sealed class PromotionRevalidation(ILogger<PromotionRevalidation> logger) : IRegisterChangeConsumer
{
    private static readonly HashSet<string> Watched =
    [
        nameof(Domain.ModelVersion), nameof(Domain.Evaluation), nameof(Domain.LineageEdge), nameof(Domain.TrainingRun), nameof(Domain.AiSystem),
        nameof(Cards.AiCard), nameof(Cards.AiCardRevision), nameof(PromotionPolicy), nameof(Findings.Finding),
    ];

    public string Name => "promotion-revalidation";

    public bool Wants(RegisterChange change) => Watched.Contains(change.EntityType);

    public async Task HandleAsync(IServiceProvider scope, IReadOnlyList<RegisterChange>? changes, CancellationToken ct)
    {
        var rebound = await scope.GetRequiredService<PromotionService>().RevalidateAsync(ct: ct);
        if (rebound > 0) logger.LogInformation("{Count} open promotion request(s) re-bound to changed facts", rebound);
    }
}
