using System.Diagnostics;
using System.Net;
using System.Text;

namespace GovernancePortal.Core.Features.Webhooks;

/// <summary>What one attempt got: the status (null when no response came), an error, how long it took, and whether to retry.</summary>
public sealed record SendResult(int? StatusCode, string? Error, int DurationMs, bool Delivered, bool Retryable);

/// <summary>Posts one signed message once (the dispatcher decides about retries from the <see cref="SendResult"/>).</summary>
public sealed class WebhookSender(IHttpClientFactory clients)
{
    public const string ClientName = "webhooks";

    public async Task<SendResult> SendAsync(string url, string secret, WebhookMessage message, long timestamp, TimeSpan timeout, CancellationToken stopping)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(message.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", message.WebhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.Sign(secret, message.WebhookId, timestamp, message.Body));
        request.Headers.UserAgent.ParseAdd("GovernancePortal-Webhooks/1.0");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            var ms = (int)clock.ElapsedMilliseconds;
            if (status is >= 200 and < 300) return new(status, null, ms, true, false);
            // 408 and 429 say "later"; other client errors say "never" (a wrong path, a refused signature).
            var retry = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return new(status, $"HTTP {status} {response.ReasonPhrase}".Trim(), ms, false, retry);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new(null, $"Timed out after {timeout.TotalSeconds:0.##} s", (int)clock.ElapsedMilliseconds, false, true);
        }
        catch (HttpRequestException ex)
        {
            return new(null, "Connection failed: " + ex.Message, (int)clock.ElapsedMilliseconds, false, true);
        }
    }
}
