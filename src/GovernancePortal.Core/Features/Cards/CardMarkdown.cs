using Ganss.Xss;
using Markdig;

namespace GovernancePortal.Core.Features.Cards;

/// <summary>
/// Markdown to HTML for previews and the read-only card. Authors may paste raw HTML (Hugging Face cards often
/// contain some), so the rendered HTML is always sanitised: no scripts, event handlers or javascript: URLs, and
/// nothing that can impersonate the portal or phone home (forms, inline styles, ids, external images).
/// </summary>
public static class CardMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseEmphasisExtras().UseAutoLinks().UseTaskLists().Build();

    // HtmlSanitizer's defaults allow only http(s)/mailto-style schemes and no event attributes; it is thread-safe
    // once configured. The defaults still allow forms (a fake "confirm your password" box posting elsewhere),
    // style (a fixed overlay that covers the page's own buttons), ids (clashing with the page's) and any image
    // URL (a tracking pixel that tells a third party who read the card).
    private static readonly HtmlSanitizer Sanitizer = Create();

    // Markdig renders task-list boxes as disabled inputs; inputs are removed, so they become characters first.
    private const string Unchecked = "<input disabled=\"disabled\" type=\"checkbox\" />";
    private const string Checked = "<input disabled=\"disabled\" type=\"checkbox\" checked=\"checked\" />";

    public static string ToSafeHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline)
            .Replace(Checked, "\u2611", StringComparison.Ordinal).Replace(Unchecked, "\u2610", StringComparison.Ordinal));

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        foreach (var tag in new[] { "form", "input", "button", "select", "option", "optgroup", "textarea", "label", "fieldset", "legend", "datalist", "output" })
            sanitizer.AllowedTags.Remove(tag);
        foreach (var attribute in new[] { "style", "id", "name", "srcset", "action", "formaction" })
            sanitizer.AllowedAttributes.Remove(attribute);
        sanitizer.AllowedSchemes.Add("data");
        sanitizer.FilterUrl += (_, e) => e.SanitizedUrl = AllowedUrl(e.Tag.NodeName, e.OriginalUrl) ? e.SanitizedUrl : null;
        return sanitizer;
    }

    /// <summary>
    /// Links may point anywhere (the reader chooses to follow them). Anything the browser loads by itself
    /// (images and the like) must be relative to the portal or an inline data:image, never an external URL.
    /// </summary>
    private static bool AllowedUrl(string tagName, string url)
    {
        var u = url.Trim();
        var isLink = tagName.Equals("A", StringComparison.OrdinalIgnoreCase);
        if (u.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            return !isLink && u.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase);
        if (isLink) return true;
        return !(u.StartsWith("//", StringComparison.Ordinal) || u.StartsWith(@"\\", StringComparison.Ordinal)
            || u.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || u.StartsWith("https:", StringComparison.OrdinalIgnoreCase));
    }
}
