using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GovernancePortal.Core.Data;

/// <summary>All times are stored as UTC; SQLite hands them back unspecified, so mark them UTC on read.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

public sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
    v => v == null ? null : v.Value.Kind == DateTimeKind.Local ? v.Value.ToUniversalTime() : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc),
    v => v == null ? null : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
