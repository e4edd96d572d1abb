using System.Text;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Evaluations.Computed;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace GovernancePortal.Web.Api;

/// <summary>
/// The multipart body of an evidence upload, read section by section straight off the request: each file part
/// (<c>file</c>, and <c>perturbedFile</c> for robustness) goes into the service's upload spool as it arrives, hashed and
/// size-checked in the same pass (<see cref="ComputedEvaluationService.SpoolAsync"/>), so the bytes are written to disk
/// once; text fields are kept as they come, before or after the files. ASP.NET's form reader is not used: it buffers the
/// whole body to its own temporary file first. Any refusal deletes what was spooled; disposing deletes the rest.
/// </summary>
public sealed class EvidenceForm : IAsyncDisposable
{
    /// <summary>Parts one upload may have: two files and the fields (about fifteen) with room to spare.</summary>
    public const int MaxParts = 32;

    /// <summary>Headers of one part (a file name, its type): with <see cref="MaxParts"/>, well inside the form's allowance.</summary>
    private const int MaxPartHeaderBytes = 4 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, string> fields = new(StringComparer.Ordinal);

    public SpooledPart? File { get; private set; }
    public SpooledPart? PerturbedFile { get; private set; }

    /// <summary>A field's trimmed value, or null when it was not sent or is blank.</summary>
    public string? Field(string name) => fields.TryGetValue(name, out var v) && v.Trim() is { Length: > 0 } s ? s : null;

    /// <summary>A file part, spooled: its bytes and digest, and the file name the client gave it.</summary>
    public sealed record SpooledPart(UploadSpool Spool, string FileName);

    /// <summary>
    /// Reads the whole body. A problem (400, or 413 when the request passes its size limit while being read) names the
    /// part being read; nothing is left in the spool then.
    /// </summary>
    public static async Task<(EvidenceForm? Form, IResult? Problem)> ReadAsync(HttpRequest request, ComputedEvaluationService service,
        bool robustness, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !string.Equals(type.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return (null, Invalid("body", "send multipart/form-data with a 'file' part and the column fields."));
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        // RFC 2046 allows 1 to 70 characters.
        if (boundary is not { Length: > 0 and <= 70 })
            return (null, Invalid("body", "has no usable multipart boundary: the Content-Type must be multipart/form-data; boundary=… (1 to 70 characters)."));

        var form = new EvidenceForm();
        var part = "body";
        try
        {
            var problem = await form.ReadSectionsAsync(new MultipartReader(boundary, request.Body)
            {
                // Files are limited by the spool (a clear message naming the part), fields by ReadFieldAsync.
                BodyLengthLimit = null, HeadersCountLimit = 8, HeadersLengthLimit = MaxPartHeaderBytes,
            }, service, robustness, p => part = p, ct);
            if (problem is null) return (form, null);
            await form.DisposeAsync();
            return (null, problem);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            await form.DisposeAsync();
            // Kestrel's request-size limit, passed while streaming (a body without Content-Length).
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
                return (null, Results.ValidationProblem(new Dictionary<string, string[]> { [part] = [$"{part} made the request larger than the {Limit(request):N0} bytes allowed."] },
                    statusCode: 413, title: "Request body too large; nothing was stored."));
            var what = part == "body" ? "is not a readable multipart/form-data body" : "could not be read to the end of its part";
            return (null, Invalid(part, $"{what}: {Clean(e.Message)}"));
        }
        catch
        {
            // A client that went away (cancellation), the spool's own disk (UploadSpool.StorageException: a server
            // error, answered without its path by the exception handler), anything else: nothing stays spooled.
            await form.DisposeAsync();
            throw;
        }
    }

    private async Task<IResult?> ReadSectionsAsync(MultipartReader reader, ComputedEvaluationService service, bool robustness,
        Action<string> reading, CancellationToken ct)
    {
        var parts = 0;
        var fieldBytes = 0;
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (++parts > MaxParts) return Invalid("body", $"has more than {MaxParts} parts.");
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                return Invalid("body", "has a part without Content-Disposition: form-data; name=\"…\".");
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (string.IsNullOrEmpty(name)) return Invalid("body", "has a part without a name: name every part (file, environment, …).");
            reading(name);
            var isFile = name is "file" or "perturbedFile";
            if (disposition.IsFileDisposition() != isFile)
                return Invalid(name, isFile ? "must be a file part (Content-Disposition with a filename)."
                    : "is a field, not a file: send files only as 'file' (and 'perturbedFile' for robustness).");
            if (isFile)
            {
                if (name == "perturbedFile" && !robustness) return Invalid(name, "is only read for kind=robustness.");
                if ((name == "file" ? File : PerturbedFile) is not null) return Invalid(name, "was sent twice: send one file per part name.");
                var spooled = await service.SpoolAsync(name, section.Body, ct);
                if (spooled.Error is { } error) return ApiSetup.Problem(error);
                var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value! : HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "";
                if (name == "file") File = new(spooled.Value!, fileName); else PerturbedFile = new(spooled.Value!, fileName);
                continue;
            }
            if (fields.ContainsKey(name)) return Invalid(name, "was sent twice.");
            var (value, size) = await ReadFieldAsync(section.Body, ct);
            if (value is null)
                return Invalid(name, size < 0 ? "is not UTF-8 text." : $"is longer than the {ComputedEvidenceOptions.MaxFormFieldBytes:N0} bytes a field may have.");
            if ((fieldBytes += size) > ComputedEvidenceOptions.MaxFormFieldsBytes)
                return Invalid(name, $"takes the form fields past the {ComputedEvidenceOptions.MaxFormFieldsBytes:N0} bytes they may have together.");
            fields[name] = value;
        }
        reading("body");
        return null;
    }

    /// <summary>A field's text and size; null with size -1 when it is not UTF-8, null when it is longer than a field may be.</summary>
    private static async Task<(string? Value, int Size)> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        var buffer = new byte[ComputedEvidenceOptions.MaxFormFieldBytes + 1];
        var size = 0;
        int read;
        while (size < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(size), ct)) > 0) size += read;
        if (size > ComputedEvidenceOptions.MaxFormFieldBytes) return (null, size);
        try { return (StrictUtf8.GetString(buffer, 0, size), size); }
        catch (DecoderFallbackException) { return (null, -1); }
    }

    private static long? Limit(HttpRequest request) =>
        request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;

    private static string Clean(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    private static IResult Invalid(string field, string message) =>
        ApiSetup.Problem(new Error.Validation(new Dictionary<string, string> { [field] = message }));

    public async ValueTask DisposeAsync()
    {
        if (File is { } f) await f.Spool.DisposeAsync();
        if (PerturbedFile is { } p) await p.Spool.DisposeAsync();
    }
}
