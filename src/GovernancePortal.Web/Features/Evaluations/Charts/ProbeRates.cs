namespace GovernancePortal.Web.Features.Evaluations.Charts;

/// <summary>A red-team attack success rate with its 95 % Wilson interval and counts, when reported.</summary>
public sealed record ProbeRate(string Probe, double Rate, double? Low, double? High, double? Attempts, double? Succeeded);

/// <summary>The red-team rates of an evaluation: overall and per probe (not per probe and detector).</summary>
public sealed record ProbeRates(ProbeRate? Overall, IReadOnlyList<ProbeRate> Probes)
{
    public static ProbeRates From(IReadOnlyDictionary<string, double> m)
    {
        var probes = MetricNames.Suffixes(m, "attack_success_rate").Where(p => !p.Contains('/'))
            .OrderBy(p => p, StringComparer.Ordinal).Select(p => Rate(m, p, ":" + p)).ToList();
        var overall = m.ContainsKey("attack_success_rate") ? Rate(m, "overall", "") : null;
        return new ProbeRates(overall, probes);
    }

    /// <summary>
    /// The rates of <paramref name="probe"/>'s detectors (garak's <c>:{probe}/{detector}</c> metrics), by detector name;
    /// <see cref="ProbeRate.Probe"/> holds the detector. Empty for tools without detectors.
    /// </summary>
    public static IReadOnlyList<ProbeRate> Detectors(IReadOnlyDictionary<string, double> m, string probe) =>
        MetricNames.Suffixes(m, "attack_success_rate").Where(s => s.StartsWith(probe + "/", StringComparison.Ordinal))
            .OrderBy(s => s, StringComparer.Ordinal).Select(s => Rate(m, s[(probe.Length + 1)..], ":" + s)).ToList();

    private static ProbeRate Rate(IReadOnlyDictionary<string, double> m, string probe, string suffix) =>
        new(probe, m["attack_success_rate" + suffix], MetricNames.Get(m, "attack_success_rate_ci_low" + suffix),
            MetricNames.Get(m, "attack_success_rate_ci_high" + suffix), MetricNames.Get(m, "attempts" + suffix), MetricNames.Get(m, "attacks_succeeded" + suffix));

    public bool Any => Overall is not null || Probes.Count > 0;
}
