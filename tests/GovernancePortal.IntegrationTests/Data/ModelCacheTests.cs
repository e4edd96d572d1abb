using GovernancePortal.Core.Data;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Data;

/// <summary>
/// <see cref="ModelCache"/>: a value is built once per model and key, whichever context asks (ADR 0078): the writer's
/// lookup SQL and read plans are built on the first group and reused by every later one.
/// </summary>
public class ModelCacheTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public void Value_BuiltOncePerModelAndKey_SharedByEveryContext()
    {
        var key = "test:" + Guid.NewGuid().ToString("N");
        var builds = 0;
        string Build(Microsoft.EntityFrameworkCore.DbContext db) => $"built {++builds} for {db.Model.GetHashCode()}";

        using var first = factory.NewDb();
        using var second = factory.NewDb();
        var a = ModelCache.Get(first, key, Build);
        var b = ModelCache.Get(second, key, Build);

        Assert.Same(a, b);
        Assert.Equal(1, builds);
        Assert.Same(first.Model, second.Model);
        Assert.NotSame(a, ModelCache.Get(first, key + ":other", Build));
        Assert.Equal(2, builds);
    }

    [Fact]
    public void EntityTypeValue_BuiltOncePerType()
    {
        var key = "test:" + Guid.NewGuid().ToString("N");
        var builds = 0;
        string Build(Microsoft.EntityFrameworkCore.DbContext db, Microsoft.EntityFrameworkCore.Metadata.IEntityType type) => $"{++builds}:{type.ClrType.Name}";

        using var first = factory.NewDb();
        using var second = factory.NewDb();
        var datasets = first.Model.FindEntityType(typeof(Core.Domain.Dataset))!;
        var runs = first.Model.FindEntityType(typeof(Core.Domain.TrainingRun))!;

        Assert.Equal("1:Dataset", ModelCache.Get(datasets, first, key, Build));
        Assert.Equal("1:Dataset", ModelCache.Get(second.Model.FindEntityType(typeof(Core.Domain.Dataset))!, second, key, Build));
        Assert.Equal("2:TrainingRun", ModelCache.Get(runs, first, key, Build));
        Assert.Equal(2, builds);
    }
}
