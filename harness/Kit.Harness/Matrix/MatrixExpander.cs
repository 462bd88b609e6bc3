namespace Kit.Harness.Matrix;

/// <summary>
/// Turns a matrix file into its cells: the full product of the axes, or an all-pairs reduction (every pair of values
/// of two different axes appears in at least one cell), then the include rules add cells and the exclude rules remove
/// them. The order is deterministic, so shards of the same file agree.
/// </summary>
public static class MatrixExpander
{
    public static IReadOnlyList<MatrixCell> Expand(Matrix matrix)
    {
        var axes = Axes(matrix.Axes);
        var rows = (matrix.Combine ?? Combination.AllPairs) == Combination.Product ? Product(axes) : AllPairs(axes);
        var cells = rows.Select(row => ToCell(axes, row)).ToList();
        foreach (var include in matrix.Include ?? [])
            cells.Add(MatrixCell.From(include));
        var excluded = matrix.Exclude ?? [];
        return cells.Distinct().Where(cell => !excluded.Any(cell.Matches)).ToList();
    }

    /// <summary>The axes' values as strings, in the order of <see cref="MatrixCell.AxisNames"/>.</summary>
    private static IReadOnlyList<IReadOnlyList<string>> Axes(Axes a) =>
    [
        a.Scenario.Select(v => v.ToWireValue()).ToList(),
        a.Locale,
        a.Environment.Select(v => v.ToWireValue()).ToList(),
        a.DisplayMode,
        a.Loading.Select(v => v.ToWireValue()).ToList(),
        a.Device.Select(v => v.ToWireValue()).ToList(),
        (a.Browser ?? [Engine.Chromium]).Select(v => v.ToWireValue()).ToList(),
    ];

    private static MatrixCell ToCell(IReadOnlyList<IReadOnlyList<string>> axes, int[] row)
    {
        string V(int axis) => axes[axis][row[axis]];
        // The values came from the file's enums, so they parse back.
        EnvironmentWire.TryParse(V(2), out var environment);
        LoadingWire.TryParse(V(4), out var loading);
        DeviceWire.TryParse(V(5), out var device);
        ScenarioWire.TryParse(V(0), out var scenario);
        EngineWire.TryParse(V(6), out var engine);
        return new MatrixCell(V(1), environment, V(3), loading, device, scenario, engine);
    }

    private static List<int[]> Product(IReadOnlyList<IReadOnlyList<string>> axes)
    {
        var rows = new List<int[]> { new int[axes.Count] };
        for (var axis = 0; axis < axes.Count; axis++)
            rows = rows.SelectMany(row => Enumerable.Range(0, axes[axis].Count).Select(v => { var next = (int[])row.Clone(); next[axis] = v; return next; })).ToList();
        return rows;
    }

    /// <summary>
    /// Greedy all-pairs: each new row starts from the first pair not yet covered and fills every other axis with the
    /// value that covers the most uncovered pairs (ties: the earliest value), until every pair is covered.
    /// </summary>
    public static List<int[]> AllPairs(IReadOnlyList<IReadOnlyList<string>> axes)
    {
        var n = axes.Count;
        var uncovered = new HashSet<(int, int, int, int)>();
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
                for (var a = 0; a < axes[i].Count; a++)
                    for (var b = 0; b < axes[j].Count; b++)
                        uncovered.Add((i, a, j, b));
        var rows = new List<int[]>();
        if (uncovered.Count == 0) return [new int[n]]; // a single axis, or every axis with one value
        while (uncovered.Count > 0)
        {
            var (i0, a0, j0, b0) = uncovered.OrderBy(p => p).First();
            var row = Enumerable.Repeat(-1, n).ToArray();
            row[i0] = a0;
            row[j0] = b0;
            for (var axis = 0; axis < n; axis++)
            {
                if (row[axis] >= 0) continue;
                var best = 0;
                var bestGain = -1;
                for (var v = 0; v < axes[axis].Count; v++)
                {
                    var gain = 0;
                    for (var other = 0; other < n; other++)
                    {
                        if (other == axis || row[other] < 0) continue;
                        var pair = other < axis ? (other, row[other], axis, v) : (axis, v, other, row[other]);
                        if (uncovered.Contains(pair)) gain++;
                    }
                    if (gain > bestGain) (best, bestGain) = (v, gain);
                }
                row[axis] = best;
            }
            for (var i = 0; i < n; i++)
                for (var j = i + 1; j < n; j++)
                    uncovered.Remove((i, row[i], j, row[j]));
            rows.Add(row);
        }
        return rows;
    }
}
