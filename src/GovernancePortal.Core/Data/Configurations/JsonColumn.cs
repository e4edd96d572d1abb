using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GovernancePortal.Core.Data.Configurations;

/// <summary>Stores a dictionary as a JSON text column (portable across SQLite and PostgreSQL).</summary>
internal static class JsonColumn
{
    public static PropertyBuilder<Dictionary<string, TValue>> AsJson<TValue>(this PropertyBuilder<Dictionary<string, TValue>> property) =>
        property.HasConversion(
            v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
            v => JsonSerializer.Deserialize<Dictionary<string, TValue>>(v, (JsonSerializerOptions?)null) ?? new(),
            new ValueComparer<Dictionary<string, TValue>>(
                (a, b) => JsonSerializer.Serialize(a, (JsonSerializerOptions?)null) == JsonSerializer.Serialize(b, (JsonSerializerOptions?)null),
                v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null).GetHashCode(),
                v => new Dictionary<string, TValue>(v)));
}
