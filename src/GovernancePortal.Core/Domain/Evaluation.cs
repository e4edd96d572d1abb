namespace GovernancePortal.Core.Domain;

/// <summary>Evidence about one model version: performance, robustness, red-team, bias or security scan.</summary>
public class Evaluation : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public EvaluationKind Kind { get; set; }
    public Guid ModelVersionId { get; set; }
    public ModelVersion? ModelVersion { get; set; }
    /// <summary>The model digest the evaluator actually tested (lets later checks spot a re-registered artifact).</summary>
    public required string TargetSha256 { get; set; }
    public Guid? DatasetVersionId { get; set; }
    public DatasetVersion? DatasetVersion { get; set; }
    public DeploymentEnvironment Environment { get; set; }
    public Dictionary<string, double> Metrics { get; set; } = [];
    public bool Passed { get; set; }
    /// <summary>SHA-256 of the evaluation report artefact.</summary>
    public string? ArtifactSha256 { get; set; }
    public required string Evaluator { get; set; }
    public DateTime EvaluatedAt { get; set; }
    public string Notes { get; set; } = "";
    /// <summary>Reported (numbers posted by a pipeline) unless the portal computed the metrics itself.</summary>
    public EvaluationSource Source { get; set; } = EvaluationSource.Reported;
    /// <summary>The file the metrics were computed from; present exactly when <see cref="Source"/> is Computed.</summary>
    public EvaluationUpload? Upload { get; set; }
}

/// <summary>
/// How a computed evaluation was made: the uploaded file's digest and size, who uploaded it, the parser version and
/// the parameters, so anyone holding the same file can recompute the same numbers. The file itself is kept in the evidence store (EvidenceFile, ADR 0040).
/// </summary>
public class EvaluationUpload : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EvaluationId { get; set; }
    /// <summary>Lower-case hex SHA-256 of the uploaded bytes.</summary>
    public required string Sha256 { get; set; }
    public long SizeBytes { get; set; }
    public required string FileName { get; set; }
    /// <summary>Account id of the uploader (a user id, or the service identity's id for a pipeline).</summary>
    public required string UploadedById { get; set; }
    public required string UploadedByName { get; set; }
    public DateTime UploadedAt { get; set; }
    /// <summary>Which calculator made the numbers, e.g. <c>predictions-csv/1</c>; bumped when any result could change.</summary>
    public required string ParserVersion { get; set; }
    /// <summary>The upload parameters (columns, positive label, privileged groups, minimum group size) as JSON.</summary>
    public required string ParametersJson { get; set; }
    /// <summary>
    /// Robustness from two files: the perturbed predictions file (<see cref="Sha256"/> is the clean one). Both digests are
    /// bound by the promotion gates, so changing either file invalidates signatures. Null for one-file evidence.
    /// </summary>
    public string? PerturbedSha256 { get; set; }
    public long? PerturbedSizeBytes { get; set; }
    public string? PerturbedFileName { get; set; }
}
