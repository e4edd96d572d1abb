using System.Diagnostics;
using System.Net;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace GovernancePortal.IntegrationTests.Hosting;

/// <summary>OpenTelemetry is off by default; with an OTLP endpoint, requests make spans and the portal's counters move.</summary>
public class TelemetryTests
{
    /// <summary>The portal with an OTLP endpoint (nothing listens there) plus in-memory exporters the test reads.</summary>
    private sealed class TelemetryPortal : PortalFactory
    {
        public readonly List<Activity> Spans = [];
        public readonly List<Metric> Metrics = [];

        public TelemetryPortal() => Settings = new() { ["Telemetry:Otlp:Endpoint"] = "http://127.0.0.1:9" };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s
                .ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans))
                .ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(Metrics)));
        }

        // The exporter appends from the exporting thread; a copy is enough for polling.
        public Activity[] SpansNow() => [.. Spans];

        public long CounterSum(string name)
        {
            Services.GetRequiredService<MeterProvider>().ForceFlush();
            long sum = 0;
            foreach (var metric in Metrics.Where(m => m.Name == name))
                foreach (ref readonly var point in metric.GetMetricPoints()) sum = Math.Max(sum, point.GetSumLong());
            return sum;
        }
    }

    [Fact]
    public async Task ByDefault_NoTracerOrMeterProviderIsRegistered()
    {
        await using var factory = new PortalFactory();
        factory.CreateClient().Dispose();
        Assert.Null(factory.Services.GetService<TracerProvider>());
        Assert.Null(factory.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task WithAnEndpoint_ARequestMakesASpan_IngestMovesTheCounter_AndTheFindingsPassIsTraced()
    {
        await using var factory = new TelemetryPortal();
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite);
        var before = factory.CounterSum("portal.ingest.events");

        var runId = Guid.NewGuid();
        var response = await client.PostAsync("/api/v1/lineage", RunEvents.Complete(runId, "telemetry").Body());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The server span ends as the response completes; wait for it rather than for a fixed time.
        Assert.True(await UntilAsync(() => factory.SpansNow().Any(s => s.Kind == ActivityKind.Server
            && (s.GetTagItem("url.path") as string) == "/api/v1/lineage" && (s.GetTagItem("http.response.status_code") as int?) == 200)),
            "a server span for POST /api/v1/lineage");
        // Other tests in this process may ingest too (the counter is process-wide): it moved by at least this event.
        Assert.True(factory.CounterSum("portal.ingest.events") >= before + 1);
        // The ingest raises the register-changed signal; the runner's pass is a span of the portal's own source.
        Assert.True(await UntilAsync(() => factory.SpansNow().Any(s => s.Source.Name == PortalTelemetry.Name && s.DisplayName == "findings.pass")),
            "a findings.pass span");
        Assert.DoesNotContain(factory.SpansNow(), s => (s.GetTagItem("url.path") as string)?.StartsWith("/health") == true);
    }

    private static async Task<bool> UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            await Task.Delay(100);
        }
        return false;
    }
}
