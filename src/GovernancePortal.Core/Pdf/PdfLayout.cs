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
internal sealed class PdfLayout
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

    private void LayDrawing(Drawing d)
    {
        var captionLines = d.Caption is { } cap ? LineBreaker.Break([new Span(cap, new TextStyle(8, Italic: true, Color: TextStyle.Muted))], width, fonts) : [];
        var captionHeight = captionLines.Sum(l => l.Height);
        var scale = Math.Min(1f, Math.Min(width / Math.Max(1, d.Width), (PageCapacity - captionHeight - 8) / Math.Max(1, d.Height)));
        var w = d.Width * scale;
        var h = d.Height * scale;
        Ensure(h + captionHeight + 4);
        var at = y;
        var x = left + (width - w) / 2;
        Emit(c =>
        {
            c.Save();
            c.Translate(x, at);
            c.Scale(scale);
            c.ClipRect(SKRect.Create(d.Width, d.Height));
            d.Draw(c);
            c.Restore();
        });
        y += h + 4;
        foreach (var line in captionLines)
        {
            var offset = (width - line.Width) / 2;
            var baseline = y + line.Ascent;
            Emit(c => LineBreaker.DrawLine(c, line, left + offset, baseline, fonts));
            y += line.Height;
        }
        y += 8;
    }

    private void LayTable(Table t)
    {
        const float padX = 4, padY = 3;
        var total = t.Columns.Sum(c => c.Weight);
        var widths = t.Columns.Select(c => c.Weight / total * width).ToArray();
        var xs = new float[widths.Length];
        for (var i = 1; i < xs.Length; i++) xs[i] = xs[i - 1] + widths[i - 1];
        var bodyStyle = new TextStyle(t.FontSize);
        List<Line>[] Wrap(IReadOnlyList<Cell> cells, bool header) => [.. t.Columns.Select((col, i) =>
        {
            var cell = i < cells.Count ? cells[i] : new Cell("");
            var style = bodyStyle with { Bold = header || cell.Bold, Mono = col.Mono && !header, Color = header ? TextStyle.Accent : cell.Color };
            return LineBreaker.Break([new Span(cell.Text, style)], widths[i] - 2 * padX, fonts, rtl: col.AlignRight ? true : null);
        })];

        var headerLines = t.ShowHeader ? Wrap([.. t.Columns.Select(c => new Cell(c.Header))], true) : null;
        var headerHeight = headerLines is null ? 0 : headerLines.Max(l => l.Sum(x => x.Height)) + 2 * padY;

        void DrawHeader()
        {
            if (headerLines is null) return;
            var at = y;
            Emit(c => c.DrawRect(left, at, width, headerHeight, Fill(HeaderFill)));
            DrawCells(headerLines, at, padX, padY, xs);
            y += headerHeight;
            var ruleY = y;
            Emit(c => c.DrawLine(left, ruleY, left + width, ruleY, Stroke(TextStyle.Accent, 0.6f)));
        }

        var minRow = bodyStyle.LineHeight + 2 * padY;
        Ensure(headerHeight + minRow);
        DrawHeader();
        var rowOnPage = 0;
        for (var r = 0; r < t.Rows.Count; r++)
        {
            var cells = Wrap(t.Rows[r], false);
            var offsets = new int[cells.Length];
            var rowHeight = cells.Max(l => l.Sum(x => x.Height)) + 2 * padY;
            // A row that fits on a fresh page is never split; only rows taller than a page are.
            if (y + rowHeight > bottom && rowOnPage > 0 && rowHeight <= PageCapacity - headerHeight) { NewPage(); DrawHeader(); rowOnPage = 0; }
            while (true)
            {
                var available = bottom - y - 2 * padY;
                if (available < bodyStyle.LineHeight) { NewPage(); DrawHeader(); rowOnPage = 0; continue; }
                var fragment = new List<Line>[cells.Length];
                var done = true;
                for (var i = 0; i < cells.Length; i++)
                {
                    float used = 0;
                    var take = new List<Line>();
                    for (var k = offsets[i]; k < cells[i].Count && used + cells[i][k].Height <= available; k++) { take.Add(cells[i][k]); used += cells[i][k].Height; }
                    fragment[i] = take;
                    offsets[i] += take.Count;
                    if (offsets[i] < cells[i].Count) done = false;
                }
                var height = fragment.Max(l => l.Sum(x => x.Height)) + 2 * padY;
                var at = y;
                var striped = r % 2 == 1;
                Emit(c =>
                {
                    if (striped) c.DrawRect(left, at, width, height, Fill(Zebra));
                    c.DrawLine(left, at + height, left + width, at + height, Stroke(Rule, 0.4f));
                });
                DrawCells(fragment, at, padX, padY, xs);
                y += height;
                rowOnPage++;
                if (done) break;
                NewPage(); DrawHeader(); rowOnPage = 0;
            }
        }
        y += 8;
    }

    private void DrawCells(List<Line>[] cells, float at, float padX, float padY, float[] xs)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            var cy = at + padY;
            foreach (var line in cells[i])
            {
                var baseline = cy + line.Ascent;
                var x = left + xs[i] + padX;
                Emit(c => LineBreaker.DrawLine(c, line, x, baseline, fonts));
                cy += line.Height;
            }
        }
    }

    private void LayToc(TableOfContents toc)
    {
        LayLines(LineBreaker.Break([new Span(toc.Title, HeadingStyle(1))], width, fonts), left);
        var ruleY = y + 1;
        Emit(c => c.DrawLine(left, ruleY, left + width, ruleY, Stroke(TextStyle.Accent, 0.8f)));
        y += 10;
        foreach (var (level, text, anchor) in TocHeadings)
        {
            var style = level == 1 ? new TextStyle(10, Bold: true) : new TextStyle(9.5f);
            var indent = level == 1 ? 0f : 16f;
            var lh = style.LineHeight + (level == 1 ? 3 : 1);
            Ensure(lh);
            var at = y;
            var label = text;
            Emit(c =>
            {
                var font = TextRuns.Font(fonts.For(style), style.Size);
                var number = AnchorPages.TryGetValue(anchor, out var p) ? p.ToString() : "?";
                var baseline = at + style.Size;
                var numberWidth = font.MeasureText(number);
                var maxLabel = width - indent - numberWidth - 24;
                var shown = label;
                while (font.MeasureText(shown) > maxLabel && shown.Length > 4) shown = shown[..^4] + "…";
                c.DrawText(shown, left + indent, baseline, SKTextAlign.Left, font, TextRuns.Paint(style.Paint));
                var dotsFrom = left + indent + font.MeasureText(shown) + 6;
                var dotsTo = left + width - numberWidth - 6;
                using var dots = new SKPaint { Color = Rule, StrokeWidth = 0.8f, PathEffect = SKPathEffect.CreateDash([1, 2.5f], 0) };
                if (dotsTo > dotsFrom) c.DrawLine(dotsFrom, baseline, dotsTo, baseline, dots);
                c.DrawText(number, left + width, baseline, SKTextAlign.Right, font, TextRuns.Paint(style.Paint));
                c.DrawLinkDestinationAnnotation(SKRect.Create(left, at, width, lh), anchor);
            });
            y += lh;
        }
        y += 8;
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
