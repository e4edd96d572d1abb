namespace GovernancePortal.Core.Features.Lineage.Layout;

/// <summary>
/// The layered graph the layout works on: real nodes (0..n-1) plus virtual bend points that split every edge
/// spanning more than one layer, so that all segments join neighbouring layers.
/// </summary>
internal sealed class LayerGrid
{
    private readonly int real;
    private readonly List<int> layerOf;
    private readonly List<double> height;
    private readonly List<List<int>> preds = [], succs = [];
    private readonly Dictionary<(int, int), List<int>> bends = [];
    private List<int>[] order;
    private readonly List<int> pos;

    public LayerGrid(int n, int[] layer, List<(int From, int To)> links, IReadOnlyList<ViewNode> nodes)
    {
        real = n;
        layerOf = [.. layer];
        height = [.. nodes.Select(LayeredLayout.Height)];
        for (var i = 0; i < n; i++) { preds.Add([]); succs.Add([]); }
        foreach (var (from, to) in links)
        {
            var chain = new List<int>();
            var previous = from;
            for (var l = layer[from] + 1; l < layer[to]; l++)
            {
                var bend = layerOf.Count;
                layerOf.Add(l); height.Add(0); preds.Add([]); succs.Add([]);
                chain.Add(bend);
                Join(previous, bend);
                previous = bend;
            }
            Join(previous, to);
            bends[(from, to)] = chain;
        }
        // First order: real nodes as given (the collapse lists them nearest first), bends after them.
        order = new List<int>[layer.Max() + 1];
        for (var l = 0; l < order.Length; l++) order[l] = [];
        for (var i = 0; i < layerOf.Count; i++) order[layerOf[i]].Add(i);
        pos = [.. new int[layerOf.Count]];
        Reindex();
    }

    public int Layer(int item) => layerOf[item];

    public IReadOnlyList<int> Bends(int from, int to) => bends.TryGetValue((from, to), out var chain) ? chain : [];

    private void Join(int a, int b) { succs[a].Add(b); preds[b].Add(a); }

    private void Reindex()
    {
        foreach (var layer in order)
            for (var i = 0; i < layer.Count; i++) pos[layer[i]] = i;
    }

    /// <summary>Barycenter sweeps, down (by predecessors) and up (by successors); keeps the order with the fewest crossings.</summary>
    public void ReduceCrossings(int sweeps)
    {
        var best = order.Select(l => l.ToList()).ToArray();
        var fewest = Crossings();
        for (var s = 0; s < sweeps && fewest > 0; s++)
        {
            var downward = s % 2 == 0;
            for (var k = 1; k < order.Length; k++)
            {
                var l = downward ? k : order.Length - 1 - k;
                var reference = downward ? preds : succs;
                order[l] = order[l]
                    .Select(item => (item, key: reference[item].Count == 0 ? pos[item] : reference[item].Average(r => pos[r])))
                    .OrderBy(t => t.key).ThenBy(t => pos[t.item]).Select(t => t.item).ToList();
                Reindex();
            }
            var crossings = Crossings();
            if (crossings < fewest) { fewest = crossings; best = order.Select(l => l.ToList()).ToArray(); }
        }
        order = best;
        Reindex();
    }

    private long Crossings()
    {
        long total = 0;
        for (var l = 0; l + 1 < order.Length; l++)
        {
            var segments = order[l].SelectMany(a => succs[a].Select(b => (A: pos[a], B: pos[b]))).ToList();
            for (var i = 0; i < segments.Count; i++)
                for (var j = i + 1; j < segments.Count; j++)
                    if ((segments[i].A - segments[j].A) * (segments[i].B - segments[j].B) < 0) total++;
        }
        return total;
    }

    /// <summary>
    /// Vertical centres. Each layer is stacked without overlaps, then repeatedly pulled towards the mean of its
    /// neighbours in the previous (downward sweep) or next (upward sweep) layer, keeping the order and gaps.
    /// </summary>
    public double[] AssignY()
    {
        var y = new double[layerOf.Count];
        foreach (var layer in order)
            Place(layer, layer.Select(_ => 0.0).ToArray(), y);
        for (var s = 0; s < 8; s++)
        {
            var downward = s % 2 == 0;
            for (var k = 0; k < order.Length; k++)
            {
                var l = downward ? k : order.Length - 1 - k;
                var reference = s == 7 ? null : downward ? preds : succs;
                var desired = order[l].Select(item =>
                {
                    var near = reference is null ? preds[item].Concat(succs[item]).ToList() : reference[item];
                    return near.Count == 0 ? y[item] : near.Average(r => y[r]);
                }).ToArray();
                Place(order[l], desired, y);
            }
        }
        var top = Enumerable.Range(0, layerOf.Count).Min(i => y[i] - height[i] / 2);
        for (var i = 0; i < y.Length; i++) y[i] += LayeredLayout.Margin - top;
        return y;
    }

    /// <summary>Closest positions to <paramref name="desired"/> that keep order and gaps (pool-adjacent-violators).</summary>
    private void Place(List<int> layer, double[] desired, double[] y)
    {
        var offset = new double[layer.Count];
        for (var i = 1; i < layer.Count; i++)
            offset[i] = offset[i - 1] + Gap(layer[i - 1], layer[i]);
        var blocks = new List<(double Sum, int Count)>();
        for (var i = 0; i < layer.Count; i++)
        {
            blocks.Add((desired[i] - offset[i], 1));
            while (blocks.Count > 1 && blocks[^2].Sum / blocks[^2].Count > blocks[^1].Sum / blocks[^1].Count)
            {
                var merged = (blocks[^2].Sum + blocks[^1].Sum, blocks[^2].Count + blocks[^1].Count);
                blocks.RemoveRange(blocks.Count - 2, 2);
                blocks.Add(merged);
            }
        }
        var at = 0;
        foreach (var (sum, count) in blocks)
            for (var c = 0; c < count; c++, at++) y[layer[at]] = sum / count + offset[at];
    }

    private double Gap(int a, int b) =>
        (height[a] + height[b]) / 2 + (a < real && b < real ? LayeredLayout.NodeGap : LayeredLayout.BendGap);
}
