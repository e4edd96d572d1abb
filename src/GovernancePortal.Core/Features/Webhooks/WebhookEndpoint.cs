using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Webhooks;

/// <summary>
/// A receiver the portal notifies of governed events (ADR 0029). Configuration is a governed change (audited); the
/// secret is stored encrypted with Data Protection and withheld from the audit chain.
/// </summary>
public class WebhookEndpoint : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public required string Url { get; set; }
    /// <summary>The <see cref="WebhookEvents"/> types this receiver wants.</summary>
    public List<string> Events { get; set; } = [];
    /// <summary>The <c>whsec_</c> secret, encrypted with Data Protection; withheld from the audit chain.</summary>
    [NotAudited]
    public required string ProtectedSecret { get; set; }
    public bool Enabled { get; set; } = true;
    /// <summary>Set when the portal disabled the endpoint after repeated failures (what the WebhookDisabled finding sees).</summary>
    public DateTime? DisabledAfterFailuresAt { get; set; }
    /// <summary>Messages that failed in a row (all retries spent, or refused); a delivered message resets it.</summary>
    public int ConsecutiveFailures { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime SecretRotatedAt { get; set; }
}

/// <summary>
/// The outbox: one row per event, added in the transaction of the governed write that caused it (a plain insert, no
/// query, so it can neither slow nor fail that write). The dispatcher fans it out to subscribed endpoints and deletes it.
/// </summary>
public class WebhookOutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Type { get; set; }
    /// <summary>The event's <c>data</c> object as JSON (names, ids, paths; never secrets).</summary>
    public required string Data { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum WebhookMessageStatus { Pending, Delivered, Failed }

/// <summary>One event for one endpoint: its id and body are fixed, so every retry is the same message (same webhook-id).</summary>
public class WebhookMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EndpointId { get; set; }
    public required string EventType { get; set; }
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public WebhookMessageStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>The Standard Webhooks <c>webhook-id</c>: stable across retries.</summary>
    public string WebhookId => IdOf(Id);
    public static string IdOf(Guid id) => $"msg_{id:N}";
}

/// <summary>One delivery attempt, as the delivery log shows it (append-only, operational: not in the audit chain).</summary>
public class WebhookAttempt
{
    public long Id { get; set; }
    public Guid EndpointId { get; set; }
    public Guid MessageId { get; set; }
    public required string EventType { get; set; }
    public int Attempt { get; set; }
    public DateTime At { get; set; }
    /// <summary>The receiver's HTTP status; null when no response came (timeout, connection error).</summary>
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public int DurationMs { get; set; }
    /// <summary>Delivered, retry scheduled, or failed for good.</summary>
    public WebhookMessageStatus Outcome { get; set; }
    public DateTime? NextAttemptAt { get; set; }

    public string WebhookId => WebhookMessage.IdOf(MessageId);
}
