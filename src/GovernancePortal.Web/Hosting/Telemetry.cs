using GovernancePortal.Core.Common;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GovernancePortal.Web.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics over OTLP, off unless an endpoint is configured (ADR 0044):
/// <c>Telemetry:Otlp:Endpoint</c> (with <c>Telemetry:Otlp:Protocol</c> grpc, the default, or http/protobuf), or the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>. Without one nothing is registered, so nothing listens and nothing is sent.
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "governance-portal";

    public static string? OtlpEndpoint(IConfiguration config) =>
        config["Telemetry:Otlp:Endpoint"] is { Length: > 0 } own ? own
        : config["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } standard ? standard : null;

    public static WebApplicationBuilder AddPortalTelemetry(this WebApplicationBuilder builder)
    {
        if (OtlpEndpoint(builder.Configuration) is not { } endpoint) return builder;
        var protocol = builder.Configuration["Telemetry:Otlp:Protocol"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"];
        builder.Services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES still apply on top (e.g. an instance name per container).
            .ConfigureResource(r => r.AddService(ServiceName, serviceInstanceId: Environment.MachineName))
            .WithTracing(t => t
                .AddSource(PortalTelemetry.Name)
                // Probes every few seconds would drown the traces that matter.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(m => m
                .AddMeter(PortalTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            // One exporter for every signal; with http/protobuf it appends /v1/traces and /v1/metrics to the base address.
            .UseOtlpExporter(protocol is "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, new Uri(endpoint));
        return builder;
    }
}
