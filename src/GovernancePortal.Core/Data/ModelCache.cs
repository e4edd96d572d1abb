using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace GovernancePortal.Core.Data;

/// <summary>
/// Values derived from the EF model alone (SQL text, column plans), built once and kept as runtime annotations instead
/// of being rebuilt on every call (ADR 0078): a built model does not change, and each provider has its own, so the
/// provider's dialect is part of what is cached. Model-wide values hang on the model, per-table ones on their entity
/// type, so a lookup on the writer's path is one dictionary read under a constant key.
/// </summary>
internal static class ModelCache
{
    /// <summary>A value of the whole model (the writer's lookup statements).</summary>
    public static T Get<T>(DbContext db, string key, Func<DbContext, T> build) where T : class =>
        Get(db.Model, db, key, build);

    /// <summary>A value of one entity type (its INSERT head, its read plan).</summary>
    public static T Get<T>(IEntityType type, DbContext db, string key, Func<DbContext, IEntityType, T> build) where T : class =>
        type.GetOrAddRuntimeAnnotationValue(key, static arg => arg.Build(arg.Db, arg.Type), (Db: db, Type: type, Build: build));

    private static T Get<T>(IAnnotatable on, DbContext db, string key, Func<DbContext, T> build) where T : class =>
        on.GetOrAddRuntimeAnnotationValue(key, static arg => arg.Build(arg.Db), (Db: db, Build: build));
}
