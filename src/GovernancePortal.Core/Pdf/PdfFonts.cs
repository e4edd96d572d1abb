using System.Collections.Concurrent;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace GovernancePortal.Core.Pdf;

/// <summary>
/// The typefaces a document may use. They ship in wwwroot-assets/fonts (DejaVu Sans, DejaVu Sans Mono: Bitstream Vera
/// licence; Droid Sans Fallback: Apache 2.0) and are embedded in this assembly, so rendering never depends on the
/// fonts of the machine. DejaVu covers Latin, Greek, Cyrillic, Arabic and Hebrew; Droid Sans Fallback is the documented
/// fallback for CJK (Han, Kana, Hangul), which DejaVu lacks.
/// </summary>
public sealed class PdfFonts
{
    public static PdfFonts Shipped { get; } = new();

    public SKTypeface Regular { get; }
    public SKTypeface Bold { get; }
    public SKTypeface Italic { get; }
    public SKTypeface Mono { get; }
    public SKTypeface Fallback { get; }

    // SKShaper holds HarfBuzz state that is not safe to share between threads.
    private readonly ConcurrentDictionary<(SKTypeface, int), SKShaper> shapers = new();

    private PdfFonts()
    {
        Regular = Load("DejaVuSans.ttf");
        Bold = Load("DejaVuSans-Bold.ttf");
        Italic = Load("DejaVuSans-Oblique.ttf");
        Mono = Load("DejaVuSansMono.ttf");
        Fallback = Load("DroidSansFallbackFull.ttf");
    }

    public SKTypeface For(TextStyle style) => style.Mono ? Mono : style.Bold ? Bold : style.Italic ? Italic : Regular;

    internal SKShaper ShaperFor(SKTypeface face) => shapers.GetOrAdd((face, Environment.CurrentManagedThreadId), k => new SKShaper(k.Item1));

    private static SKTypeface Load(string file)
    {
        var name = "GovernancePortal.Core.Pdf.Fonts." + file;
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Font resource {name} is missing from the build.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"Font {file} could not be read.");
    }
}
