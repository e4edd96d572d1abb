using SkiaSharp;

namespace GovernancePortal.Core.Pdf;

/// <summary>One laid-out page: drawing operations in page coordinates, run when the PDF is written.</summary>
internal sealed class LaidOutPage
{
    public List<Action<SKCanvas>> Ops { get; } = [];
}

/// <summary>A table-of-contents entry: what the reader sees and where its heading landed.</summary>
public sealed record TocEntry(int Level, string Text, string Anchor, int Page);

/// <summary>
/// First pass: places blocks on pages. Drawing is deferred (closures) so the second pass, writing the PDF, can fill
/// in what only the whole layout knows: "page X of Y" and the table of contents' page numbers (its entries are one line
/// each, so its size does not depend on the numbers).
/// </summary>
internal sealed partial class PdfLayout
{
    private static readonly SKColor Rule = new(0xC8, 0xCE, 0xD6);
    private static readonly SKColor HeaderFill = new(0xE6, 0xEC, 0xF3);
    private static readonly SKColor Zebra = new(0xF6, 0xF8, 0xFA);
    private static readonly SKColor CodeFill = new(0xF3, 0xF4, 0xF6);

    private readonly PdfDocumentSpec spec;
    private readonly PdfFonts fonts;
    private readonly float left, width, top, bottom;
    private float y;
    private int anchorCounter;

    public List<LaidOutPage> Pages { get; } = [];
    public Dictionary<string, int> AnchorPages { get; } = [];
    public List<(int Level, string Text, string Anchor)> TocHeadings { get; } = [];

    public PdfLayout(PdfDocumentSpec spec, PdfFonts fonts)
    {
        this.spec = spec;
        this.fonts = fonts;
        left = spec.Margin;
        width = spec.PageWidth - 2 * spec.Margin;
        top = spec.Margin + 6;
        bottom = spec.PageHeight - spec.Margin;
    }

    private LaidOutPage Page => Pages[^1];
    private float PageCapacity => bottom - top;

    public void Run()
    {
        // Anchors are assigned up front so the table of contents (which may come first) knows its entries.
        var anchors = new Dictionary<Heading, string>(ReferenceEqualityComparer.Instance);
        foreach (var h in spec.Blocks.OfType<Heading>())
        {
            var anchor = h.Anchor ?? $"h{++anchorCounter}";
            anchors[h] = anchor;
            if (h.Level <= 2) TocHeadings.Add((h.Level, h.Text, anchor));
        }
        NewPage();
        for (var i = 0; i < spec.Blocks.Count; i++)
        {
            switch (spec.Blocks[i])
            {
                case Heading h: LayHeading(h, anchors[h], i + 1 < spec.Blocks.Count ? spec.Blocks[i + 1] : null); break;
                case Paragraph p: LayLines(LineBreaker.Break(p.Spans, width, fonts), left); y += p.SpaceAfter; break;
                case BulletList l: LayList(l); break;
                case CodeBlock c: LayCode(c); break;
                case Callout c: LayCallout(c); break;
                case Table t: LayTable(t); break;
                case Drawing d: LayDrawing(d); break;
                case Spacer s: y += s.Height; if (y > bottom) NewPage(); break;
                case PageBreak: if (y > top) NewPage(); break;
                case TableOfContents toc: LayToc(toc); break;
                case Title t: LayTitle(t); break;
                default: throw new NotSupportedException(spec.Blocks[i].GetType().Name);
            }
        }
    }

    private void NewPage() { Pages.Add(new LaidOutPage()); y = top; }

    /// <summary>Starts a new page unless <paramref name="height"/> fits (or the page is still empty: nothing would fit better).</summary>
    private void Ensure(float height) { if (y + height > bottom && y > top + 0.5f) NewPage(); }

    private void Emit(Action<SKCanvas> op) => Page.Ops.Add(op);

    private static TextStyle HeadingStyle(int level) => level switch
    {
        1 => new TextStyle(15, Bold: true, Color: TextStyle.Accent),
        2 => new TextStyle(12, Bold: true, Color: TextStyle.Accent),
        _ => new TextStyle(10.5f, Bold: true),
    };

    private void LayHeading(Heading h, string anchor, Block? next)
    {
        var style = HeadingStyle(h.Level);
        var lines = LineBreaker.Break([new Span(h.Text, style)], width, fonts);
        var before = h.Level == 1 ? 14f : 10f;
        var height = lines.Sum(l => l.Height) + (h.Level == 1 ? 8 : 4);
        // Keep with next: the heading moves to the next page unless some of what follows fits under it.
        var keep = next switch { Table t => 3 * t.FontSize * 1.38f + 12, Drawing => 120, null => 0, _ => 36 };
        if (y > top + 0.5f) y += before;
        Ensure(height + keep);
        AnchorPages[anchor] = Pages.Count;
        var at = y;
        Emit(c => c.DrawNamedDestinationAnnotation(new SKPoint(left, at), anchor));
        LayLines(lines, left);
        if (h.Level == 1)
        {
            var ruleY = y + 1;
            Emit(c => c.DrawLine(left, ruleY, left + width, ruleY, Stroke(TextStyle.Accent, 0.8f)));
            y += 8;
        }
        else y += 4;
    }

    private void LayTitle(Title t)
    {
        y += 40;
        LayLines(LineBreaker.Break([new Span(t.Text, new TextStyle(24, Bold: true, Color: TextStyle.Accent))], width, fonts), left);
        if (t.Subtitle is { } sub)
        {
            y += 4;
            LayLines(LineBreaker.Break([new Span(sub, new TextStyle(13, Color: TextStyle.Muted))], width, fonts), left);
        }
        var ruleY = y + 8;
        Emit(c => c.DrawRect(left, ruleY, width, 3, Fill(TextStyle.Accent)));
        y += 28;
    }

    private void LayLines(IEnumerable<Line> lines, float x)
    {
        foreach (var line in lines)
        {
            Ensure(line.Height);
            var baseline = y + line.Ascent;
            Emit(c => LineBreaker.DrawLine(c, line, x, baseline, fonts));
            y += line.Height;
        }
    }

    private void LayList(BulletList list)
    {
        const float indent = 16;
        var n = 0;
        foreach (var item in list.Items)
        {
            n++;
            var lines = LineBreaker.Break(item, width - indent, fonts);
            if (lines.Count == 0) continue;
            Ensure(lines[0].Height);
            var marker = list.Numbered ? $"{n}." : "•";
            var baseline = y + lines[0].Ascent;
            var size = item.Count > 0 ? item[0].Style.Size : TextStyle.Body.Size;
            Emit(c => c.DrawText(marker, left + 3, baseline, SKTextAlign.Left, TextRuns.Font(fonts.Regular, size), TextRuns.Paint(TextStyle.Ink)));
            LayLines(lines, left + indent);
            y += 2;
        }
        y += 4;
    }

    private void LayCode(CodeBlock code)
    {
        var style = TextStyle.Code;
        const float pad = 5;
        var charWidth = TextRuns.Font(fonts.Mono, style.Size).MeasureText("0");
        var perLine = Math.Max(8, (int)((width - 2 * pad) / charWidth));
        var lines = new List<string>();
        foreach (var raw in code.Text.Replace("\r", "").Replace("\t", "    ").Split('\n'))
        {
            var points = TextRuns.BreakPoints(raw);
            if (points.Length <= 1) { lines.Add(""); continue; }
            for (var i = 0; i < points.Length - 1; i += perLine)
                lines.Add(raw[points[i]..points[Math.Min(i + perLine, points.Length - 1)]]);
        }
        var lh = style.LineHeight;
        var index = 0;
        while (index < lines.Count)
        {
            Ensure(lh + 2 * pad);
            var fit = Math.Max(1, (int)((bottom - y - 2 * pad) / lh));
            var chunk = lines.Skip(index).Take(fit).ToList();
            index += chunk.Count;
            var at = y;
            var height = chunk.Count * lh + 2 * pad;
            Emit(c =>
            {
                c.DrawRect(left, at, width, height, Fill(CodeFill));
                for (var k = 0; k < chunk.Count; k++)
                    foreach (var s in TextRuns.Split(chunk[k], fonts.Mono, fonts))
                        TextRuns.Draw(c, s, left + pad, at + pad + k * lh + style.Size, style.Size, style.Paint, fonts);
            });
            y += height;
        }
        y += 6;
    }

    private void LayCallout(Callout callout)
    {
        const float pad = 7;
        var titleLines = LineBreaker.Break([new Span(callout.Title, TextStyle.Body.WithBold())], width - 2 * pad - 4, fonts);
        var textLines = LineBreaker.Break([new Span(callout.Text, TextStyle.Body)], width - 2 * pad - 4, fonts);
        var height = titleLines.Concat(textLines).Sum(l => l.Height) + 2 * pad;
        Ensure(height);
        var at = y;
        var fill = callout.Color.WithAlpha(28);
        Emit(c => { c.DrawRect(left, at, width, height, Fill(fill)); c.DrawRect(left, at, 3, height, Fill(callout.Color)); });
        y += pad;
        LayLines(titleLines, left + pad + 4);
        LayLines(textLines, left + pad + 4);
        y = Math.Max(y, at + height) + 8;
    }

    // Paints are reused per thread: a long table would otherwise allocate (and finalize) thousands of them.
    [ThreadStatic] private static Dictionary<(SKColor, float), SKPaint>? paints;

    internal static SKPaint Fill(SKColor color) => Cached(color, -1);
    internal static SKPaint Stroke(SKColor color, float w) => Cached(color, w);

    private static SKPaint Cached(SKColor color, float stroke)
    {
        paints ??= [];
        if (!paints.TryGetValue((color, stroke), out var paint))
            paints[(color, stroke)] = paint = new SKPaint { Color = color, Style = stroke < 0 ? SKPaintStyle.Fill : SKPaintStyle.Stroke, StrokeWidth = Math.Max(0, stroke), IsAntialias = true };
        return paint;
    }
}
