using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Data;

/// <summary>
/// Values derived from the EF model alone (SQL text, column plans), built once per model instead of on every call: a
/// built model does not change, and each provider has its own, so the provider's dialect is part of what is cached. The
/// OpenLineage writer needs them once per group, and a group of single events is ~7 events (ADR 0078).
/// </summary>
internal static class ModelCache
{
    public static T Get<T>(DbContext db, string key, Func<DbContext, T> build) where T : class =>
        db.Model.GetOrAddRuntimeAnnotationValue("GovernancePortal:" + key, static arg => arg.Build(arg.Db), (Db: db, Build: build));
}
