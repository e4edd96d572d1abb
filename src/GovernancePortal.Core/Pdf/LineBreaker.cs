using System.Globalization;
using System.Text;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace GovernancePortal.Core.Pdf;

/// <summary>A measured word (or a piece of an over-long one) in a paragraph.</summary>
internal sealed class Word(string text, TextStyle style, float width, bool spaceBefore, IReadOnlyList<Segment> segments)
{
    public string Text { get; } = text;
    public TextStyle Style { get; } = style;
    public float Width { get; } = width;
    public bool SpaceBefore { get; } = spaceBefore;
    public IReadOnlyList<Segment> Segments { get; } = segments;
}

/// <summary>One laid-out line: words with their x offsets from the left edge of the text box.</summary>
internal sealed record Line(IReadOnlyList<(Word Word, float X)> Words, float Height, float Ascent, float Width);

/// <summary>Greedy line breaking over styled spans; words longer than the line are cut at grapheme boundaries.</summary>
internal static class LineBreaker
{
    public static List<Line> Break(IEnumerable<Span> spans, float maxWidth, PdfFonts fonts, bool? rtl = null)
    {
        var spanList = spans as IReadOnlyList<Span> ?? spans.ToList();
        var words = Words(spanList, maxWidth, fonts);
        var flowRtl = rtl ?? TextRuns.StartsRtl(string.Concat(spanList.Select(s => s.Text)));
        var lines = new List<Line>();
        var current = new List<(Word, float)>();
        float x = 0, height = 0, ascent = 0;
        void Flush()
        {
            if (current.Count == 0) return;
            var placed = flowRtl ? current.Select(p => (p.Item1, maxWidth - p.Item2 - p.Item1.Width)).ToList() : [.. current];
            lines.Add(new Line(placed, height, ascent, x));
            current.Clear(); x = 0; height = 0; ascent = 0;
        }
        foreach (var w in words)
        {
            var gap = current.Count > 0 && w.SpaceBefore ? SpaceWidth(w.Style, fonts) : 0;
            if (current.Count > 0 && x + gap + w.Width > maxWidth + 0.01f) { Flush(); gap = 0; }
            current.Add((w, x + gap));
            x += gap + w.Width;
            height = Math.Max(height, w.Style.LineHeight);
            ascent = Math.Max(ascent, w.Style.Size * 0.95f);
        }
        Flush();
        return lines;
    }

    private static float SpaceWidth(TextStyle style, PdfFonts fonts) => TextRuns.Font(fonts.For(style), style.Size).MeasureText(" ");

    private static List<Word> Words(IReadOnlyList<Span> spans, float maxWidth, PdfFonts fonts)
    {
        var words = new List<Word>();
        var pendingSpace = false;
        foreach (var span in spans)
        {
            var text = span.Text.Replace("\r", "").Replace('\t', ' ').Replace('\n', ' ');
            var i = 0;
            while (i < text.Length)
            {
                if (text[i] == ' ') { pendingSpace = true; i++; continue; }
                var end = text.IndexOf(' ', i);
                if (end < 0) end = text.Length;
                AddWord(words, text[i..end], span.Style, pendingSpace, maxWidth, fonts);
                pendingSpace = false;
                i = end;
            }
        }
        return words;
    }

    private static void AddWord(List<Word> words, string text, TextStyle style, bool spaceBefore, float maxWidth, PdfFonts fonts)
    {
        var face = fonts.For(style);
        var width = MeasureAll(text, face, style.Size, fonts, out var segments);
        if (width <= maxWidth) { words.Add(new Word(text, style, width, spaceBefore, segments)); return; }

        // Too long for any line (a digest, a URI): cut it into the longest pieces that fit, at grapheme boundaries.
        var points = TextRuns.BreakPoints(text);
        var start = 0;
        var first = true;
        while (start < points.Length - 1)
        {
            int lo = start + 1, hi = points.Length - 1, best = start + 1;
            while (lo <= hi)
            {
                var mid = (lo + hi) / 2;
                if (MeasureAll(text[points[start]..points[mid]], face, style.Size, fonts, out _) <= maxWidth) { best = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            var piece = text[points[start]..points[best]];
            var w = MeasureAll(piece, face, style.Size, fonts, out var segs);
            words.Add(new Word(piece, style, w, first && spaceBefore, segs));
            first = false;
            start = best;
        }
    }

    private static float MeasureAll(string text, SKTypeface face, float size, PdfFonts fonts, out IReadOnlyList<Segment> segments)
    {
        segments = TextRuns.Split(text, face, fonts);
        float total = 0;
        foreach (var s in segments) total += TextRuns.Measure(s, size, fonts);
        return total;
    }

    public static void DrawLine(SKCanvas canvas, Line line, float left, float baseline, PdfFonts fonts)
    {
        // Plain words of one style that follow each other are drawn as one string, so extracted text keeps its spaces.
        var i = 0;
        while (i < line.Words.Count)
        {
            var (first, x0) = line.Words[i];
            if (first.Segments is [{ Shaped: false } seg])
            {
                var text = new StringBuilder(first.Text);
                var j = i + 1;
                while (j < line.Words.Count && line.Words[j].Word is { SpaceBefore: true, Segments: [{ Shaped: false } next] } w
                    && w.Style == first.Style && next.Face == seg.Face && line.Words[j].X > x0)
                {
                    text.Append(' ').Append(w.Text);
                    j++;
                }
                TextRuns.Draw(canvas, seg with { Text = text.ToString() }, left + x0, baseline, first.Style.Size, first.Style.Paint, fonts);
                i = j;
                continue;
            }
            DrawWord(canvas, first, left + x0, baseline, fonts);
            i++;
        }
    }

    private static void DrawWord(SKCanvas canvas, Word word, float cx, float baseline, PdfFonts fonts)
    {
        foreach (var s in word.Segments)
        {
            TextRuns.Draw(canvas, s, cx, baseline, word.Style.Size, word.Style.Paint, fonts);
            cx += TextRuns.Measure(s, word.Style.Size, fonts);
        }
    }
}
