using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace GovernancePortal.Core.Features.Compliance;

/// <summary>One version of the control catalogue (YAML as the source of truth, like the promotion policies).</summary>
public class ControlCatalogueVersion : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public int Version { get; set; }
    public required string Yaml { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public string ChangeNote { get; set; } = "";
}

public sealed record Control(string Id, string Framework, string Reference, string Title, IReadOnlyList<string> Evidence);

public sealed record ControlCatalogue(string Name, IReadOnlyList<Control> Controls);

/// <summary>Strict YAML reading of the catalogue: unknown keys and unknown evidence keys are errors with their line.</summary>
public static class ControlCatalogueYaml
{
    private static readonly IDeserializer Reader = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    private sealed class Doc { public string? Name { get; set; } public List<ControlDoc>? Controls { get; set; } }
    private sealed class ControlDoc
    {
        public string? Id { get; set; }
        public string? Framework { get; set; }
        public string? Reference { get; set; }
        public string? Title { get; set; }
        public List<string>? Evidence { get; set; }
    }

    public static Result<ControlCatalogue> Parse(string yaml)
    {
        Doc? doc;
        try { doc = Reader.Deserialize<Doc>(yaml ?? ""); }
        catch (YamlException e) { return Invalid($"line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}"); }
        if (doc is null || string.IsNullOrWhiteSpace(doc.Name)) return Invalid("name is required");
        if (doc.Controls is not { Count: > 0 }) return Invalid("at least one control is required");
        var controls = new List<Control>();
        foreach (var c in doc.Controls)
        {
            if (string.IsNullOrWhiteSpace(c.Id) || string.IsNullOrWhiteSpace(c.Title) || string.IsNullOrWhiteSpace(c.Framework))
                return Invalid("every control needs id, framework and title");
            if (controls.Any(x => x.Id == c.Id)) return Invalid($"control {c.Id} appears twice");
            if (c.Evidence is not { Count: > 0 }) return Invalid($"control {c.Id} lists no evidence");
            var unknown = c.Evidence.Where(e => !EvidenceKeys.IsKnown(e)).ToList();
            if (unknown.Count > 0) return Invalid($"control {c.Id}: unknown evidence {string.Join(", ", unknown)}");
            controls.Add(new Control(c.Id.Trim(), c.Framework.Trim(), c.Reference?.Trim() ?? "", c.Title.Trim(), c.Evidence));
        }
        return new ControlCatalogue(doc.Name.Trim(), controls);
    }

    private static Error Invalid(string why) => new Error.Validation(new Dictionary<string, string> { ["yaml"] = why });

    public static string Default()
    {
        using var stream = typeof(ControlCatalogueYaml).Assembly.GetManifestResourceStream("GovernancePortal.Core.Compliance.controls.yaml")!;
        return new StreamReader(stream).ReadToEnd();
    }
}

/// <summary>The evidence a control can ask for: the portal decides what each key means (<see cref="CoverageService"/>).</summary>
public static class EvidenceKeys
{
    public static readonly IReadOnlyDictionary<string, string> Fixed = new Dictionary<string, string>
    {
        ["performance-evaluation"] = "Performance evaluation passed under the policy in force",
        ["robustness-evaluation"] = "Robustness evaluation passed under the policy in force",
        ["adversarial-evaluation"] = "Red-team (adversarial) evaluation passed under the policy in force",
        ["bias-evaluation"] = "Bias evaluation passed under the policy in force",
        ["security-scan"] = "Security scan passed under the policy in force",
        ["provenance"] = "Producing training run recorded in the lineage",
        ["card-published"] = "An AI Card revision is published",
        ["policy-in-force"] = "A promotion policy covers this risk tier and stage",
        ["approvals-complete"] = "Every required role co-signed an approved promotion",
        ["risk-cosignature"] = "A risk reviewer co-signed an approved promotion",
        ["release-attestation"] = "A signed release attestation can be issued",
        ["audit-chain-verified"] = "The audit chain verifies intact",
        ["no-open-findings"] = "No open integrity finding on the version",
    };

    public const string CardPrefix = "card:";

    public static bool IsKnown(string key) => Fixed.ContainsKey(key) || (key.StartsWith(CardPrefix, StringComparison.Ordinal) && CardSections.IsKnown(key[CardPrefix.Length..]));

    public static string Describe(string key) => Fixed.TryGetValue(key, out var d) ? d
        : key.StartsWith(CardPrefix, StringComparison.Ordinal) ? $"AI Card section \"{CardSectionInfo.Title(key[CardPrefix.Length..])}\" published" : key;
}
