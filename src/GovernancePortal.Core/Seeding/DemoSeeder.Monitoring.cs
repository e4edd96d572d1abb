using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core.Seeding;

public sealed partial class DemoSeeder
{
    /// <summary>Minutes of staging traffic (the baseline) and of production traffic (the last hours before now).</summary>
    private const int StagingMinutes = 120, ProductionMinutes = 180, ShiftMinutesAgo = 75, SamplesPerMinute = 60;

    /// <summary>
    /// The monitoring story (issue 15): fraud-gbt 4.3.0 scored card transactions on staging two days ago; production has
    /// scored them for the last three hours. 75 minutes ago a terminal firmware roll-out changed how card-present
    /// transactions are reported (fewer chip reads, more fallback swipes), so the model sees riskier-looking inputs: the
    /// score distribution shifts up, the drift finding opens through the engine and shows on the dashboard. Transaction
    /// amounts and latency stay as they were. Written through the ingest service like a pipeline; seeded Random, small.
    /// </summary>
    private async Task SeedMonitoringAsync(CancellationToken ct)
    {
        var ingest = services.GetRequiredService<ObservationIngest>();
        var random = new Random(15);
        var now = WindowAlignment.MinuteOf(time.GetUtcNow().UtcDateTime);
        var stagingStart = now.AddDays(-2).AddMinutes(-StagingMinutes);
        await SendAsync(ingest, "staging", DeploymentEnvironment.Staging, stagingStart, StagingMinutes, _ => false, random, ct);
        await SendAsync(ingest, "production", DeploymentEnvironment.Production, now.AddMinutes(-ProductionMinutes), ProductionMinutes,
            minute => minute >= now.AddMinutes(-ShiftMinutesAgo), random, ct);
    }

    private static async Task SendAsync(ObservationIngest ingest, string tag, DeploymentEnvironment environment, DateTime start, int minutes,
        Func<DateTime, bool> shifted, Random random, CancellationToken ct)
    {
        var batch = new List<ObservationInput>();
        for (var m = 0; m < minutes; m++)
        {
            var from = start.AddMinutes(m);
            var after = shifted(from);
            // Card-present share drops from ~62% to ~35% after the roll-out; fallback swipes look riskier to the model.
            var scores = new double[SamplesPerMinute];
            var amounts = new double[SamplesPerMinute];
            for (var i = 0; i < SamplesPerMinute; i++)
            {
                var cardPresent = random.NextDouble() < (after ? 0.35 : 0.62);
                var logit = Normal(random, cardPresent ? -2.6 : (after ? -0.9 : -1.6), 0.9);
                scores[i] = Math.Round(1 / (1 + Math.Exp(-logit)), 4);
                amounts[i] = Math.Round(Math.Exp(Normal(random, 3.6, 0.8)), 2);
            }
            batch.Add(new ObservationInput($"demo-{tag}-{from:yyyyMMddHHmm}", new(from, from.AddMinutes(1)), Endpoint: "fraud-scoring", Environment: environment,
                Metrics: new() { ["latency_ms"] = Math.Round(Normal(random, 42, 3), 1) },
                Samples: new() { ["score"] = scores, ["amount"] = amounts }));
            if (batch.Count == 60 || m == minutes - 1)
            {
                Ok(await ingest.IngestAsync(Seeder, new ObservationBatch(batch), ct), "observations " + tag);
                batch = [];
            }
        }
    }

    private static double Normal(Random random, double mean, double sd) =>
        mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
