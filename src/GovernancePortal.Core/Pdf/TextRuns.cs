using System.Globalization;
using System.Text;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace GovernancePortal.Core.Pdf;

/// <summary>A piece of a word drawn with one typeface, shaped by HarfBuzz only when its script needs it.</summary>
internal readonly record struct Segment(string Text, SKTypeface Face, bool Shaped);

/// <summary>
/// Splits text into segments by typeface (primary, or the CJK fallback when the primary lacks the glyph) and by
/// whether it needs shaping (right-to-left and complex scripts). Latin text takes a fast path: one plain segment.
/// </summary>
internal static class TextRuns
{
    public static bool NeedsShaping(int cp) =>
        cp is >= 0x0590 and <= 0x08FF      // Hebrew, Arabic, Syriac, Thaana, NKo, Arabic supplement/extended
        or >= 0x0900 and <= 0x0DFF         // Indic scripts
        or >= 0x0E00 and <= 0x0FFF         // Thai, Lao, Tibetan
        or >= 0x1000 and <= 0x109F         // Myanmar
        or >= 0xFB1D and <= 0xFDFF         // Hebrew and Arabic presentation forms A
        or >= 0xFE70 and <= 0xFEFF;        // Arabic presentation forms B

    public static bool IsRtl(int cp) => cp is >= 0x0590 and <= 0x08FF or >= 0xFB1D and <= 0xFDFF or >= 0xFE70 and <= 0xFEFC;

    /// <summary>True when the first strong character is right-to-left: the paragraph then flows from the right.</summary>
    public static bool StartsRtl(string text)
    {
        foreach (var r in text.EnumerateRunes())
        {
            if (IsRtl(r.Value)) return true;
            if (Rune.IsLetter(r)) return false;
        }
        return false;
    }

    public static IReadOnlyList<Segment> Split(string text, SKTypeface primary, PdfFonts fonts)
    {
        if (IsPlain(text)) return [new Segment(text, primary, false)];
        var segments = new List<Segment>();
        var current = new StringBuilder();
        SKTypeface? face = null;
        var shaped = false;
        foreach (var r in text.EnumerateRunes())
        {
            var neutral = r.Value < 0x80 && !Rune.IsLetter(r);
            SKTypeface f; bool s;
            if (neutral && face is not null) { f = face; s = shaped; }
            else
            {
                f = Font(primary, 10).ContainsGlyph(r.Value) || !Font(fonts.Fallback, 10).ContainsGlyph(r.Value) ? primary : fonts.Fallback;
                s = NeedsShaping(r.Value);
            }
            if (face is not null && (f != face || s != shaped))
            {
                segments.Add(new Segment(current.ToString(), face, shaped));
                current.Clear();
            }
            face = f; shaped = s;
            current.Append(r.ToString());
        }
        if (face is not null) segments.Add(new Segment(current.ToString(), face, shaped));
        return segments;
    }

    private static bool IsPlain(string text)
    {
        foreach (var c in text) if (c >= 0x0250) return false;
        return true;
    }

    // Fonts and paints are cheap but not free; measuring a long report creates hundreds of thousands of them otherwise.
    [ThreadStatic] private static Dictionary<(SKTypeface, float), SKFont>? fontCache;
    [ThreadStatic] private static Dictionary<SKColor, SKPaint>? paintCache;

    public static SKFont Font(SKTypeface face, float size)
    {
        fontCache ??= [];
        if (!fontCache.TryGetValue((face, size), out var font))
            fontCache[(face, size)] = font = new SKFont(face, size) { Subpixel = true };
        return font;
    }

    public static SKPaint Paint(SKColor color)
    {
        paintCache ??= [];
        if (!paintCache.TryGetValue(color, out var paint)) paintCache[color] = paint = new SKPaint { Color = color, IsAntialias = true };
        return paint;
    }

    public static float Measure(Segment s, float size, PdfFonts fonts)
    {
        var font = Font(s.Face, size);
        return s.Shaped ? fonts.ShaperFor(s.Face).Shape(s.Text, font).Width : font.MeasureText(s.Text);
    }

    public static void Draw(SKCanvas canvas, Segment s, float x, float baseline, float size, SKColor color, PdfFonts fonts)
    {
        var font = Font(s.Face, size);
        if (s.Shaped) canvas.DrawShapedText(fonts.ShaperFor(s.Face), s.Text, x, baseline, SKTextAlign.Left, font, Paint(color));
        else canvas.DrawText(s.Text, x, baseline, SKTextAlign.Left, font, Paint(color));
    }

    /// <summary>Grapheme-safe split points, so a long unbroken string never splits a surrogate pair or a combining mark.</summary>
    public static int[] BreakPoints(string text)
    {
        var points = new List<int>();
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext()) points.Add(e.ElementIndex);
        points.Add(text.Length);
        return [.. points];
    }
}
