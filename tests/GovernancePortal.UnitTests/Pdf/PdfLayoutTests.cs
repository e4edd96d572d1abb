using GovernancePortal.Core.Pdf;
using SkiaSharp;
using UglyToad.PdfPig;

namespace GovernancePortal.UnitTests.Pdf;

public class PdfLayoutTests
{
    private static readonly PdfMetadata Meta = new("Layout test", "Unit tests", "PDF layout", new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), "test");

    private static byte[] Render(params Block[] blocks) => new PdfRenderer().Render(new PdfDocumentSpec(Meta, blocks)
    {
        HeaderLeft = "DOC-1", HeaderRight = "subject@1.0", FooterLeft = "footer",
    });

    [Fact]
    public void A_500_row_table_breaks_across_pages_and_repeats_its_header_on_each()
    {
        var rows = Enumerable.Range(1, 500).Select(i => (IReadOnlyList<Cell>)[$"row-{i:0000}", $"value {i}", new string('x', i % 40)]).ToList();
        var pdf = Render(new Heading(1, "Rows"), new Table([new("Identifier", 1), new("Value", 1), new("Filler", 2)], rows));

        using var doc = PdfDocument.Open(pdf);
        Assert.True(doc.NumberOfPages >= 8, $"500 rows on {doc.NumberOfPages} pages");
        var seen = new List<string>();
        foreach (var page in doc.GetPages())
        {
            var text = page.Text;
            Assert.True(text.IndexOf("Identifier", StringComparison.Ordinal) < text.IndexOf("row-", StringComparison.Ordinal), $"page {page.Number} starts without the header row");
            Assert.Contains("Filler", text);
            seen.AddRange(System.Text.RegularExpressions.Regex.Matches(text, @"row-\d{4}").Select(m => m.Value));
        }
        Assert.Equal(Enumerable.Range(1, 500).Select(i => $"row-{i:0000}"), seen);
    }

    [Fact]
    public void A_5000_character_unbroken_string_wraps_inside_the_margins_and_keeps_every_character()
    {
        var digest = string.Concat(Enumerable.Range(0, 5000).Select(i => "0123456789abcdef"[i * 7 % 16]));
        var pdf = Render(new Paragraph("Digest:"), new Paragraph(digest), new Table([new("Key", 1), new("Value", 3, Mono: true)], [["uri", "s3://bucket/" + digest]]));

        using var doc = PdfDocument.Open(pdf);
        var letters = doc.GetPages().SelectMany(p => p.Letters).Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        Assert.All(letters, l =>
        {
            Assert.True(l.BoundingBox.Left >= 54 - 0.5, $"'{l.Value}' starts at {l.BoundingBox.Left}");
            Assert.True(l.BoundingBox.Right <= 595 - 54 + 0.5, $"'{l.Value}' ends at {l.BoundingBox.Right}");
        });
        // The body's letters in drawing order, without the running header and footer: the digest, whole, twice.
        var body = string.Concat(doc.GetPages().SelectMany(p => p.Letters)
            .Where(l => l.BoundingBox.Bottom > 54 && l.BoundingBox.Top < 842 - 54 && !string.IsNullOrWhiteSpace(l.Value)).Select(l => l.Value));
        // (The table row is taller than a page: its continuation pages repeat the header row "Key Value".)
        body = body.Replace("KeyValue", "");
        Assert.Equal(2, CountOf(body, digest));
        Assert.Contains("s3://bucket/" + digest, body);
    }

    [Fact]
    public void Accents_arabic_and_cjk_text_render_and_read_back()
    {
        const string accents = "Évaluation à Zürich, façade naïve, Ærøskøbing, ŁÓDŹ";
        const string arabic = "نموذج التقييم";
        const string cjk = "模型治理";
        const string japanese = "日本語のテキスト";
        var pdf = Render(new Paragraph(accents), new Paragraph(arabic), new Paragraph($"Mixed {cjk} and {japanese} and {arabic}"),
            new Table([new("Script", 1), new("Text", 2)], [["Arabic", arabic], ["Chinese", cjk]]));

        using var doc = PdfDocument.Open(pdf);
        var text = string.Concat(doc.GetPages().Select(p => p.Text));
        Assert.Contains("Évaluation", text);
        Assert.Contains("Ærøskøbing", text);
        Assert.Contains("ŁÓDŹ", text);
        Assert.Contains(cjk, text);
        Assert.Contains(japanese, text);
        // Shaped Arabic reads back as contextual forms (presentation forms, U+FExx) in visual order, so compare counts:
        // every letter drawn (three times: two paragraphs and the table), none dropped.
        static bool IsArabic(char c) => c is >= '\u0600' and <= '\u06FF' or >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF';
        Assert.Equal(3 * arabic.Count(IsArabic), text.Count(IsArabic));
    }

    [Fact]
    public void Footer_says_page_x_of_y_and_the_contents_list_the_pages_headings_landed_on()
    {
        var blocks = new List<Block> { new Title("Report", "Subtitle"), new TableOfContents(), new PageBreak() };
        for (var s = 1; s <= 4; s++)
        {
            blocks.Add(new Heading(1, $"Section {s}"));
            blocks.AddRange(Enumerable.Range(0, 40).Select(i => new Paragraph($"Paragraph {i} of section {s}, long enough to take a line or two of the page.")));
        }
        var spec = new PdfDocumentSpec(Meta, blocks);
        using var ms = new MemoryStream();
        var info = new PdfRenderer().Render(spec, ms);

        using var doc = PdfDocument.Open(ms.ToArray());
        Assert.Equal(info.PageCount, doc.NumberOfPages);
        for (var p = 1; p <= doc.NumberOfPages; p++) Assert.Contains($"Page {p} of {doc.NumberOfPages}", doc.GetPage(p).Text);
        Assert.Equal(4, info.Contents.Count);
        foreach (var entry in info.Contents)
            Assert.Contains(entry.Text, doc.GetPage(entry.Page).Text);
        var tocText = doc.GetPage(1).Text;
        Assert.Contains($"Section 4{new string('.', 0)}", tocText);
        Assert.True(info.Contents[3].Page > info.Contents[0].Page);
        Assert.Contains(info.Contents[3].Page.ToString(), doc.GetPage(1).GetWords().Select(w => w.Text));
    }

    [Fact]
    public void A_heading_never_ends_a_page_it_moves_to_the_next_with_what_follows()
    {
        var blocks = new List<Block>();
        // Fill the first page to a few points above the bottom margin.
        blocks.AddRange(Enumerable.Range(0, 54).Select(i => new Paragraph($"Filler line {i}", TextStyle.Body) { SpaceAfter = 0 }));
        blocks.Add(new Heading(2, "Kept heading"));
        blocks.Add(new Paragraph("The paragraph under the kept heading."));
        var pdf = Render([.. blocks]);

        using var doc = PdfDocument.Open(pdf);
        var page = doc.GetPages().Single(p => p.Text.Contains("Kept heading"));
        Assert.Contains("The paragraph under the kept heading.", page.Text);
        Assert.True(page.Number > 1);
    }

    [Fact]
    public void Metadata_and_vector_drawings_with_real_text_labels_are_written()
    {
        var drawing = new Drawing(400, 120, c =>
        {
            using var paint = new SKPaint { Color = SKColors.SteelBlue, IsAntialias = true };
            c.DrawRoundRect(10, 10, 150, 40, 6, 6, paint);
            c.DrawText("node-label-visible", 20, 35, SKTextAlign.Left, new SKFont(PdfFonts.Shipped.Regular, 10), new SKPaint { Color = SKColors.White });
        }, "Figure 1: a drawing");
        var pdf = Render(drawing, BulletList.Of(["first item", "second item"]), new CodeBlock("line one\n    indented line two"),
            new Callout("Missing", "Nothing recorded.", SKColors.DarkOrange));

        using var doc = PdfDocument.Open(pdf);
        Assert.Equal("Layout test", doc.Information.Title);
        Assert.Equal("Unit tests", doc.Information.Author);
        Assert.Equal("PDF layout", doc.Information.Subject);
        var text = doc.GetPage(1).Text;
        Assert.Contains("node-label-visible", text);
        Assert.Contains("Figure 1: a drawing", text);
        Assert.Contains("second item", text);
        Assert.Contains("indented line two", text);
        Assert.Contains("Nothing recorded.", text);
    }

    private static int CountOf(string haystack, string needle)
    {
        var count = 0;
        for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + needle.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
