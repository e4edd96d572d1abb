using System.Globalization;
using System.Text.Json;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;
using GovernancePortal.Core.Identity;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>A red-team file to compute adversarial evidence from: garak report JSONL, PyRIT export, or the generic attempts CSV.</summary>
public sealed record ComputeRedTeam(
    string ModelName, string Version, DeploymentEnvironment Environment, Guid? DatasetVersionId, string FileName, RedTeamFormat Format);

public sealed partial class ComputedEvaluationService
{
    /// <summary>
    /// Reads a red-team file and registers its attack success rates (with Wilson intervals) as computed
    /// <see cref="EvaluationKind.Adversarial"/> evidence; a malformed file is refused with its line and nothing is stored (ADR 0033).
    /// </summary>
    public async Task<Result<ComputedEvaluation>> ComputeRedTeamAsync(Caller caller, ComputeRedTeam cmd, EvidenceUpload file, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Editor, "upload evaluations") is { } denied) return denied;
        var errors = new FieldErrors()
            .Check(cmd.Environment is DeploymentEnvironment.Staging or DeploymentEnvironment.Production, "environment", "must be staging or production.")
            .Defined("format", cmd.Format);
        if (errors.Any) return errors.ToError();
        var target = await TargetAsync(cmd.ModelName, cmd.Version, ct);
        if (target.Error is { } missing) return missing;
        var version = target.Value!;

        await using var spool = await file.SpoolAsync(limits.Value.MaxUploadBytes, store.SpoolFolder, ct);
        if (spool is null) return TooLarge("file");

        RedTeamResult? result;
        await using (var stream = File.OpenRead(spool.Path))
        {
            var error = cmd.Format switch
            {
                RedTeamFormat.Garak => GarakReportReader.Read(stream, out result, limits.Value.MaxReportLineChars, ct),
                RedTeamFormat.Pyrit => PyritExportReader.Read(stream, out result, ct),
                _ => AttemptsCsvReader.Read(stream, out result, ct),
            };
            if (error is not null) return Invalid("file", error.ToString());
        }

        var parser = cmd.Format switch
        {
            RedTeamFormat.Garak => GarakReportReader.ParserVersion,
            RedTeamFormat.Pyrit => PyritExportReader.ParserVersion,
            _ => AttemptsCsvReader.ParserVersion,
        };
        return await StoreAsync(caller, version, EvaluationKind.Adversarial, cmd.Environment, cmd.DatasetVersionId, RedTeamMetrics.From(result!),
            spool, cmd.FileName, parser, Parameters(result!), ct, summary: Summary(result!));
    }

    /// <summary>"How this was computed": a flat object of strings, numbers and arrays (the evaluation page lists it).</summary>
    private static string Parameters(RedTeamResult r)
    {
        var p = new Dictionary<string, object?>
        {
            ["format"] = r.Format.ToString().ToLowerInvariant(),
            ["tool"] = r.Tool,
            ["fileKind"] = r.FileKind,
            ["interval"] = "Wilson score, 95 %",
            ["z"] = WilsonInterval.Z,
        };
        if (r.Format == RedTeamFormat.Garak)
        {
            p["garakVersion"] = r.ToolVersion;
            p["targetType"] = r.TargetType;
            p["targetName"] = r.TargetName;
            p["runId"] = r.RunId;
            p["runStartedAt"] = r.RunStartedAt;
            p["digest"] = r.DigestUsed ? "present; its scores used and cross-checked against the eval entries" : "absent; rates from the eval entries";
            p["probeRate"] = "the probe's worst detector";
            p["evalEntries"] = r.Counts.Count;
            if (r.ToolConfidence.Count > 0) p["garakConfidence"] = r.ToolConfidence.ToArray();
        }
        else
        {
            p["successRule"] = r.Format == RedTeamFormat.Pyrit
                ? $"true_false score true, or float_scale score >= {PyritExportReader.FloatScaleThreshold.ToString(CultureInfo.InvariantCulture)}"
                : "outcome success (or 1, true)";
            p["categories"] = r.Counts.Count;
        }
        return JsonSerializer.Serialize(p.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    /// <summary>The evaluation's description: which tool attacked which target.</summary>
    private static string Summary(RedTeamResult r)
    {
        var tool = r.ToolVersion is { } v ? $"{r.Tool} {v}" : r.Tool;
        var target = (r.TargetName, r.TargetType) switch
        {
            ({ } name, { } type) => $" against {name} ({type})",
            ({ } name, null) => $" against {name}",
            (null, { } type) => $" against a {type} target (no name in the report)",
            _ => "",
        };
        var rate = r.Format == RedTeamFormat.Garak ? "" : $" {r.RowsSucceeded} of {r.RowsAttempted} attacks succeeded.";
        return $"Red team by {tool}{target} ({r.Format.ToString().ToLowerInvariant()} file).{rate} ";
    }
}
