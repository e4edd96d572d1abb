using System.Text.Json.Nodes;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Identity;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

public sealed record IngestResult(int Received, int Accepted, int Duplicates);

/// <summary>
/// Checks a request's RunEvents on the request thread (in parallel across requests), then hands them to the
/// single <see cref="OpenLineageWriter"/>, and answers only once they are committed: an acknowledged event is
/// on disk. A request is all or nothing.
/// </summary>
public sealed class OpenLineageIngestor(OpenLineageWriter writer)
{
    public const int MaxBatch = 10_000;

    public async Task<Result<IngestResult>> IngestAsync(Caller caller, JsonNode? body, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Editor, "send lineage events") is { } denied) return denied;
        var nodes = body is JsonArray array ? array.ToList() : [body];
        if (nodes.Count is 0 or > MaxBatch)
            return Invalid("events", $"send 1 to {MaxBatch:N0} RunEvents (an object or an array of objects)");
        var parsed = new List<ParsedEvent>(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            var (e, problem) = OpenLineageMapping.Parse(nodes[i]);
            if (problem is not null) return Invalid(body is JsonArray ? $"events[{i}]" : "event", problem + "; nothing was stored");
            parsed.Add(e!);
        }
        // A model output registers a model version: that needs models:write, not only lineage:write.
        if (caller.IsService && !caller.Scopes.Contains(ServiceIdentities.Scopes.ModelsWrite) && parsed.Any(e => e.Outputs.Any(o => o.Model is not null)))
            return new Error.Forbidden($"Outputs with the {OpenLineageMapping.ModelFacet} facet register model versions and need the models:write scope; nothing was stored.");
        return await writer.WriteAsync(caller, parsed, ct);
    }

    private static Error Invalid(string field, string message) => new Error.Validation(new Dictionary<string, string> { [field] = message });
}
