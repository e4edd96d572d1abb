using System.Text.Json.Nodes;

namespace GovernancePortal.Core.Features.Webhooks;

/// <summary>The message body: <c>{"type", "timestamp", "data"}</c>, fixed when the message is created so every retry sends the same bytes.</summary>
public static class WebhookBody
{
    public static WebhookMessage Message(Guid endpointId, string type, DateTime occurredAt, string dataJson, string? portalUrl)
    {
        var data = JsonNode.Parse(dataJson) as JsonObject ?? [];
        // Events carry portal paths; with a configured public address they also carry absolute links.
        if (!string.IsNullOrWhiteSpace(portalUrl) && data["path"]?.GetValue<string>() is { } path)
            data["url"] = portalUrl.TrimEnd('/') + path;
        var body = new JsonObject
        {
            ["type"] = type,
            ["timestamp"] = DateTime.SpecifyKind(occurredAt, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            ["data"] = data,
        };
        return new WebhookMessage
        {
            EndpointId = endpointId, EventType = type, Body = body.ToJsonString(), CreatedAt = occurredAt,
            Status = WebhookMessageStatus.Pending, NextAttemptAt = occurredAt,
        };
    }
}
