using System.Text;
using System.Text.Json.Nodes;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>OpenLineage RunEvents as pipelines send them, for tests that only need a valid event of some shape.</summary>
public static class RunEvents
{
    public static JsonObject Complete(Guid runId, string job, JsonArray? inputs = null, JsonArray? outputs = null) => new()
    {
        ["eventType"] = "COMPLETE", ["eventTime"] = DateTime.UtcNow.ToString("O"),
        ["producer"] = "https://example.com/integration-tests", ["schemaURL"] = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        ["run"] = new JsonObject { ["runId"] = runId.ToString() },
        ["job"] = new JsonObject { ["namespace"] = "airflow", ["name"] = job },
        ["inputs"] = inputs ?? [], ["outputs"] = outputs ?? [],
    };

    public static StringContent Body(this JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");
}
