using SkiaSharp;

namespace GovernancePortal.Core.Pdf;

/// <summary>Drawings, tables that break across pages with their header row repeated, and the table of contents.</summary>
internal sealed partial class PdfLayout
{
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
}
