using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Monitoring;

namespace GovernancePortal.UnitTests.Monitoring;

/// <summary>The batch rule names each bad field by its JSON path; a good batch passes.</summary>
public class ObservationValidationTests
{
    private static readonly ObservedWindow Window = new(new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 1, 10, 1, 0, DateTimeKind.Utc));

    /// <summary>The portal's clock: half an hour after the sample window.</summary>
    private static readonly DateTime Now = new(2026, 12, 1, 10, 30, 0, DateTimeKind.Utc);

    private static ObservationInput Ok(string id = "o1") => new(id, Window, Endpoint: "fraud-scoring", Environment: DeploymentEnvironment.Production,
        Metrics: new() { ["latency_ms"] = 40 }, Samples: new() { ["score"] = [0.1, 0.2] },
        Histograms: new() { ["amount"] = new([0, 10, 100], [3, 4]) });

    private static IReadOnlyDictionary<string, string> Errors(params ObservationInput[] list) =>
        ObservationValidation.Check(new ObservationBatch(list), Now)?.Fields ?? new Dictionary<string, string>();

    [Fact]
    public void AGoodBatch_Passes() => Assert.Empty(Errors(Ok(), Ok("o2") with { EndpointId = Guid.NewGuid(), Endpoint = null, Environment = null }));

    public static TheoryData<ObservationInput, string> Bad => new()
    {
        { Ok() with { Histograms = new() { ["amount"] = new([0, 10, 10], [3, 4]) } }, "observations[1].histograms.amount.edges" },
        { Ok() with { Histograms = new() { ["amount"] = new([0, 10, 100], [3]) } }, "observations[1].histograms.amount.counts" },
        { Ok() with { Histograms = new() { ["amount"] = new([0, 10, 100], [3, -1]) } }, "observations[1].histograms.amount.counts" },
        { Ok() with { Histograms = new() { ["amount"] = new([0, double.PositiveInfinity], [3]) } }, "observations[1].histograms.amount.edges" },
        { Ok() with { Samples = new() { ["score"] = [0.1, double.NaN] } }, "observations[1].samples.score[1]" },
        { Ok() with { Metrics = new() { ["latency_ms"] = double.PositiveInfinity } }, "observations[1].metrics.latency_ms" },
        { Ok() with { Metrics = new() { ["../etc"] = 1 } }, "observations[1].metrics.../etc" },
        { Ok() with { Samples = new() { ["latency_ms"] = [1.0] } }, "observations[1].samples.latency_ms" },
        { Ok() with { Id = "" }, "observations[1].id" },
        { Ok() with { Endpoint = null }, "observations[1].endpoint" },
        { Ok() with { Environment = null }, "observations[1].environment" },
        { Ok() with { Window = new(Window.To, Window.From) }, "observations[1].window.to" },
        { Ok() with { Window = new(Window.From, Window.From.AddHours(2)) }, "observations[1].window" },
        { Ok() with { Window = new(Now.AddMinutes(5), Now.AddMinutes(6)) }, "observations[1].window.to" },
        { Ok() with { Metrics = null, Samples = null, Histograms = null }, "observations[1]" },
        { Ok() with { Samples = new() { ["score"] = new double[ObservationLimits.MaxSamplesPerName + 1] } }, "observations[1].samples.score" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void ABadObservation_IsNamedByItsPath(ObservationInput bad, string path) => Assert.Contains(path, Errors(Ok("first"), bad).Keys);

    [Fact]
    public void TooManyObservations_OrSamplesPerCall_AreRefusedAsAWhole()
    {
        Assert.Contains("observations", Errors([.. Enumerable.Range(0, ObservationLimits.MaxObservations + 1).Select(i => Ok($"o{i}"))]).Keys);
        var big = new double[ObservationLimits.MaxSamplesPerName];
        Assert.Contains("observations", Errors([.. Enumerable.Range(0, 11).Select(i => Ok($"o{i}") with { Samples = new() { ["score"] = big }, Histograms = null })]).Keys);
        Assert.Contains("observations", Errors().Keys);
    }

    [Fact]
    public void WindowAlignment_FilesATimeUnderItsMinute()
    {
        Assert.Equal(new DateTime(2026, 12, 1, 10, 7, 0, DateTimeKind.Utc), WindowAlignment.MinuteOf(new DateTime(2026, 12, 1, 10, 7, 59, 999, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc), WindowAlignment.HourOf(new DateTime(2026, 12, 1, 10, 59, 0, DateTimeKind.Utc)));
    }
}

/// <summary>The lower bound on window.from (ADR 0041): older than the minute retention is refused, naming the field.</summary>
public class ObservationWindowLowerBoundTests
{
    [Fact]
    public void WindowBeforeTheRetentionCutoff_IsRefused_OnWindowFrom_OneAtTheCutoffPasses()
    {
        var now = new DateTime(2026, 12, 10, 10, 30, 0, DateTimeKind.Utc);
        var cutoff = ObservationRetention.Cutoff(new MonitoringOptions { MinuteRetentionDays = 7 }, now);
        Assert.Equal(new DateTime(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc), cutoff);
        ObservationInput At(DateTime from) => new("o", new(from, from.AddMinutes(1)), Endpoint: "e", Environment: DeploymentEnvironment.Production,
            Metrics: new() { ["latency_ms"] = 1 });
        var refused = ObservationValidation.Check(new ObservationBatch([At(cutoff.AddMinutes(-1))]), now, cutoff);
        Assert.Contains("retention", Assert.Contains("observations[0].window.from", refused!.Fields));
        Assert.Null(ObservationValidation.Check(new ObservationBatch([At(cutoff)]), now, cutoff));
    }
}
