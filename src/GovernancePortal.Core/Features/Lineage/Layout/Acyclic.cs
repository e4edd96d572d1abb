namespace GovernancePortal.Core.Features.Lineage.Layout;

/// <summary>Finds the edges that close cycles, by a depth-first search in node order (iterative: lineage chains can be long).</summary>
internal static class Acyclic
{
    /// <returns>Indexes into <paramref name="edges"/> of the back edges.</returns>
    public static HashSet<int> BackEdges(int n, IReadOnlyList<(int From, int To)> edges)
    {
        var outs = new List<(int To, int Edge)>[n];
        for (var i = 0; i < n; i++) outs[i] = [];
        for (var k = 0; k < edges.Count; k++) outs[edges[k].From].Add((edges[k].To, k));
        var state = new byte[n]; // 0 new, 1 on the stack, 2 done
        var back = new HashSet<int>();
        var stack = new Stack<(int Node, int Next)>();
        for (var start = 0; start < n; start++)
        {
            if (state[start] != 0) continue;
            stack.Push((start, 0));
            state[start] = 1;
            while (stack.Count > 0)
            {
                var (u, next) = stack.Pop();
                if (next == outs[u].Count) { state[u] = 2; continue; }
                stack.Push((u, next + 1));
                var (v, edge) = outs[u][next];
                if (state[v] == 1) back.Add(edge);
                else if (state[v] == 0) { state[v] = 1; stack.Push((v, 0)); }
            }
        }
        return back;
    }
}
