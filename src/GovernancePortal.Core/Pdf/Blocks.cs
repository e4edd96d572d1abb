using SkiaSharp;

namespace GovernancePortal.Core.Pdf;

/// <summary>A piece of a document's flow. The layout engine places blocks top to bottom and breaks pages between them.</summary>
public abstract record Block;

/// <summary>A heading. Levels 1 and 2 appear in the table of contents; a heading never ends a page (it stays with what follows).</summary>
public sealed record Heading(int Level, string Text, string? Anchor = null) : Block;

public sealed record Paragraph(IReadOnlyList<Span> Spans, float SpaceAfter = 6) : Block
{
    public Paragraph(string text, TextStyle? style = null) : this([new Span(text, style ?? TextStyle.Body)]) { }
}

/// <summary>A bulleted (or numbered) list; each item is a paragraph of spans.</summary>
public sealed record BulletList(IReadOnlyList<IReadOnlyList<Span>> Items, bool Numbered = false) : Block
{
    public static BulletList Of(IEnumerable<string> items, bool numbered = false) =>
        new(items.Select(i => (IReadOnlyList<Span>)[new Span(i, TextStyle.Body)]).ToList(), numbered);
}

/// <summary>Preformatted text in the monospace font; lines wrap at the margin and the block breaks across pages.</summary>
public sealed record CodeBlock(string Text) : Block;

/// <summary>A shaded box drawing attention to a short text (an open issue, a missing item).</summary>
public sealed record Callout(string Title, string Text, SKColor Color) : Block;

public sealed record TableColumn(string Header, float Weight = 1, bool Mono = false, bool AlignRight = false);

/// <summary>A table cell: text, optionally emphasised or coloured (a pass/fail verdict).</summary>
public sealed record Cell(string Text, bool Bold = false, SKColor? Color = null)
{
    public static implicit operator Cell(string text) => new(text);
}

/// <summary>A table that breaks across pages, repeating its header row on each; a row taller than a page is split.</summary>
public sealed record Table(IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<Cell>> Rows, bool ShowHeader = true, float FontSize = 8.5f) : Block;

/// <summary>
/// A vector drawing of a natural size in points, scaled down to fit the text width (and a page). The callback draws
/// on a canvas whose origin is the drawing's top-left; text it draws with DrawText stays real, extractable text.
/// </summary>
public sealed record Drawing(float Width, float Height, Action<SKCanvas> Draw, string? Caption = null) : Block
{
    /// <summary>A raster image (PNG, JPEG) at its natural size, 1 pixel = 0.75 pt.</summary>
    public static Drawing FromImage(byte[] encoded, string? caption = null)
    {
        var image = SKImage.FromEncodedData(encoded) ?? throw new ArgumentException("The image could not be decoded.", nameof(encoded));
        return new Drawing(image.Width * 0.75f, image.Height * 0.75f,
            c => c.DrawImage(image, SKRect.Create(image.Width * 0.75f, image.Height * 0.75f), new SKSamplingOptions(SKFilterMode.Linear)), caption);
    }
}

/// <summary>Vertical space in points.</summary>
public sealed record Spacer(float Height) : Block;

public sealed record PageBreak : Block;

/// <summary>The table of contents: level 1 and 2 headings with their page numbers, filled in after layout.</summary>
public sealed record TableOfContents(string Title = "Contents") : Block;

/// <summary>A title page element: large title and subtitle.</summary>
public sealed record Title(string Text, string? Subtitle = null) : Block;
