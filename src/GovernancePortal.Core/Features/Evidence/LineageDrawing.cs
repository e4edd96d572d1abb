using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage.Layout;
using GovernancePortal.Core.Pdf;
using SkiaSharp;

namespace GovernancePortal.Core.Features.Evidence;

/// <summary>
/// The lineage diagram of the graph view, drawn from the same <see cref="LineageLayout"/> (LayeredLayout) as vectors,
/// with node labels as real text. Colours follow the web view's palette (LineageStyles).
/// </summary>
public static class LineageDrawing
{
    private static (SKColor Stroke, SKColor Fill, float Radius, string Name) Look(NodeType type) => type switch
    {
        NodeType.DatasetVersion => (SKColor.Parse("#00897b"), SKColor.Parse("#e0f2f1"), 16, "Dataset version"),
        NodeType.TrainingRun => (SKColor.Parse("#8e24aa"), SKColor.Parse("#f3e5f5"), 3, "Training run"),
        NodeType.ModelVersion => (SKColor.Parse("#3949ab"), SKColor.Parse("#e8eaf6"), 8, "Model version"),
        NodeType.Evaluation => (SKColor.Parse("#0277bd"), SKColor.Parse("#e1f5fe"), 0, "Evaluation"),
        _ => (SKColor.Parse("#6d4c41"), SKColor.Parse("#efebe9"), 26, "Endpoint"),
    };

    public static Drawing Of(LineageLayout layout, string caption)
    {
        var fonts = PdfFonts.Shipped;
        return new Drawing((float)layout.Width, (float)layout.Height, c =>
        {
            using var edgePaint = new SKPaint { Color = SKColor.Parse("#9096a8"), Style = SKPaintStyle.Stroke, StrokeWidth = 1.4f, IsAntialias = true };
            using var arrowPaint = new SKPaint { Color = SKColor.Parse("#9096a8"), Style = SKPaintStyle.Fill, IsAntialias = true };
            foreach (var e in layout.Edges)
            {
                // SkiaSharp 4 prefers SKPathBuilder, but the mutable SKPath still works and reads plainly here.
#pragma warning disable CS0618
                if (e.Points.Count < 2) continue;
                using var path = new SKPath();
                path.MoveTo((float)e.Points[0].X, (float)e.Points[0].Y);
                foreach (var p in e.Points.Skip(1)) path.LineTo((float)p.X, (float)p.Y);
                c.DrawPath(path, edgePaint);
                var (a, b) = (e.Points[^2], e.Points[^1]);
                var angle = (float)Math.Atan2(b.Y - a.Y, b.X - a.X);
                using var head = new SKPath();
                head.MoveTo((float)b.X, (float)b.Y);
                head.LineTo((float)(b.X - 8 * Math.Cos(angle - 0.4)), (float)(b.Y - 8 * Math.Sin(angle - 0.4)));
                head.LineTo((float)(b.X - 8 * Math.Cos(angle + 0.4)), (float)(b.Y - 8 * Math.Sin(angle + 0.4)));
                head.Close();
#pragma warning restore CS0618
                c.DrawPath(head, arrowPaint);
            }
            var label = new SKFont(fonts.Bold, 11);
            var kind = new SKFont(fonts.Regular, 9.5f);
            foreach (var n in layout.Nodes)
            {
                var look = Look(n.Node.Type);
                var rect = SKRect.Create((float)n.X, (float)n.Y, (float)n.Width, (float)n.Height);
                var r = Math.Min(look.Radius, rect.Height / 2);
                using var fill = new SKPaint { Color = look.Fill, Style = SKPaintStyle.Fill, IsAntialias = true };
                using var stroke = new SKPaint { Color = look.Stroke, Style = SKPaintStyle.Stroke, StrokeWidth = n.Node.IsRoot ? 3f : 1.4f, IsAntialias = true };
                c.DrawRoundRect(rect, r, r, fill);
                c.DrawRoundRect(rect, r, r, stroke);
                using var ink = new SKPaint { Color = SKColor.Parse("#1c2230"), IsAntialias = true };
                using var muted = new SKPaint { Color = SKColor.Parse("#5c6673"), IsAntialias = true };
                if (n.Node.IsMore)
                {
                    c.DrawText($"{n.Node.Label} ({n.Node.Hidden} more)", rect.MidX, rect.MidY + 4, SKTextAlign.Center, kind, muted);
                    continue;
                }
                c.DrawText(Clip(n.Node.Label, label, rect.Width - 20), rect.Left + 10, rect.Top + 21, SKTextAlign.Left, label, ink);
                var sub = look.Name + (n.Node.Stage is { } s ? $" · {s}" : "") + (n.Node.OpenFindings > 0 ? $" · {n.Node.OpenFindings} open finding(s)" : "");
                c.DrawText(sub, rect.Left + 10, rect.Top + 39, SKTextAlign.Left, kind, n.Node.OpenFindings > 0 ? new SKPaint { Color = SKColor.Parse("#c62828"), IsAntialias = true } : muted);
            }
        }, caption);
    }

    private static string Clip(string text, SKFont font, float max)
    {
        if (font.MeasureText(text) <= max) return text;
        while (text.Length > 1 && font.MeasureText(text + "…") > max) text = text[..^1];
        return text + "…";
    }
}
