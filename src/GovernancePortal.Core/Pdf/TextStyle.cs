using SkiaSharp;

namespace GovernancePortal.Core.Pdf;

/// <summary>How a run of text looks. Sizes are in points.</summary>
public sealed record TextStyle(float Size = 9.5f, bool Bold = false, bool Italic = false, bool Mono = false, SKColor? Color = null)
{
    public static readonly SKColor Ink = new(0x22, 0x26, 0x2E);
    public static readonly SKColor Muted = new(0x5C, 0x66, 0x73);
    public static readonly SKColor Accent = new(0x1F, 0x3A, 0x5F);

    public static TextStyle Body { get; } = new();
    public static TextStyle Small { get; } = new(8);
    public static TextStyle Code { get; } = new(8, Mono: true);

    public SKColor Paint => Color ?? Ink;
    /// <summary>Distance between baselines.</summary>
    public float LineHeight => Size * 1.38f;
    public TextStyle WithBold() => this with { Bold = true };
}

/// <summary>A run of text in one style, inside a paragraph.</summary>
public sealed record Span(string Text, TextStyle Style)
{
    public static implicit operator Span(string text) => new(text, TextStyle.Body);
}
