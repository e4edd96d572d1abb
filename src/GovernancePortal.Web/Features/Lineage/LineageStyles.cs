using GovernancePortal.Core.Domain;

namespace GovernancePortal.Web.Features.Lineage;

/// <summary>
/// Colours and shapes of the lineage graph. The CSS is written into the SVG itself (scoped under .lineage-svg) so an
/// exported file looks the same outside the portal; the palette follows PortalTheme (indigo, teal, error red).
/// </summary>
public static class LineageStyles
{
    public sealed record Look(string Stroke, string Fill, double Radius, string Name);

    public static Look Of(NodeType type) => type switch
    {
        NodeType.DatasetVersion => new("#00897b", "#e0f2f1", 16, "Dataset version"),
        NodeType.TrainingRun => new("#8e24aa", "#f3e5f5", 3, "Training run"),
        NodeType.ModelVersion => new("#3949ab", "#e8eaf6", 8, "Model version"),
        NodeType.Evaluation => new("#0277bd", "#e1f5fe", 0, "Evaluation"),
        _ => new("#6d4c41", "#efebe9", 26, "Endpoint"),
    };

    /// <summary>A small glyph per type inside the coloured strip (16×16 box centred on the origin), so shape is not colour alone.</summary>
    public static string Glyph(NodeType type) => type switch
    {
        NodeType.DatasetVersion => "M-6,-5 a6,2.5 0 1,0 12,0 a6,2.5 0 1,0 -12,0 v10 a6,2.5 0 0,0 12,0 v-10",
        NodeType.TrainingRun => "M-4,-6 L6,0 L-4,6 Z",
        NodeType.ModelVersion => "M0,-7 L6,-3.5 L6,3.5 L0,7 L-6,3.5 L-6,-3.5 Z",
        NodeType.Evaluation => "M-5,-6 h10 v12 h-10 Z M-2,-2 h4 M-2,2 h4",
        _ => "M-6,0 a6,6 0 1,0 12,0 a6,6 0 1,0 -12,0 M-2,0 a2,2 0 1,0 4,0 a2,2 0 1,0 -4,0",
    };

    public sealed record EvaluationVerdict(string Word, string Class, string Glyph, string Colour);

    private static readonly EvaluationVerdict PassedVerdict = new("passed", "passed", "M-6,0 L-2,5 L6,-5", "#2e7d32");
    private static readonly EvaluationVerdict FailedVerdict = new("failed", "failed", "M-5,-5 L5,5 M5,-5 L-5,5", "#c62828");

    /// <summary>An evaluation's outcome: a green tick or a red cross (shape, colour and word, never colour alone).</summary>
    public static EvaluationVerdict? Verdict(bool? passed) => passed switch
    {
        true => PassedVerdict,
        false => FailedVerdict,
        null => null,
    };

    public static string StageColour(Stage stage) => stage switch
    {
        Stage.Production => "#2e7d32",
        Stage.Staging => "#0288d1",
        Stage.Retired => "#616161",
        _ => "#757575",
    };

    public const string Css = """
        .lineage-svg { font-family: Inter, "Segoe UI", Roboto, Arial, sans-serif; user-select: none; }
        .lineage-svg .edge path.line { fill: none; stroke: #9096a8; stroke-width: 1.5; }
        .lineage-svg .edge path.hit { fill: none; stroke: transparent; stroke-width: 12; }
        .lineage-svg .edge:hover path.line { stroke: #3949ab; stroke-width: 2.5; }
        .lineage-svg .node { cursor: pointer; outline: none; }
        .lineage-svg .node .box { stroke-width: 1.5; }
        .lineage-svg .node:hover .box, .lineage-svg .node:focus-visible .box { stroke-width: 3; }
        .lineage-svg .node:focus-visible .focus { stroke: #ff8f00; stroke-width: 2; stroke-dasharray: 4 3; fill: none; }
        .lineage-svg .node.root .box { stroke-width: 3; }
        .lineage-svg .node.more .box { fill: #fafafa; stroke: #9e9e9e; stroke-dasharray: 5 3; }
        .lineage-svg .node.selected .box { stroke: #ff8f00; stroke-width: 3; }
        .lineage-svg .label { font-size: 12.5px; font-weight: 600; fill: #1f2330; }
        .lineage-svg .kind { font-size: 11px; fill: #5f6473; }
        .lineage-svg .more .label { font-weight: 500; fill: #424242; }
        .lineage-svg .badge-text { font-size: 10px; fill: #fff; }
        .lineage-svg .stage-Production { font-weight: 700; }
        .lineage-svg .verdict { font-weight: 700; }
        .lineage-svg .node-Evaluation.failed .box { stroke: #c62828; }
        .lineage-svg .finding circle { fill: #c62828; stroke: #fff; stroke-width: 1.5; }
        .lineage-svg .finding text { font-size: 11px; font-weight: 700; fill: #fff; }
        .lineage-svg.has-path .node:not(.on-path), .lineage-svg.has-path .edge:not(.on-path) { opacity: .3; }
        .lineage-svg .edge.on-path path.line { stroke: #ff8f00; stroke-width: 3; }
        .lineage-svg .node.on-path .box { stroke: #ff8f00; stroke-width: 3; }
        """;
}
