using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// A process's live managed heap: dotnet-gcdump (a local tool, dotnet-tools.json) runs a full collection in the target
/// and walks what survives, so the figure is what the process really holds, not what the GC keeps reserved (RSS).
/// </summary>
public static partial class LiveHeap
{
    public static async Task<long> BytesAsync(int pid)
    {
        var dump = Path.Combine(Path.GetTempPath(), $"gp-heap-{pid}-{Guid.NewGuid():N}.gcdump");
        try
        {
            await ToolAsync($"collect -p {pid} -o {dump}");
            await FullDumpAsync(pid);
            var report = await ToolAsync($"report {dump}");
            var match = HeapLine().Match(report);
            if (!match.Success) throw new InvalidOperationException($"dotnet-gcdump report has no 'GC Heap bytes' line:\n{report}");
            return long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        }
        finally
        {
            // GP_KEEP_GCDUMP=1 keeps the dumps to see what a circuit holds (dotnet-gcdump report FILE).
            if (Environment.GetEnvironmentVariable("GP_KEEP_GCDUMP") == "1") Console.WriteLine($"kept {dump}");
            else File.Delete(dump);
        }
    }

    /// <summary>
    /// GP_FULL_DUMP=DIR also writes a heap dump there after each gcdump (dotnet-dump, e.g. installed with --tool-path),
    /// for what a gcdump cannot tell: exact bytes per type and who keeps an object (dotnet-dump analyze: dumpheap -stat,
    /// gcroot). GP_DOTNET_DUMP names the dotnet-dump executable (default: dotnet-dump on PATH).
    /// </summary>
    private static async Task FullDumpAsync(int pid)
    {
        var dir = Environment.GetEnvironmentVariable("GP_FULL_DUMP");
        if (string.IsNullOrEmpty(dir)) return;
        var file = Path.Combine(dir, $"heap-{pid}-{DateTime.UtcNow:HHmmss}.dmp");
        var tool = Environment.GetEnvironmentVariable("GP_DOTNET_DUMP") ?? "dotnet-dump";
        using var process = Process.Start(new ProcessStartInfo(tool, $"collect -p {pid} --type Heap -o {file}") { RedirectStandardOutput = true })!;
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Console.WriteLine(process.ExitCode == 0 ? $"full dump {file}" : $"dotnet-dump failed ({process.ExitCode})");
    }

    private static async Task<string> ToolAsync(string arguments)
    {
        var start = new ProcessStartInfo("dotnet", $"tool run dotnet-gcdump {arguments}")
        {
            WorkingDirectory = RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet-gcdump {arguments} failed ({process.ExitCode}): {await error}");
        return await output;
    }

    /// <summary>The clone's root, where dotnet-tools.json names the tool.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "dotnet-tools.json"))) return dir.FullName;
        throw new InvalidOperationException("dotnet-tools.json not found above the benchmark's folder.");
    }

    [GeneratedRegex(@"^\s*([\d,]+)\s+GC Heap bytes", RegexOptions.Multiline)]
    private static partial Regex HeapLine();
}
