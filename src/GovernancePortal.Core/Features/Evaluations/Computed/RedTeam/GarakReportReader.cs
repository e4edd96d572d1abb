using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;

/// <summary>
/// Reads a garak report (<c>*.report.jsonl</c>) line by line: the run's setup and init (garak version, target), one
/// <c>eval</c> entry per probe and detector (passed of total; bootstrap bounds in newer versions) and, when garak's
/// <c>report_digest</c> has run, the trailing <c>digest</c>, whose scores are preferred and must agree with the counts.
/// Field names of every version since 0.9 are understood (ADR 0033). Any inconsistency names its line.
/// </summary>
public static class GarakReportReader
{
    public const string ParserVersion = "redteam-garak/1";

    // garak writes the digest's pass rate as passed / total in double precision: anything further off is another number.
    private const double Tolerance = 1e-9;

    public static PredictionsError? Read(Stream report, out RedTeamResult? result, CancellationToken ct = default) =>
        Read(report, out result, new ComputedEvidenceOptions().MaxReportLineChars, ct);

    /// <summary>As above; a line longer than <paramref name="maxLineChars"/> is refused naming it, before it is parsed.</summary>
    public static PredictionsError? Read(Stream report, out RedTeamResult? result, int maxLineChars, CancellationToken ct = default)
    {
        result = null;
        var read = new RedTeamResult { Format = RedTeamFormat.Garak, Tool = "garak", FileKind = "jsonl" };
        var pairs = new Dictionary<(string Probe, string Detector), AttackCounts>();
        string? initVersion = null;
        (JsonDocument Doc, long Line)? digest = null;
        using var reader = new StreamReader(report, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        try
        {
            long line = 0;
            var buffer = new StringBuilder();
            while (true)
            {
                var text = ReadLine(reader, buffer, maxLineChars, out var tooLong);
                if (tooLong)
                    return new(line + 1, $"is longer than {maxLineChars:N0} characters (ComputedEvidence:MaxReportLineChars); a garak report holds one entry a line.");
                if (text is null) break;
                if ((++line & 0x3FF) == 0) ct.ThrowIfCancellationRequested();
                if (string.IsNullOrWhiteSpace(text)) continue;
                JsonDocument doc;
                try { doc = JsonDocument.Parse(text); }
                catch (JsonException e) { return new(line, $"is not valid JSON ({e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]})"); }
                var keep = false;
                try
                {
                    var entry = doc.RootElement;
                    if (entry.ValueKind != JsonValueKind.Object || Text(entry, "entry_type") is not { } type)
                        return new(line, "has no 'entry_type': every line of a garak report (*.report.jsonl) has one; the hit log (*.hitlog.jsonl) is not a report.");
                    switch (type)
                    {
                        case "start_run setup":
                            read.ToolVersion ??= Text(entry, "_config.version");
                            read.TargetType ??= Text(entry, "plugins.target_type") ?? Text(entry, "plugins.model_type");
                            read.TargetName ??= Text(entry, "plugins.target_name") ?? Text(entry, "plugins.model_name");
                            read.RunId ??= Text(entry, "transient.run_id");
                            read.RunStartedAt ??= Text(entry, "transient.starttime_iso");
                            break;
                        case "init":
                            initVersion = Text(entry, "garak_version");
                            read.RunId = Text(entry, "run") ?? read.RunId;
                            read.RunStartedAt = Text(entry, "start_time") ?? read.RunStartedAt;
                            break;
                        case "eval":
                            if (Eval(entry, line, pairs, read) is { } invalid) return invalid;
                            break;
                        case "digest":
                            digest?.Doc.Dispose();
                            digest = (doc, line);
                            keep = true;
                            break;
                    }
                }
                finally { if (!keep) doc.Dispose(); }
            }

            if (pairs.Count == 0)
                return new(0, "The report has no 'eval' entries; garak writes one per probe and detector as each probe finishes (an interrupted run has none).");
            read.ToolVersion = initVersion ?? read.ToolVersion;
            if (digest is { } d && Digest(d.Doc.RootElement, d.Line, pairs, read) is { } mismatch) return mismatch;
            if (pairs.Values.All(p => p.Attempts == 0))
                return new(0, "No eval entry scored any attempt (every total is 0): there is no attack success rate to record.");
            read.Counts.AddRange(pairs.Values);
            result = read;
            return null;
        }
        finally { digest?.Doc.Dispose(); }
    }

    /// <summary>
    /// The next line without its end (\n, \r\n or \r), null at the end of the file. Reads at most
    /// <paramref name="max"/> characters of it: a longer line sets <paramref name="tooLong"/> instead of growing a string
    /// as large as the file (<see cref="StreamReader.ReadLine"/> would).
    /// </summary>
    private static string? ReadLine(StreamReader reader, StringBuilder buffer, int max, out bool tooLong)
    {
        buffer.Clear();
        tooLong = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '\n') return buffer.ToString();
            if (c == '\r')
            {
                if (reader.Peek() == '\n') reader.Read();
                return buffer.ToString();
            }
            if (buffer.Length == max)
            {
                tooLong = true;
                return null;
            }
            buffer.Append((char)c);
        }
        return buffer.Length > 0 ? buffer.ToString() : null;
    }

    private static PredictionsError? Eval(JsonElement entry, long line, Dictionary<(string, string), AttackCounts> pairs, RedTeamResult read)
    {
        // Reports before 0.11 prefix plugin names with their kind; garak's own reader strips the prefixes too.
        var probe = Strip(Text(entry, "probe"), "probes.");
        var detector = Strip(Strip(Text(entry, "detector"), "detectors."), "detector.");
        if (probe is null) return new(line, "eval entry has no 'probe'.");
        if (detector is null) return new(line, "eval entry has no 'detector'.");
        if ((RedTeamNames.Problem("probe", probe) ?? RedTeamNames.Problem("detector", detector)) is { } bad) return new(line, bad);
        if (Count(entry, "passed", line, out var passed) is { } e1) return e1;
        if (passed is null) return new(line, "eval entry has no 'passed'.");
        var totalName = entry.TryGetProperty("total_evaluated", out _) ? "total_evaluated" : "total";
        if (Count(entry, totalName, line, out var total) is { } e2) return e2;
        if (total is null) return new(line, "eval entry has neither 'total_evaluated' (garak 0.14 and later) nor 'total' (earlier versions).");
        if (passed > total) return new(line, $"eval entry says {passed} passed of {total} ('{totalName}').");
        if (Count(entry, "fails", line, out var fails) is { } e3) return e3;
        if (fails is { } f && f + passed != total) return new(line, $"eval entry's passed ({passed}) and fails ({f}) do not add up to {totalName} ({total}).");
        if (pairs.TryGetValue((probe, detector), out var first))
            return new(line, $"a second eval entry for probe '{probe}' and detector '{detector}' (the first is on line {first.Line}).");
        if (!pairs.Keys.Any(k => k.Item1 == probe) && pairs.Keys.Select(k => k.Item1).Distinct().Count() >= RedTeamNames.MaxCategories)
            return new(line, $"more than {RedTeamNames.MaxCategories} probes in one report.");

        var counts = new AttackCounts(probe, detector, line) { Attempts = total.Value, Succeeded = total.Value - passed.Value };
        var low = Number(entry, "confidence_lower");
        var high = Number(entry, "confidence_upper");
        if (low is not null || high is not null)
        {
            // garak's bootstrap bounds are for the attack success rate, on a 0-1 scale.
            if (low is not { } l || high is not { } h || l < 0 || h > 1 || l > h)
                return new(line, "eval entry's 'confidence_lower' and 'confidence_upper' must both be numbers with 0 <= lower <= upper <= 1.");
            (counts.ToolLow, counts.ToolHigh) = (l, h);
            if (entry.TryGetProperty("confidence", out var level) && level.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                read.ToolConfidence.Add(level.ToString());
        }
        pairs[(probe, detector)] = counts;
        return null;
    }

    /// <summary>
    /// garak's digest: meta (version, target) and, per probe group, probe and detector, the pass rate (absolute_score =
    /// passed / total) and the probe score (the lowest pass rate over its detectors). Preferred, and cross-checked.
    /// </summary>
    private static PredictionsError? Digest(JsonElement digest, long line, Dictionary<(string, string), AttackCounts> pairs, RedTeamResult read)
    {
        if (digest.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            if (Text(meta, "garak_version") is { } version)
            {
                if (read.ToolVersion is { } stated && stated != version)
                    return new(line, $"the digest is for garak {version}, but the run's init entry says {stated}.");
                read.ToolVersion = version;
            }
            read.TargetType = Text(meta, "target_type") ?? Text(meta, "model_type") ?? read.TargetType;
            read.TargetName = Text(meta, "target_name") ?? Text(meta, "model_name") ?? read.TargetName;
        }
        if (!digest.TryGetProperty("eval", out var groups) || groups.ValueKind != JsonValueKind.Object) return null;
        foreach (var group in groups.EnumerateObject().Where(g => g.Value.ValueKind == JsonValueKind.Object))
            foreach (var probe in group.Value.EnumerateObject().Where(p => p.Name != "_summary" && p.Value.ValueKind == JsonValueKind.Object))
            {
                var scored = new List<AttackCounts>();
                foreach (var detector in probe.Value.EnumerateObject().Where(d => d.Name != "_summary" && d.Value.ValueKind == JsonValueKind.Object))
                {
                    if (Number(detector.Value, "absolute_score") is not { } score) continue;
                    if (!pairs.TryGetValue((probe.Name, detector.Name), out var counts))
                        return new(line, $"the digest scores probe '{probe.Name}' with detector '{detector.Name}', but no eval entry does.");
                    if (counts.Attempts == 0) continue; // garak scores 0/0 as 0; the portal records no rate.
                    var passRate = (double)(counts.Attempts - counts.Succeeded) / counts.Attempts;
                    if (Math.Abs(score - passRate) > Tolerance)
                        return new(line, $"the digest gives probe '{probe.Name}' with detector '{detector.Name}' a pass rate of {F(score)}, but its eval entry (line {counts.Line}) counts {counts.Attempts - counts.Succeeded} passed of {counts.Attempts}.");
                    counts.DigestRate = 1 - score;
                    read.DigestUsed = true;
                    scored.Add(counts);
                }
                if (scored.Count > 0 && probe.Value.TryGetProperty("_summary", out var summary) && Number(summary, "probe_score") is { } probeScore
                    && Math.Abs(probeScore - scored.Min(c => 1 - c.DigestRate!.Value)) > Tolerance)
                    return new(line, $"the digest's probe score for '{probe.Name}' ({F(probeScore)}) is not the lowest pass rate of its detectors.");
            }
        return null;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    private static PredictionsError? Count(JsonElement e, string name, long line, out long? value)
    {
        value = null;
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n) || n < 0)
            return new(line, $"eval entry's '{name}' is {v.GetRawText()}, not a whole number >= 0.");
        value = n;
        return null;
    }

    private static string? Strip(string? name, string prefix) => name is not null && name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;

    private static string F(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
