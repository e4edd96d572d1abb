namespace GovernancePortal.Benchmarks;

/// <summary>What both circuit drivers read about the portal process from /proc, and how they summarise latencies.</summary>
public static class PortalProcess
{
    public static async Task<long> RssAsync(int pid) =>
        long.Parse((await File.ReadAllLinesAsync($"/proc/{pid}/status")).First(l => l.StartsWith("VmRSS:"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]); // KB

    /// <summary>RSS once it stops moving (less than 1 % over 5 s, at most a minute): background work settles first.</summary>
    public static async Task<long> SettledRssAsync(int pid)
    {
        var last = await RssAsync(pid);
        for (var i = 0; i < 12; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            var now = await RssAsync(pid);
            if (Math.Abs(now - last) < last / 100) return now;
            last = now;
        }
        return last;
    }

    /// <summary>User plus system CPU of the process in clock ticks (1/100 s on Linux).</summary>
    public static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11]) + long.Parse(fields[12]); // utime, stime
    }

    /// <summary>The q-quantile of an ascending array (nearest rank), NaN when nothing was measured.</summary>
    public static double Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];
}
