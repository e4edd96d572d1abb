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

    /// <summary>
    /// Seconds the process's threads spent on a CPU and runnable but waiting for one (/proc/PID/task/*/schedstat,
    /// summed over the threads alive now): on a shared machine the second tells CPU the portal was not given from a
    /// wait inside it, where the portal's thread is not runnable at all.
    /// </summary>
    public static (double OnCpu, double Runnable) SchedSeconds(int pid)
    {
        var (on, waiting) = (0L, 0L);
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                (on, waiting) = (on + long.Parse(fields[0]), waiting + long.Parse(fields[1])); // nanoseconds
            }
            catch (IOException) { } // the thread ended between listing and reading
        }
        return (on / 1e9, waiting / 1e9);
    }

    /// <summary>The q-quantile of an ascending array (nearest rank), NaN when nothing was measured.</summary>
    public static double Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];
}
