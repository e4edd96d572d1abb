using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace GovernancePortal.Core.Pdf;

/// <summary>
/// Markdown to layout blocks: headings, paragraphs (bold, italic and code spans), lists, pipe tables, code blocks
/// and quotes. Raw HTML is shown as its text, never interpreted. Headings are shifted under <paramref name="baseLevel"/>
/// so a document's own "#" never competes with the report's structure.
/// </summary>
public static class MarkdownBlocks
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseEmphasisExtras().UseTaskLists().Build();

    public static IReadOnlyList<Block> From(string markdown, int baseLevel = 3)
    {
        var blocks = new List<Block>();
        foreach (var b in Markdown.Parse(markdown ?? "", Pipeline)) Add(blocks, b, baseLevel);
        return blocks;
    }

    private static void Add(List<Block> blocks, Markdig.Syntax.Block b, int baseLevel)
    {
        switch (b)
        {
            case HeadingBlock h:
                // Shifted headings below level 2 stay out of the table of contents.
                blocks.Add(new Pdf.Heading(Math.Max(3, baseLevel + h.Level - 1), Plain(h.Inline)));
                break;
            case ParagraphBlock p:
                blocks.Add(new Paragraph(Spans(p.Inline, TextStyle.Body)));
                break;
            case ListBlock list:
                blocks.Add(new BulletList([.. list.OfType<ListItemBlock>().Select(ItemSpans)], list.IsOrdered));
                break;
            case FencedCodeBlock or Markdig.Syntax.CodeBlock:
                blocks.Add(new Pdf.CodeBlock(((LeafBlock)b).Lines.ToString()));
                break;
            case Markdig.Extensions.Tables.Table t:
                blocks.Add(ToTable(t));
                break;
            case QuoteBlock q:
                var text = string.Join(" ", q.OfType<ParagraphBlock>().Select(p => Plain(p.Inline)));
                blocks.Add(new Paragraph([new Span(text, new TextStyle(Italic: true, Color: TextStyle.Muted))]));
                break;
            case HtmlBlock html:
                blocks.Add(new Paragraph(html.Lines.ToString(), TextStyle.Code));
                break;
            case ThematicBreakBlock:
                blocks.Add(new Spacer(6));
                break;
            case ContainerBlock c:
                foreach (var child in c) Add(blocks, child, baseLevel);
                break;
        }
    }

    private static IReadOnlyList<Span> ItemSpans(ListItemBlock item)
    {
        var spans = new List<Span>();
        foreach (var child in item)
        {
            if (spans.Count > 0) spans.Add(new Span(" ", TextStyle.Body));
            if (child is ParagraphBlock p) spans.AddRange(Spans(p.Inline, TextStyle.Body));
            else if (child is ListBlock nested)
                spans.AddRange(nested.OfType<ListItemBlock>().SelectMany(i => (IEnumerable<Span>)[new Span(" – ", TextStyle.Body), .. ItemSpans(i)]));
            else if (child is LeafBlock leaf) spans.Add(new Span(leaf.Lines.ToString(), TextStyle.Code));
        }
        return spans;
    }

    private static Pdf.Table ToTable(Markdig.Extensions.Tables.Table t)
    {
        var rows = t.OfType<TableRow>().ToList();
        var header = rows.FirstOrDefault(r => r.IsHeader);
        var columns = Math.Max(1, rows.Max(r => r.Count));
        var cols = Enumerable.Range(0, columns).Select(i => new TableColumn(header is not null && i < header.Count ? CellText(header[i]) : "")).ToList();
        var body = rows.Where(r => !r.IsHeader).Select(r => (IReadOnlyList<Cell>)[.. Enumerable.Range(0, columns).Select(i => new Cell(i < r.Count ? CellText(r[i]) : ""))]).ToList();
        return new Pdf.Table(cols, body, ShowHeader: header is not null);
    }

    private static string CellText(Markdig.Syntax.Block cell) =>
        string.Join(" ", ((TableCell)cell).OfType<ParagraphBlock>().Select(p => Plain(p.Inline)));

    private static List<Span> Spans(ContainerInline? inline, TextStyle style)
    {
        var spans = new List<Span>();
        if (inline is null) return spans;
        foreach (var i in inline) Collect(i, style, spans);
        return spans;
    }

    private static void Collect(Inline inline, TextStyle style, List<Span> spans)
    {
        switch (inline)
        {
            case LiteralInline l: spans.Add(new Span(l.Content.ToString(), style)); break;
            case CodeInline c: spans.Add(new Span(c.Content, style with { Mono = true, Size = style.Size - 0.5f })); break;
            case LineBreakInline: spans.Add(new Span(" ", style)); break;
            case TaskList task: spans.Add(new Span(task.Checked ? "\u2611 " : "\u2610 ", style)); break;
            case HtmlInline h: spans.Add(new Span(h.Tag, style with { Color = TextStyle.Muted })); break;
            case AutolinkInline a: spans.Add(new Span(a.Url, style with { Color = TextStyle.Accent })); break;
            case EmphasisInline e:
                var emphasised = e.DelimiterCount >= 2 ? style with { Bold = true } : style with { Italic = true };
                foreach (var child in e) Collect(child, emphasised, spans);
                break;
            case LinkInline link:
                foreach (var child in link) Collect(child, style with { Color = TextStyle.Accent }, spans);
                if (!string.IsNullOrEmpty(link.Url)) spans.Add(new Span($" ({link.Url})", style with { Color = TextStyle.Muted }));
                break;
            case ContainerInline c:
                foreach (var child in c) Collect(child, style, spans);
                break;
        }
    }

    private static string Plain(ContainerInline? inline)
    {
        var sb = new StringBuilder();
        foreach (var s in Spans(inline, TextStyle.Body)) sb.Append(s.Text);
        return sb.ToString();
    }
}
