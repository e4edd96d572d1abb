using System.Text;
using Microsoft.AspNetCore.Components.Forms;

namespace GovernancePortal.ComponentTests.Evaluations;

/// <summary>A chosen file held in memory.</summary>
internal sealed class TextFile(string name, string text) : IBrowserFile
{
    private readonly byte[] bytes = Encoding.UTF8.GetBytes(text);
    public string Name => name;
    public DateTimeOffset LastModified => DateTimeOffset.UnixEpoch;
    public long Size => bytes.Length;
    public string ContentType => "text/csv";
    public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) =>
        Size > maxAllowedSize ? throw new IOException("too large") : new MemoryStream(bytes, writable: false);
}
