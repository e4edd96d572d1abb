using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GovernancePortal.Core.Data;

/// <summary>
/// Reads whole rows of one entity type from a result set EF Core did not run, and attaches them to the context as if a
/// tracking query had loaded them: the read side of <see cref="BulkInsert"/>, for statements sent several to a round trip
/// (ADR 0069). The row shape has one owner, the EF model: <see cref="SelectList"/> names the columns in the order
/// <see cref="ReadAsync{T}"/> reads them back, and each value goes through the property's converter as EF's would.
/// </summary>
internal static class EntityReader
{
    /// <summary>"SELECT a."Col1", a."Col2", … FROM "Table" AS a": every mapped column of the type, in model order.</summary>
    public static string SelectList(DbContext db, Type clrType, string alias) =>
        $"SELECT {ColumnList(db, clrType, alias)} FROM {TableAndColumn(db, clrType, null).Table} AS {alias}";

    /// <summary>"a."Col1", a."Col2", …": the columns <see cref="ReadAsync{T}"/> reads, for a statement that selects from elsewhere.</summary>
    public static string ColumnList(DbContext db, Type clrType, string alias)
    {
        var type = EntityType(db, clrType);
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        return string.Join(", ", Columns(type).Select(p => $"{alias}.{sql.DelimitIdentifier(p.GetColumnName(table)!)}"));
    }

    /// <summary>The delimited table name and one property's delimited column, for statements over a single column.</summary>
    public static (string Table, string Column) TableAndColumn(DbContext db, Type clrType, string? property)
    {
        var type = EntityType(db, clrType);
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        return (sql.DelimitIdentifier(table.Name, table.Schema), property is null ? "" : sql.DelimitIdentifier(type.FindProperty(property)!.GetColumnName(table)!));
    }

    /// <summary>Every row of the reader's current result set as a tracked, unchanged entity (columns as <see cref="SelectList"/>).</summary>
    public static async Task<List<T>> ReadAsync<T>(DbContext db, DbDataReader reader, CancellationToken ct) where T : class
    {
        var columns = ModelCache.Get(EntityType(db, typeof(T)), db, "GovernancePortal:EntityReader", static (_, type) => Plan(type));
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            // Activator, not new(): entities with required members have no constraint-satisfying constructor; every member is set below.
            var row = Activator.CreateInstance<T>();
            for (var i = 0; i < columns.Length; i++)
            {
                var column = columns[i];
                var stored = reader.IsDBNull(i) ? null : Stored(reader, i, column);
                var value = column.Converter is null || stored is null ? stored : column.Converter.ConvertFromProvider(stored);
                switch (column.Member)
                {
                    case PropertyInfo p: p.SetValue(row, value); break;
                    case FieldInfo f: f.SetValue(row, value); break;
                }
            }
            rows.Add(row);
        }
        // Attached unchanged with these values as the originals: SaveChanges writes only what the caller changes later.
        db.AttachRange(rows);
        return rows;
    }

    /// <summary>How one column is read back: the provider type expected, its typed getter, the converter and the member set.</summary>
    private sealed record Column(Type Expected, MethodInfo TypedGet, ValueConverter? Converter, MemberInfo Member);

    /// <summary>The columns of <see cref="Columns"/> with what reading each needs, worked out once per model (ADR 0078).</summary>
    private static Column[] Plan(IEntityType type) =>
    [
        .. Columns(type).Select(p =>
        {
            var mapping = p.GetTypeMapping();
            var expected = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
            expected = Nullable.GetUnderlyingType(expected) ?? expected;
            return new Column(expected, FieldValue.MakeGenericMethod(expected), mapping.Converter, p.GetMemberInfo(forMaterialization: true, forSet: true));
        }),
    ];

    /// <summary>
    /// The column's value as the provider type the mapping expects. PostgreSQL hands that type back already; SQLite stores
    /// few types (a Guid or DateTime as text, a bool or int as integer), so its reader is asked for the expected type, as
    /// EF's materializer asks.
    /// </summary>
    private static object Stored(DbDataReader reader, int i, Column column)
    {
        var value = reader.GetValue(i);
        return column.Expected.IsInstanceOfType(value) ? value : column.TypedGet.Invoke(reader, [i])!;
    }

    private static readonly MethodInfo FieldValue = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue), [typeof(int)])!;

    private static IEntityType EntityType(DbContext db, Type clrType) =>
        db.Model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not an entity.");

    private static List<IProperty> Columns(IEntityType type)
    {
        var columns = type.GetProperties().ToList();
        if (columns.FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
            throw new InvalidOperationException($"{type.DisplayName()}.{shadow.Name} is a shadow property: rows are read into the object.");
        return columns;
    }
}
