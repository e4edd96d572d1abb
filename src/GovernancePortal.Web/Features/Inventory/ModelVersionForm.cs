using System.ComponentModel.DataAnnotations;

namespace GovernancePortal.Web.Features.Inventory;

/// <summary>Form model for registering or editing a model version; property names match the service commands.</summary>
public sealed class ModelVersionForm
{
    [Required, StringLength(200)] public string ModelName { get; set; } = "";
    [Required, StringLength(100)] public string Version { get; set; } = "";
    [Required, StringLength(100)] public string Framework { get; set; } = "";
    [Required, StringLength(2000)] public string ArtifactUri { get; set; } = "";

    [Required, RegularExpression("^(sha256:)?[0-9a-fA-F]{64}$", ErrorMessage = "Sha256 must be 64 hexadecimal characters (optionally prefixed sha256:).")]
    public string Sha256 { get; set; } = "";

    [Range(0, long.MaxValue, ErrorMessage = "Size cannot be negative.")] public long? SizeBytes { get; set; }
    public string Tags { get; set; } = "";
    public string? TrainingRunId { get; set; }

    public IReadOnlyList<string> TagList => Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
