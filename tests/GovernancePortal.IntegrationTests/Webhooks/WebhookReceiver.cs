using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GovernancePortal.IntegrationTests.Webhooks;

/// <summary>
/// A real HTTP receiver on a free loopback port (minimal Kestrel). Every request is recorded; <see cref="Answer"/>
/// decides the reply from the request and how many times this webhook-id was seen (1 = first delivery), and may hang
/// until <see cref="ReleaseHangs"/> or until the sender gives up.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Id, string Timestamp, string Signature, string Body, int Seen, DateTimeOffset At)
    {
        public string Type => System.Text.Json.JsonDocument.Parse(Body).RootElement.GetProperty("type").GetString()!;
    }

    /// <summary>A status code to answer, or <see cref="Hang"/>.</summary>
    public const int Hang = -1;

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> seen = new();
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int hanging;

    public ConcurrentQueue<Received> Requests { get; } = new();
    public Func<Received, int> Answer { get; set; } = _ => 200;
    public string Url { get; private set; } = "";
    /// <summary>Requests being held open right now.</summary>
    public int Hanging => Volatile.Read(ref hanging);

    private WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapPost("/{**path}", HandleAsync);
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver.app.StartAsync();
        receiver.Url = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var id = context.Request.Headers["webhook-id"].ToString();
        var received = new Received(id, context.Request.Headers["webhook-timestamp"].ToString(),
            context.Request.Headers["webhook-signature"].ToString(), body, seen.AddOrUpdate(id, 1, (_, n) => n + 1), DateTimeOffset.UtcNow);
        Requests.Enqueue(received);
        var status = Answer(received);
        if (status == Hang)
        {
            Interlocked.Increment(ref hanging);
            try { await release.Task.WaitAsync(context.RequestAborted); }
            catch (OperationCanceledException) { return; }
            finally { Interlocked.Decrement(ref hanging); }
            status = 200;
        }
        context.Response.StatusCode = status;
    }

    public void ReleaseHangs() => release.TrySetResult();

    /// <summary>The Standard Webhooks check, written here from the specification (not the portal's signer).</summary>
    public static bool SignatureIsValid(string secret, Received r)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{r.Id}.{r.Timestamp}.{r.Body}")));
        return r.Signature.Split(' ').Any(s => s == "v1," + expected);
    }

    /// <summary>Waits (on a condition, bounded generously) until <paramref name="done"/> holds for the requests.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<IReadOnlyList<Received>, bool> done, string what)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(120); waited += TimeSpan.FromMilliseconds(50))
        {
            var snapshot = Requests.ToList();
            if (done(snapshot)) return snapshot;
            await Task.Delay(50);
        }
        throw new TimeoutException($"The receiver never saw {what}; it saw: {string.Join(", ", Requests.Select(r => $"{r.Type}#{r.Seen}"))}");
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseHangs();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
