namespace GovernancePortal.Core.Features.Webhooks;

/// <summary>Delivery settings (section <c>Webhooks</c>); ADR 0029 explains the defaults.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";
    /// <summary>How long one attempt may take before it counts as a timeout (retried).</summary>
    public double TimeoutSeconds { get; set; } = 10;
    public static readonly double[] DefaultRetryDelaysSeconds = [5, 30, 120, 600, 1800, 7200];
    /// <summary>
    /// Delay before retry n (the last one repeats); each is jittered by ±20%. Null means <see cref="DefaultRetryDelaysSeconds"/>
    /// (null rather than the defaults, so a configured list replaces them instead of being appended to them).
    /// </summary>
    public double[]? RetryDelaysSeconds { get; set; }
    /// <summary>Attempts per message, the first included; then the message has failed.</summary>
    public int MaxAttempts { get; set; } = 7;
    /// <summary>Failed messages in a row after which the endpoint is disabled and a finding raised.</summary>
    public int DisableAfterFailedMessages { get; set; } = 5;
    /// <summary>Plain http to localhost/loopback (Development and tests); https everywhere else.</summary>
    public bool AllowHttpLoopback { get; set; }
    /// <summary>The portal's public address; when set, events carry absolute <c>url</c>s besides their paths.</summary>
    public string? PortalUrl { get; set; }
    /// <summary>How often the dispatcher looks for work when nothing wakes it.</summary>
    public double PollSeconds { get; set; } = 15;
    /// <summary>Attempts in flight at once (a hanging receiver holds one slot, not the queue).</summary>
    public int MaxConcurrency { get; set; } = 4;

    public TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(0.01, TimeoutSeconds));

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based), with ±20% jitter so receivers are not hit in lockstep.</summary>
    public TimeSpan RetryDelay(int attempt, Random random)
    {
        var schedule = RetryDelaysSeconds is { Length: > 0 } s ? s : DefaultRetryDelaysSeconds;
        var baseSeconds = schedule[Math.Clamp(attempt - 1, 0, schedule.Length - 1)];
        return TimeSpan.FromSeconds(baseSeconds * (0.8 + 0.4 * random.NextDouble()));
    }
}
