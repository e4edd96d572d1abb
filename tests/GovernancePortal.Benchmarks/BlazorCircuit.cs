using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// One Blazor Server circuit driven over the hub protocol, as blazor.web.js drives it, without a browser:
/// StartCircuit with no initial components, then (once the server has attached its renderer through JS interop)
/// UpdateRootComponents adding the prerendered page's server markers. Every render batch is acknowledged at once
/// (the server holds further batches after 10 unacknowledged ones) and every JS interop call is answered with a
/// plausible empty result (a fresh object reference for <c>import</c>), so no component waits for a browser that is
/// not there. A navigation is <c>OnLocationChanged(uri, null, intercepted: true)</c>, what a click on a link sends.
/// </summary>
public sealed class BlazorCircuit : IAsyncDisposable
{
    private const string AttachRenderer = "Blazor._internal.attachWebRendererInterop";
    private readonly HubConnection connection;
    private readonly Uri baseUri;
    private readonly Action<string>? trace;
    private readonly TaskCompletionSource attached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource rootsAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Expectation? expectation;
    private long jsObjects;
    private string? error;

    public static long Batches, BatchBytes, InteropCalls;

    private BlazorCircuit(Uri baseUri, CookieContainer cookies, TimeSpan patience, Action<string>? trace)
    {
        (this.baseUri, this.trace) = (baseUri, trace);
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, "_blazor"), HttpTransportType.WebSockets, o => o.Cookies = cookies)
            // A busy machine can hold the server's keep-alive ping back for longer than the default 30 s: a dropped
            // connection would be counted as failures of the portal, when the patience per interaction is the rule.
            .WithServerTimeout(patience);
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol());
        connection = builder.Build();
        connection.On<long, byte[]>("JS.RenderBatch", OnRenderBatchAsync);
        connection.On<long, string, string, int, long, int>("JS.BeginInvokeJS", OnBeginInvokeJSAsync);
        connection.On<long>("JS.EndUpdateRootComponents", _ => rootsAdded.TrySetResult());
        connection.On<string>("JS.Error", message => Fail($"the server reported: {message}"));
        connection.Closed += ex => { Fail($"connection closed: {ex?.Message ?? "by the server"}"); return Task.CompletedTask; };
    }

    /// <summary>GETs <paramref name="page"/> (prerendered), opens a circuit on its markers and waits for its first renders.</summary>
    public static async Task<BlazorCircuit> OpenAsync(HttpClient http, CookieContainer cookies, Uri page, TimeSpan patience, Action<string>? trace = null)
    {
        var prerendered = await BlazorPage.GetAsync(http, page);
        var baseUri = new Uri(page, "/");
        var circuit = new BlazorCircuit(baseUri, cookies, patience, trace);
        try
        {
            await circuit.connection.StartAsync();
            var id = await circuit.connection.InvokeAsync<string?>("StartCircuit", baseUri.ToString(), page.ToString(), "[]", prerendered.ApplicationState)
                .WaitAsync(patience);
            if (id is null) throw new InvalidOperationException($"StartCircuit refused: {circuit.error}");
            await Within(circuit.attached.Task, patience, $"the server never called {AttachRenderer}");
            var operations = new JsonArray(prerendered.Markers.Select((marker, i) =>
                (JsonNode)new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker.DeepClone() }).ToArray());
            var batch = new JsonObject { ["batchId"] = 1, ["operations"] = operations };
            await circuit.connection.SendAsync("UpdateRootComponents", batch.ToJsonString(), prerendered.ApplicationState);
            await Within(circuit.rootsAdded.Task, patience, "the server never confirmed the root components (JS.EndUpdateRootComponents)");
            if (circuit.error is not null) throw new InvalidOperationException(circuit.error);
            return circuit;
        }
        catch
        {
            await circuit.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Navigates in the circuit and returns the time from sending the navigation to the render batch that completed
    /// <paramref name="texts"/> (every one seen in some batch since); throws once <paramref name="patience"/> has
    /// passed without them, or at once when the circuit fails or its connection closes.
    /// </summary>
    public async Task<TimeSpan> NavigateAsync(string path, string[] texts, TimeSpan patience)
    {
        var wanted = new Expectation(texts);
        Volatile.Write(ref expectation, wanted);
        var started = Stopwatch.GetTimestamp();
        if (error is not null) throw new InvalidOperationException($"{path}: {error}");
        await connection.SendAsync("OnLocationChanged", new Uri(baseUri, path.TrimStart('/')).ToString(), null, true);
        try
        {
            return Stopwatch.GetElapsedTime(started, await wanted.Done.Task.WaitAsync(patience));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{path}: not in any render batch within {patience.TotalSeconds:F0} s: {wanted.Missing}");
        }
        finally
        {
            Interlocked.CompareExchange(ref expectation, null, wanted);
        }
    }

    private async Task OnRenderBatchAsync(long batchId, byte[] batch)
    {
        Interlocked.Increment(ref Batches);
        Interlocked.Add(ref BatchBytes, batch.Length);
        Volatile.Read(ref expectation)?.See(batch);
        trace?.Invoke($"batch {batchId}: {batch.Length} bytes: {Printable(batch)}");
        await connection.SendAsync("OnRenderCompleted", batchId, null);
    }

    private async Task OnBeginInvokeJSAsync(long handle, string identifier, string argsJson, int resultType, long targetInstanceId, int callType)
    {
        Interlocked.Increment(ref InteropCalls);
        trace?.Invoke($"js {handle}: {identifier} (result type {resultType}, target {targetInstanceId}, call type {callType})");
        if (handle != 0)
        {
            // JSCallResultType 1 asks for an object reference (a module from "import"): later calls name it as their target.
            var result = resultType == 1 ? $"{{\"__jsObjectId\":{Interlocked.Increment(ref jsObjects)}}}" : "null";
            await connection.SendAsync("EndInvokeJSFromDotNet", handle, true, $"[{handle},true,{result}]");
        }
        if (identifier == AttachRenderer) attached.TrySetResult();
    }

    private void Fail(string reason)
    {
        error ??= reason;
        Volatile.Read(ref expectation)?.Done.TrySetException(new InvalidOperationException(reason));
        attached.TrySetException(new InvalidOperationException(reason));
        rootsAdded.TrySetException(new InvalidOperationException(reason));
    }

    private static async Task Within(Task task, TimeSpan patience, string what)
    {
        try { await task.WaitAsync(patience); }
        catch (TimeoutException) { throw new TimeoutException($"{what} within {patience.TotalSeconds:F0} s"); }
    }

    /// <summary>The batch's readable runs (its string table is UTF-8), for choosing the texts a step waits for.</summary>
    private static string Printable(byte[] batch) =>
        string.Join(" | ", Regex.Split(Encoding.UTF8.GetString(batch), "[\\p{Cc}\\uFFFD]+").Where(s => s.Trim().Length >= 4));

    public async ValueTask DisposeAsync() => await connection.DisposeAsync();

    private sealed class Expectation(string[] texts)
    {
        private readonly byte[][] wanted = texts.Select(Encoding.UTF8.GetBytes).ToArray();
        private readonly bool[] seen = new bool[texts.Length];
        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void See(byte[] batch)
        {
            lock (seen)
            {
                for (var i = 0; i < wanted.Length; i++) seen[i] |= batch.AsSpan().IndexOf(wanted[i]) >= 0;
                if (seen.All(s => s)) Done.TrySetResult(Stopwatch.GetTimestamp());
            }
        }

        public string Missing { get { lock (seen) return string.Join(", ", texts.Where((_, i) => !seen[i]).Select(t => $"'{t}'")); } }
    }
}
