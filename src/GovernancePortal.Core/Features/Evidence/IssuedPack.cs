using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GovernancePortal.Core.Features.Evidence;

/// <summary>What an issued document covers; part of the verify API's contract.</summary>
public enum PackKind { Promotion, ModelVersionHistory, TechnicalDocumentation }

/// <summary>
/// The record of one issued evidence document: verification outside the portal asks "did the portal issue exactly these
/// bytes?", which is a lookup of the file's SHA-256 here. Rows are only ever inserted, and each insert is in the audit chain.
/// </summary>
public class IssuedPack : IAuditable
{
    /// <summary>Printed on every page, e.g. EP-20261201-3F9A2C1B.</summary>
    public required string PackId { get; set; }
    public PackKind Kind { get; set; }
    /// <summary>The promotion request, model version or AI system the pack covers.</summary>
    public Guid SubjectId { get; set; }
    public required string Subject { get; set; }
    public Guid? PromotionId { get; set; }
    /// <summary>Lower-case hex SHA-256 of the PDF.</summary>
    public required string Sha256 { get; set; }
    /// <summary>SHA-256 of the ZIP form, when the pack was issued as one (the PDF inside is the <see cref="Sha256"/> file).</summary>
    public string? ZipSha256 { get; set; }
    public long SizeBytes { get; set; }
    public int Pages { get; set; }
    public required string IssuedBy { get; set; }
    public DateTime IssuedAt { get; set; }
    /// <summary>The audit chain's head when the pack was issued (the pack shows it too).</summary>
    public long AuditHeadSequence { get; set; }
    public required string AuditHeadHash { get; set; }
}

internal sealed class IssuedPackConfiguration : IEntityTypeConfiguration<IssuedPack>
{
    public void Configure(EntityTypeBuilder<IssuedPack> b)
    {
        b.ToTable("IssuedPacks");
        b.HasKey(x => x.PackId);
        b.Property(x => x.PackId).HasMaxLength(40);
        b.Property(x => x.Subject).HasMaxLength(400);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.ZipSha256).HasMaxLength(64);
        b.Property(x => x.IssuedBy).HasMaxLength(256);
        b.Property(x => x.AuditHeadHash).HasMaxLength(64);
        b.HasIndex(x => x.Sha256);
        b.HasIndex(x => x.ZipSha256);
        b.HasIndex(x => new { x.SubjectId, x.IssuedAt });
        b.HasIndex(x => x.IssuedAt);
    }
}
