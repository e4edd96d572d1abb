namespace GovernancePortal.Benchmarks;

/// <summary>
/// The portal's memory at each count of idle circuits: live managed heap (LiveHeap) and settled RSS. Memory per idle
/// circuit is the heap slope between the last two counts, so one-time costs of the first renders (JIT, component and
/// MudBlazor caches) are left out; RSS also carries what the GC keeps reserved, so the heap slope is the figure.
/// </summary>
public sealed class IdleMemory(int pid)
{
    private readonly List<(int Circuits, long Heap)> heaps = [];

    public async Task MeasureAsync(int circuits, string what)
    {
        var rss = await PortalProcess.SettledRssAsync(pid);
        var heap = await LiveHeap.BytesAsync(pid);
        heaps.Add((circuits, heap));
        Console.WriteLine($"{circuits} circuits{what}: live managed heap {heap / 1048576.0:F1} MB, RSS {rss / 1024.0:F1} MB, load={IngestLoad.LoadAverage()}");
    }

    /// <summary>Prints the slope once there are two counts beside the one with no circuit (run2.sh starts ingest on this line).</summary>
    public void PrintPerCircuit()
    {
        if (heaps.Count < 3) return;
        var (a, b) = (heaps[^2], heaps[^1]);
        Console.WriteLine($"per idle circuit (heap slope {a.Circuits} -> {b.Circuits}): {(b.Heap - a.Heap) / 1024.0 / (b.Circuits - a.Circuits):F0} KB; " +
            $"first {heaps[1].Circuits} circuits incl. one-time costs: {(heaps[1].Heap - heaps[0].Heap) / 1024.0 / heaps[1].Circuits:F0} KB each");
    }
}
