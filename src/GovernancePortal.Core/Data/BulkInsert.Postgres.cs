using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace GovernancePortal.Core.Data;

/// <summary>
/// PostgreSQL: one <c>INSERT INTO t (columns) SELECT * FROM unnest($1::type[], $2::type[], …)</c> per table, a parameter
/// per column holding every row's value (ADR 0086). The statement's text depends on the table only, not on the row count,
/// so the server parses the same text every time and binds a handful of arrays instead of a parameter per value (a batch of
/// 100 realistic events was about 3,500 parameters). Unprepared, like every other statement of the writer: a prepared
/// plan cached on a pooled connection is the trap of ADR 0081.
/// </summary>
internal static partial class BulkInsert
{
    private static async Task InsertOnPostgresAsync(GovernanceDbContext db, DbTransaction transaction, List<(IEntityType Type, IReadOnlyCollection<object> Rows)> sets, CancellationToken ct)
    {
        if (sets.Count == 0) return;
        await using var batch = new NpgsqlBatch((NpgsqlConnection)transaction.Connection!) { Transaction = (NpgsqlTransaction)transaction };
        foreach (var (type, rows) in sets)
        {
            var shape = ModelCache.Get(type, db, "GovernancePortal:BulkInsert:Postgres", ArrayShape);
            var command = new NpgsqlBatchCommand(shape.Sql);
            foreach (var column in shape.Columns) command.Parameters.Add(column.Parameter(rows));
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The statement and how to fill each column's array, read from the model once per entity type.</summary>
    private sealed record PostgresShape(string Sql, List<ArrayColumn> Columns);

    private static PostgresShape ArrayShape(DbContext db, IEntityType type)
    {
        var shape = Shape(db, type);
        var columns = shape.Columns.Select(ArrayColumn.Of).ToList();
        // Cast to the column's type without its length: an explicit cast to varchar(n) cuts a longer value silently, the
        // INSERT's own assignment to the column refuses it (22001), as SaveChanges's would.
        var arrays = string.Join(", ", shape.Columns.Select((p, i) => $"${i + 1}::{p.GetRelationalTypeMapping().StoreTypeNameBase}[]"));
        return new($"{shape.Into} SELECT * FROM unnest({arrays})", columns);
    }

    /// <summary>
    /// One column's array: the values as the type mapping's converter stores them (enum names, JSON text), in an array of the
    /// provider's type (nullable elements where the column is), typed as the mapping types its single parameter, so each value
    /// reaches the column exactly as SaveChanges's parameter would. The SQL cast to the column's base type is for mappings
    /// that leave the type to Npgsql (text into varchar, for instance).
    /// </summary>
    private sealed record ArrayColumn(IProperty Property, Type Element, ValueConverter? Converter, NpgsqlDbType? DbType)
    {
        public static ArrayColumn Of(IProperty property)
        {
            var mapping = property.GetRelationalTypeMapping();
            var provider = mapping.Converter?.ProviderClrType ?? property.ClrType;
            if (provider.IsArray && provider != typeof(byte[]))
                throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} is stored as an array: the bulk path sends a column as one array.");
            // Nullable elements for every value type: a null stays a null (and a NOT NULL column refuses it) instead of
            // becoming the type's default in a T[] array.
            var element = Nullable.GetUnderlyingType(provider) ?? provider;
            if (element.IsValueType) element = typeof(Nullable<>).MakeGenericType(element);
            // The mapping's own parameter type, as it sets it on a parameter it creates; Unknown when it leaves it to Npgsql.
            using var probe = new NpgsqlCommand();
            var typed = (NpgsqlParameter)mapping.CreateParameter(probe, "p", null, nullable: true);
            if (typed.NpgsqlDbType == NpgsqlDbType.Unknown && typed.DataTypeName is not null)
                throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} is typed by name ({typed.DataTypeName}), which the bulk path does not send.");
            return new(property, element, mapping.Converter, typed.NpgsqlDbType == NpgsqlDbType.Unknown ? null : typed.NpgsqlDbType);
        }

        public NpgsqlParameter Parameter(IReadOnlyCollection<object> rows)
        {
            var values = Array.CreateInstance(Element, rows.Count);
            var i = 0;
            foreach (var row in rows)
            {
                var value = StoredValue(Property, row);
                values.SetValue(value is not null && Converter is not null ? Converter.ConvertToProvider(value) : value, i++);
            }
            return DbType is { } type ? new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | type } : new NpgsqlParameter { Value = values };
        }
    }
}
