using Ganss.Xss;
using Markdig;

namespace GovernancePortal.Core.Features.Cards;

/// <summary>
/// Markdown to HTML for previews and the read-only card. Authors may paste raw HTML (Hugging Face cards often
/// contain some), so the rendered HTML is always sanitised: no scripts, event handlers or javascript: URLs.
/// </summary>
public static class CardMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseEmphasisExtras().UseAutoLinks().UseTaskLists().Build();

    // HtmlSanitizer's defaults allow only http(s)/mailto-style schemes and no event attributes; it is thread-safe.
    private static readonly HtmlSanitizer Sanitizer = new();

    public static string ToSafeHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));
}
