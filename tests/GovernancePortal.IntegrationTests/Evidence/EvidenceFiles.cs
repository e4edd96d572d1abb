using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UglyToad.PdfPig;

namespace GovernancePortal.IntegrationTests.Evidence;

/// <summary>Reading, rendering and verifying evidence files the way an auditor's tools would.</summary>
internal static class EvidenceFiles
{
    /// <summary>Rendered pages are kept for people to look at (TestResults/evidence-pages).</summary>
    public static readonly string Artefacts = Path.Combine(AppContext.BaseDirectory, "TestResults", "evidence-pages");

    internal static string AllText(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return string.Join("\n", doc.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    /// <summary>pdftoppm (poppler-utils, installed by test.sh) renders the first pages as PNG test artefacts.</summary>
    internal static void RenderPages(string pdfPath, string prefix)
    {
        using var p = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "6", pdfPath, Path.Combine(Artefacts, prefix)])
        { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        Assert.NotEmpty(Directory.GetFiles(Artefacts, prefix + "*.png"));
    }

    internal static async Task<JsonElement> Verify(HttpClient client, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/pdf");
        var response = await client.PostAsync("/api/v1/evidence/verify", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    internal static (int Code, string Output) RunScript(string zip, string pem)
    {
        var script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../docs/verify-evidence.sh"));
        using var p = Process.Start(new ProcessStartInfo("bash", [script, zip, pem]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
