using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace GovernancePortal.Core.Data;

/// <summary>
/// Inserts new rows of one entity type past the change tracker, inside the context's current transaction: the
/// OpenLineage writer's hot rows (ADR 0053). The row shape has one owner, the EF model: table, columns and every value's
/// conversion and parameter type come from the entity type's metadata and type mappings, which is what SaveChanges sends.
/// SQLite: one prepared INSERT per table, executed per row (one statement compile per call instead of one per row).
/// PostgreSQL: one INSERT ... SELECT FROM unnest(column arrays) per table, all in one round trip (BulkInsert.Postgres.cs).
/// The rows are reported to the register signal like saved ones; they are not audited per row, so callers audit the
/// whole write themselves (as the OpenLineage writer's request summary does).
/// </summary>
internal static partial class BulkInsert
{
    /// <summary>
    /// Inserts each set of rows (one entity type per set, parents before children) in the context's current transaction.
    /// SQLite: a prepared INSERT per set, stepped per row. PostgreSQL: one statement per set, every set in one batch, so
    /// the whole write is one round trip however many tables and rows it touches (what single-event commits pay for).
    /// </summary>
    public static async Task InsertAsync(GovernanceDbContext db, IReadOnlyList<IReadOnlyCollection<object>> sets, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk insert belongs inside the transaction of the write it is part of.");
        var written = sets.Where(s => s.Count > 0)
            .Select(rows => (Type: db.Model.FindEntityType(rows.First().GetType()) ?? throw new InvalidOperationException($"{rows.First().GetType().Name} is not an entity."), Rows: rows))
            .ToList();
        if (GovernanceDatabase.ProviderOf(db) == DatabaseProvider.Postgres) await InsertOnPostgresAsync(db, transaction, written, ct);
        else
            foreach (var (type, rows) in written)
            {
                var (_, columns, oneRow) = ModelCache.Get(type, db, "GovernancePortal:BulkInsert", Shape);
                // SQLite: compiled once per set (on the writer's kept connection once, ADR 0079), then only re-bound and
                // stepped for each row.
                await using var statement = await Sqlite.KeptConnection.CommandForAsync(db, oneRow, transaction, ct);
                foreach (var row in rows)
                {
                    statement.Command.Parameters.Clear();
                    AddParameters(statement.Command, columns, row);
                    await statement.Command.ExecuteNonQueryAsync(ct);
                }
            }
        foreach (var (type, rows) in written) db.SignalCreated(type, rows);
    }

    /// <summary>One row's values, named after the parameters already on the command: "@p0, @p1, …" as OneRow numbers them.</summary>
    private static void AddParameters(DbCommand command, List<IProperty> columns, object row)
    {
        foreach (var column in columns)
            command.Parameters.Add(column.GetRelationalTypeMapping().CreateParameter(command, $"@p{command.Parameters.Count}", StoredValue(column, row), column.IsNullable));
    }

    /// <summary>
    /// "INSERT INTO table (columns)", the columns in order, and SQLite's whole statement for one row (read from the model
    /// once, ADR 0078). The columns are every property but a key the database numbers.
    /// </summary>
    private sealed record InsertShape(string Into, List<IProperty> Columns, string OneRow);

    private static InsertShape Shape(DbContext db, IEntityType type)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = type.GetProperties().Where(p => !IsStoreGenerated(p)).ToList();
        if (columns.FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
            throw new InvalidOperationException($"{type.DisplayName()}.{shadow.Name} is a shadow property: the bulk path reads values from the object.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var into = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))})";
        return new(into, columns, $"{into} VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})");
    }

    /// <summary>The property's value as EF stores it, before the type mapping's converter: times cut to the microsecond.</summary>
    private static object? StoredValue(IProperty property, object row)
    {
        var value = property.GetGetter().GetClrValue(row);
        return value is DateTime t ? StoredTimePrecision.Truncate(t) : value;
    }

    /// <summary>Integer keys the database numbers (identity / rowid); Guid keys are made by the client and are inserted.</summary>
    private static bool IsStoreGenerated(IProperty p) =>
        p.IsPrimaryKey() && p.ValueGenerated.HasFlag(ValueGenerated.OnAdd) && (p.ClrType == typeof(long) || p.ClrType == typeof(int));
}
