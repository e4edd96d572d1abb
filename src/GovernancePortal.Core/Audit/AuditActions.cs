namespace GovernancePortal.Core.Audit;

/// <summary>
/// Names of explicit audit actions, in one place. Audit entries record what happened; nothing reads them back to
/// decide anything (state other code needs is stored as data). Entity saves are named "{Type}.{Created|Updated|Deleted}".
/// </summary>
public static class AuditActions
{
    public const string DigestConflict = "ModelVersion.DigestConflict";
    public const string ApiRead = "Api.Read";
    public const string OpenLineageIngested = "OpenLineage.Ingested";
    public const string FindingAcknowledged = "Finding.Acknowledged";
    public const string FindingResolved = "Finding.Resolved";
    public const string FindingReopened = "Finding.Reopened";
    public const string FindingSuppressed = "Finding.Suppressed";
    public const string FindingsEvaluated = "Findings.Evaluated";
    public const string WebhookSecretRotated = "Webhook.SecretRotated";
    public const string WebhookEnabled = "Webhook.Enabled";
    public const string WebhookDisabled = "Webhook.Disabled";
    public const string WebhookDisabledAfterFailures = "Webhook.DisabledAfterFailures";
    public const string WebhookTestSent = "Webhook.TestSent";
}
