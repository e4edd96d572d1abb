using System.Linq.Expressions;
using GovernancePortal.Core.Common;

namespace GovernancePortal.Core.Features.Promotions;

/// <summary>
/// Who may sign a promotion request: the one owner of that rule. The inbox filters with <see cref="Allows"/> in SQL,
/// the review page asks <see cref="PromotionQueries.SigningStateAsync"/> (the same expression), and
/// <see cref="PromotionService.SignAsync"/> applies the same conditions to the request it is about to change. People are
/// compared by user id, never by a name or e-mail (ADR 0013). Whether the person holds a reviewer role at all is an
/// input (<c>roles</c>): screens pass the session's roles, the signing service the roles the database holds now.
/// </summary>
public static class SigningRule
{
    /// <summary>One condition of the rule and the error that explains it when it does not hold.</summary>
    public sealed record Condition(Expression<Func<PromotionRequest, bool>> Holds, Func<PromotionRequest, Error> Refusal)
    {
        private Func<PromotionRequest, bool>? compiled;
        public bool IsMetBy(PromotionRequest r) => (compiled ??= Holds.Compile())(r);
    }

    /// <summary>The requester, or the owner of the pipeline that asked: they may neither sign nor reject (by id).</summary>
    public static Expression<Func<PromotionRequest, bool>> IsRequester(string userId) =>
        r => r.RequestedById == userId || r.RequestedOnBehalfOfId == userId;

    /// <summary>The conditions, in the order a refusal is explained.</summary>
    public static IReadOnlyList<Condition> Conditions(string userId, IReadOnlyCollection<ReviewerRole> roles)
    {
        var wanted = roles.Distinct().ToArray();
        return
        [
            new(r => r.Status == PromotionStatus.Pending,
                r => new Error.Conflict($"The request is {r.Status}; only pending requests are signed.")),
            new(r => r.RequestedById != userId && r.RequestedOnBehalfOfId != userId,
                _ => new Error.Forbidden("You requested this promotion (or own the pipeline that did), so you cannot approve it.")),
            new(r => !r.Approvals.Any(a => a.InvalidatedAt == null && a.ReviewerId == userId),
                r => new Error.Forbidden($"You already signed this request as {r.Approvals.First(a => a.InvalidatedAt == null && a.ReviewerId == userId).Role}; one person signs one role.")),
            // At most one valid signature per role (a unique index), so fewer valid signatures than roles means one is open.
            new(r => r.Approvals.Count(a => a.InvalidatedAt == null && wanted.Contains(a.Role)) < wanted.Length,
                r => wanted.Length == 1 && r.Approvals.FirstOrDefault(a => a.InvalidatedAt == null && a.Role == wanted[0]) is { } taken
                    ? new Error.Conflict($"{taken.Role} is already signed by {taken.ReviewerName}.")
                    : new Error.Conflict(wanted.Length == 0 ? "You hold no reviewer role." : "Your roles have already signed.")),
        ];
    }

    /// <summary>The whole rule as one expression EF translates to SQL (the inbox and its badge count).</summary>
    public static Expression<Func<PromotionRequest, bool>> Allows(string userId, IReadOnlyCollection<ReviewerRole> roles)
    {
        var conditions = Conditions(userId, roles);
        var r = Expression.Parameter(typeof(PromotionRequest), "r");
        var body = conditions.Select(c => new Rebind(c.Holds.Parameters[0], r).Visit(c.Holds.Body)).Aggregate(Expression.AndAlso);
        return Expression.Lambda<Func<PromotionRequest, bool>>(body, r);
    }

    /// <summary>Null when <paramref name="userId"/> may sign <paramref name="request"/> as one of <paramref name="roles"/>; otherwise why not.</summary>
    public static Error? Refusal(PromotionRequest request, string userId, IReadOnlyCollection<ReviewerRole> roles) =>
        Conditions(userId, roles).FirstOrDefault(c => !c.IsMetBy(request))?.Refusal(request);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
