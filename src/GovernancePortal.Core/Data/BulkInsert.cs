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
/// PostgreSQL: one multi-row INSERT per table and chunk (one round trip per chunk instead of one per row).
/// The rows are reported to the register signal like saved ones; they are not audited per row, so callers audit the
/// whole write themselves (as the OpenLineage writer's request summary does).
/// </summary>
internal static class BulkInsert
{
    /// <summary>PostgreSQL allows 65,535 parameters per statement; smaller statements keep each one modest.</summary>
    private const int MaxRowsPerStatement = 500;

    /// <summary>
    /// Inserts each set of rows (one entity type per set, parents before children) in the context's current transaction.
    /// SQLite: a prepared INSERT per set, stepped per row. PostgreSQL: every set's multi-row INSERTs in one command, so
    /// the whole write is one round trip however many tables it touches (what single-event commits pay for).
    /// </summary>
    public static async Task InsertAsync(GovernanceDbContext db, IReadOnlyList<IReadOnlyCollection<object>> sets, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk insert belongs inside the transaction of the write it is part of.");
        var postgres = GovernanceDatabase.ProviderOf(db) == DatabaseProvider.Postgres;
        // PostgreSQL's one command for every set; SQLite steps a statement per set instead (a null is not disposed).
        await using var command = postgres ? transaction.Connection!.CreateCommand() : null;
        if (command is not null) command.Transaction = transaction;
        var statements = new List<string>();
        var written = new List<(IEntityType Type, IReadOnlyCollection<object> Rows)>();
        foreach (var rows in sets.Where(s => s.Count > 0))
        {
            var type = db.Model.FindEntityType(rows.First().GetType()) ?? throw new InvalidOperationException($"{rows.First().GetType().Name} is not an entity.");
            var (head, columns, oneRow) = ModelCache.Get(type, db, "GovernancePortal:BulkInsert", Shape);
            if (command is not null)
                foreach (var chunk in rows.Chunk(MaxRowsPerStatement))
                {
                    var values = new List<string>(chunk.Length);
                    foreach (var row in chunk)
                    {
                        values.Add(Placeholders(command.Parameters.Count, columns.Count));
                        AddParameters(command, columns, row);
                    }
                    statements.Add(head + string.Join(", ", values));
                }
            else
            {
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
            written.Add((type, rows));
        }
        if (command is not null && statements.Count > 0)
        {
            // Npgsql splits the statements and binds each its own parameters: one round trip for the lot, unprepared
            // (a write has a statement or two per table, too few for a server-side plan to pay for itself).
            command.CommandText = string.Join(";\n", statements);
            await command.ExecuteNonQueryAsync(ct);
        }
        foreach (var (type, rows) in written) db.SignalCreated(type, rows);
    }

    /// <summary>One row's placeholders, numbered from <paramref name="first"/>: "(@p0, @p1, …)".</summary>
    private static string Placeholders(int first, int columns) => "(" + string.Join(", ", Enumerable.Range(first, columns).Select(i => $"@p{i}")) + ")";

    /// <summary>One row's values, named after the parameters already on the command, as <see cref="Placeholders"/> numbers them.</summary>
    private static void AddParameters(DbCommand command, List<IProperty> columns, object row)
    {
        foreach (var column in columns) command.Parameters.Add(Parameter(command, column, $"@p{command.Parameters.Count}", row));
    }

    /// <summary>The INSERT's head, its columns in order, and SQLite's whole statement for one row (read from the model once, ADR 0078).</summary>
    private sealed record InsertShape(string Head, List<IProperty> Columns, string OneRow);

    private static InsertShape Shape(DbContext db, IEntityType type)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = type.GetProperties().Where(p => !IsStoreGenerated(p)).ToList();
        if (columns.FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
            throw new InvalidOperationException($"{type.DisplayName()}.{shadow.Name} is a shadow property: the bulk path reads values from the object.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) VALUES ";
        return new(head, columns, head + Placeholders(0, columns.Count));
    }

    /// <summary>The value EF would send: the model's type mapping applies the converter and the provider's parameter type.</summary>
    private static DbParameter Parameter(DbCommand command, IProperty property, string name, object row)
    {
        var value = property.GetGetter().GetClrValue(row);
        if (value is DateTime t) value = StoredTimePrecision.Truncate(t);
        return property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable);
    }

    /// <summary>Integer keys the database numbers (identity / rowid); Guid keys are made by the client and are inserted.</summary>
    private static bool IsStoreGenerated(IProperty p) =>
        p.IsPrimaryKey() && p.ValueGenerated.HasFlag(ValueGenerated.OnAdd) && (p.ClrType == typeof(long) || p.ClrType == typeof(int));
}
