namespace GovernancePortal.Core.Pdf;

/// <summary>Document information written into the PDF (what a PDF reader's properties dialog shows).</summary>
public sealed record PdfMetadata(string Title, string Author, string Subject, DateTimeOffset Created, string Keywords = "", string Creator = "");

/// <summary>A document: its metadata, running header and footer, and its flow of blocks.</summary>
public sealed record PdfDocumentSpec(PdfMetadata Metadata, IReadOnlyList<Block> Blocks)
{
    /// <summary>Running header, left and right (e.g. document id, subject). Not drawn on the first page (the cover).</summary>
    public string HeaderLeft { get; init; } = "";
    public string HeaderRight { get; init; } = "";
    /// <summary>Footer text on the left; "Page X of Y" is always on the right.</summary>
    public string FooterLeft { get; init; } = "";
    public float PageWidth { get; init; } = 595;   // A4 in points
    public float PageHeight { get; init; } = 842;
    public float Margin { get; init; } = 54;
}
