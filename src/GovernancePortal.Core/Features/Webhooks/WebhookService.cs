using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Features.Webhooks;

/// <summary>What an admin types: the secret is optional (the portal generates one when it is empty).</summary>
public sealed record WebhookInput(string Name, string Url, IReadOnlyCollection<string> Events, string? Secret = null);

/// <summary>An endpoint as the admin page lists it (never its secret).</summary>
public sealed record WebhookRow(Guid Id, string Name, string Url, IReadOnlyList<string> Events, bool Enabled, DateTime? DisabledAfterFailuresAt,
    int ConsecutiveFailures, DateTime CreatedAt, string CreatedBy, DateTime SecretRotatedAt);

/// <summary>The secret, shown once: on creation and on rotation.</summary>
public sealed record WebhookSecretShown(Guid Id, string Secret);

/// <summary>Admin-only configuration of outgoing webhooks, its delivery log, and the test event (ADR 0029).</summary>
public sealed class WebhookService(IDbContextFactory<GovernanceDbContext> dbFactory, IDataProtectionProvider protection, IOptions<WebhookOptions> options, TimeProvider time)
{
    internal const string ProtectorPurpose = "GovernancePortal.WebhookSecrets.v1";
    private IDataProtector Protector => protection.CreateProtector(ProtectorPurpose);
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<Result<WebhookSecretShown>> CreateAsync(Caller caller, WebhookInput input, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "configure webhooks") is { } denied) return denied;
        var secret = string.IsNullOrWhiteSpace(input.Secret) ? WebhookSecret.Generate() : input.Secret.Trim();
        if (Validate(input, secret) is { } invalid) return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        if (await db.WebhookEndpoints.AnyAsync(w => w.Name == input.Name.Trim(), ct))
            return new Error.Conflict($"A webhook named '{input.Name.Trim()}' already exists.");
        var endpoint = new WebhookEndpoint
        {
            Name = input.Name.Trim(), Url = input.Url.Trim(), Events = Events(input), ProtectedSecret = Protector.Protect(secret),
            CreatedAt = Now, CreatedBy = caller.Actor.Name, SecretRotatedAt = Now,
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(ct);
        return new WebhookSecretShown(endpoint.Id, secret);
    }

    /// <summary>Changes name, address and events; the secret is kept (rotate it separately).</summary>
    public async Task<Result<Guid>> UpdateAsync(Caller caller, Guid id, WebhookInput input, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "configure webhooks") is { } denied) return denied;
        if (Validate(input, secret: null) is { } invalid) return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        if (await db.WebhookEndpoints.FirstOrDefaultAsync(w => w.Id == id, ct) is not { } endpoint) return new Error.NotFound("Webhook");
        if (await db.WebhookEndpoints.AnyAsync(w => w.Name == input.Name.Trim() && w.Id != id, ct))
            return new Error.Conflict($"A webhook named '{input.Name.Trim()}' already exists.");
        (endpoint.Name, endpoint.Url, endpoint.Events) = (input.Name.Trim(), input.Url.Trim(), Events(input));
        await db.SaveChangesAsync(ct);
        return id;
    }

    /// <summary>A new secret (generated unless given); messages still queued are signed with it from now on.</summary>
    public async Task<Result<WebhookSecretShown>> RotateSecretAsync(Caller caller, Guid id, string? secret = null, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "rotate webhook secrets") is { } denied) return denied;
        var value = string.IsNullOrWhiteSpace(secret) ? WebhookSecret.Generate() : secret.Trim();
        if (WebhookSecret.Problem(value) is { } problem) return new FieldErrors().Check(false, "Secret", problem).ToError();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        if (await db.WebhookEndpoints.FirstOrDefaultAsync(w => w.Id == id, ct) is not { } endpoint) return new Error.NotFound("Webhook");
        endpoint.ProtectedSecret = Protector.Protect(value);
        endpoint.SecretRotatedAt = Now;
        db.AddAuditEvent(new AuditEvent(AuditActions.WebhookSecretRotated, nameof(WebhookEndpoint), id.ToString()));
        await db.SaveChangesAsync(ct);
        return new WebhookSecretShown(id, value);
    }

    /// <summary>Enables (clearing a disable after failures and its count, which resolves the finding) or disables.</summary>
    public async Task<Result<Guid>> SetEnabledAsync(Caller caller, Guid id, bool enabled, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, enabled ? "enable webhooks" : "disable webhooks") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        if (await db.WebhookEndpoints.FirstOrDefaultAsync(w => w.Id == id, ct) is not { } endpoint) return new Error.NotFound("Webhook");
        endpoint.Enabled = enabled;
        if (enabled) (endpoint.DisabledAfterFailuresAt, endpoint.ConsecutiveFailures) = (null, 0);
        db.AddAuditEvent(new AuditEvent(enabled ? AuditActions.WebhookEnabled : AuditActions.WebhookDisabled, nameof(WebhookEndpoint), id.ToString()));
        await db.SaveChangesAsync(ct);
        return id;
    }

    /// <summary>Deletes the endpoint with its queued messages and delivery log (the audit chain keeps its history).</summary>
    public async Task<Result<Guid>> DeleteAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "delete webhooks") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.WebhookEndpoints.FirstOrDefaultAsync(w => w.Id == id, ct) is not { } endpoint) return new Error.NotFound("Webhook");
        await db.WebhookMessages.Where(m => m.EndpointId == id).ExecuteDeleteAsync(ct);
        await db.WebhookAttempts.Where(a => a.EndpointId == id).ExecuteDeleteAsync(ct);
        db.WebhookEndpoints.Remove(endpoint);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return id;
    }

    /// <summary>Queues a <see cref="WebhookEvents.Test"/> message for this endpoint; the delivery log shows what happened.</summary>
    public async Task<Result<Guid>> SendTestAsync(Caller caller, Guid id, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "send webhook test events") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        if (await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct) is not { } endpoint) return new Error.NotFound("Webhook");
        if (!endpoint.Enabled) return new Error.Conflict("The webhook is disabled; enable it before sending a test event.");
        var message = WebhookBody.Message(endpoint.Id, WebhookEvents.Test, Now,
            $$"""{"endpointId":"{{endpoint.Id}}","name":{{System.Text.Json.JsonSerializer.Serialize(endpoint.Name)}},"message":"Test event from GovernancePortal"}""", options.Value.PortalUrl);
        db.WebhookMessages.Add(message);
        db.AddAuditEvent(new AuditEvent(AuditActions.WebhookTestSent, nameof(WebhookEndpoint), id.ToString(), null, message.WebhookId));
        await db.SaveChangesAsync(ct);
        return message.Id;
    }

    public async Task<Result<IReadOnlyList<WebhookRow>>> ListAsync(Caller caller, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "see webhooks") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.WebhookEndpoints.AsNoTracking().OrderBy(w => w.Name).ToListAsync(ct);
        return rows.Select(w => new WebhookRow(w.Id, w.Name, w.Url, w.Events, w.Enabled, w.DisabledAfterFailuresAt, w.ConsecutiveFailures,
            w.CreatedAt, w.CreatedBy, w.SecretRotatedAt)).ToList();
    }

    /// <summary>The delivery log of one endpoint, newest attempt first.</summary>
    public async Task<Result<Page<WebhookAttempt>>> LogAsync(Caller caller, Guid id, int page = 0, int pageSize = 50, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "see webhook deliveries") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var attempts = db.WebhookAttempts.AsNoTracking().Where(a => a.EndpointId == id);
        var total = await attempts.CountAsync(ct);
        var items = await attempts.OrderByDescending(a => a.Id).PageOf(page, pageSize).ToListAsync(ct);
        return new Page<WebhookAttempt>(items, total);
    }

    private Error? Validate(WebhookInput input, string? secret)
    {
        var events = input.Events ?? [];
        var errors = new FieldErrors()
            .Required("Name", input.Name, 100)
            .Check(WebhookUrl.Problem(input.Url, options.Value.AllowHttpLoopback) is null, "Url", WebhookUrl.Problem(input.Url, options.Value.AllowHttpLoopback) ?? "")
            .Check(events.Count > 0, "Events", "choose at least one event.")
            .Check(events.All(WebhookEvents.All.Contains), "Events", $"must be among: {string.Join(", ", WebhookEvents.All)}.");
        if (secret is not null) errors.Check(WebhookSecret.Problem(secret) is null, "Secret", WebhookSecret.Problem(secret) ?? "");
        return errors.Any ? errors.ToError() : null;
    }

    private static List<string> Events(WebhookInput input) => [.. input.Events.Distinct().OrderBy(e => WebhookEvents.All.ToList().IndexOf(e))];
}
