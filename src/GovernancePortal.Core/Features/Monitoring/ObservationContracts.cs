using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Monitoring;

// The ingest contract (POST /api/v1/observations, docs/api.md). Bound straight from JSON: a parameter without a default
// is required, numbers must be JSON numbers (so NaN and Infinity cannot arrive as strings, ADR 0015).

/// <summary>One call: up to <see cref="ObservationLimits.MaxObservations"/> observations, stored together or not at all.</summary>
public sealed record ObservationBatch(IReadOnlyList<ObservationInput> Observations);

/// <summary>
/// What one endpoint saw in one window. The endpoint is named by <paramref name="EndpointId"/>, or by
/// <paramref name="Endpoint"/> + <paramref name="Environment"/> as deployments are reported.
/// </summary>
/// <param name="Id">The producer's id of this observation: sending it again is answered without counting it twice.</param>
/// <param name="Labelled">Carries delayed ground truth (accuracy once labels arrive) rather than label-free values.</param>
public sealed record ObservationInput(
    string Id, ObservedWindow Window, Guid? EndpointId = null, string? Endpoint = null, DeploymentEnvironment? Environment = null,
    Dictionary<string, double>? Metrics = null, Dictionary<string, double[]>? Samples = null,
    Dictionary<string, HistogramInput>? Histograms = null, bool Labelled = false);

public sealed record ObservedWindow(DateTime From, DateTime To);

/// <summary>A pre-binned distribution: n + 1 strictly increasing edges, n non-negative counts.</summary>
public sealed record HistogramInput(double[] Edges, long[] Counts);

public sealed record IngestResult(int Received, int Accepted, int Duplicates, long Samples, int Windows);
