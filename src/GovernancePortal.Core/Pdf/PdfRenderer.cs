using SkiaSharp;

namespace GovernancePortal.Core.Pdf;

/// <summary>What a render produced: the page count and where each table-of-contents heading landed.</summary>
public sealed record PdfRenderInfo(int PageCount, IReadOnlyList<TocEntry> Contents);

/// <summary>
/// Writes a <see cref="PdfDocumentSpec"/> as PDF with SkiaSharp: layout first (every page decided), then drawing, with
/// the running header, the "page X of Y" footer and the table of contents' page numbers. Stateless and thread-safe.
/// </summary>
public sealed class PdfRenderer(PdfFonts? fonts = null)
{
    private readonly PdfFonts fonts = fonts ?? PdfFonts.Shipped;

    public byte[] Render(PdfDocumentSpec spec) { using var ms = new MemoryStream(); Render(spec, ms); return ms.ToArray(); }

    public PdfRenderInfo Render(PdfDocumentSpec spec, Stream output)
    {
        var layout = new PdfLayout(spec, fonts);
        layout.Run();
        var count = layout.Pages.Count;
        var m = spec.Metadata;
        using (var managed = new SKManagedWStream(output, false))
        using (var document = SKDocument.CreatePdf(managed, new SKDocumentPdfMetadata
        {
            Title = m.Title, Author = m.Author, Subject = m.Subject, Keywords = m.Keywords,
            Creator = m.Creator, Producer = "GovernancePortal PDF (SkiaSharp)",
            Creation = m.Created.UtcDateTime, Modified = m.Created.UtcDateTime,
            RasterDpi = 150, EncodingQuality = 90,
        }))
        {
            for (var i = 0; i < count; i++)
            {
                using var canvas = document.BeginPage(spec.PageWidth, spec.PageHeight);
                if (i > 0) DrawHeader(canvas, spec);
                DrawFooter(canvas, spec, i + 1, count);
                foreach (var op in layout.Pages[i].Ops) op(canvas);
                document.EndPage();
            }
            document.Close();
        }
        return new PdfRenderInfo(count, [.. layout.TocHeadings.Select(h => new TocEntry(h.Level, h.Text, h.Anchor, layout.AnchorPages[h.Anchor]))]);
    }

    private void DrawHeader(SKCanvas c, PdfDocumentSpec spec)
    {
        var style = new TextStyle(7.5f, Color: TextStyle.Muted);
        var baseline = spec.Margin - 18;
        var leftLine = LineBreaker.Break([new Span(spec.HeaderLeft, style)], (spec.PageWidth - 2 * spec.Margin) * 0.55f, fonts).FirstOrDefault();
        var rightLine = LineBreaker.Break([new Span(spec.HeaderRight, style)], (spec.PageWidth - 2 * spec.Margin) * 0.43f, fonts).FirstOrDefault();
        if (leftLine is not null) LineBreaker.DrawLine(c, leftLine, spec.Margin, baseline, fonts);
        if (rightLine is not null) LineBreaker.DrawLine(c, rightLine, spec.PageWidth - spec.Margin - rightLine.Width, baseline, fonts);
        var rule = PdfLayout.Stroke(new SKColor(0xC8, 0xCE, 0xD6), 0.5f);
        c.DrawLine(spec.Margin, baseline + 5, spec.PageWidth - spec.Margin, baseline + 5, rule);
    }

    private void DrawFooter(SKCanvas c, PdfDocumentSpec spec, int page, int count)
    {
        var style = new TextStyle(7.5f, Color: TextStyle.Muted);
        var baseline = spec.PageHeight - spec.Margin + 26;
        var rule = PdfLayout.Stroke(new SKColor(0xC8, 0xCE, 0xD6), 0.5f);
        c.DrawLine(spec.Margin, baseline - 11, spec.PageWidth - spec.Margin, baseline - 11, rule);
        var leftLine = LineBreaker.Break([new Span(spec.FooterLeft, style)], (spec.PageWidth - 2 * spec.Margin) * 0.75f, fonts).FirstOrDefault();
        if (leftLine is not null) LineBreaker.DrawLine(c, leftLine, spec.Margin, baseline, fonts);
        var font = TextRuns.Font(fonts.Regular, style.Size);
        c.DrawText($"Page {page} of {count}", spec.PageWidth - spec.Margin, baseline, SKTextAlign.Right, font, TextRuns.Paint(style.Paint));
    }
}
