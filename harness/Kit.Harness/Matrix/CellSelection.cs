using System.Text.RegularExpressions;

namespace Kit.Harness.Matrix;

/// <summary>A cell filter (--filter) or shard (--shard i/n) that cannot be understood.</summary>
public sealed class CellSelectionException(string message) : Exception(message);

/// <summary>
/// Which cells of the expanded matrix this run takes. --filter is a comma-separated list of terms that must all hold:
/// axis=value (the value may use * as a wildcard, e.g. scenario=pay-*) or plain text found in the cell's id.
/// --shard i/n takes every n-th cell starting at the i-th (1-based), so n machines split one matrix.
/// </summary>
public static class CellSelection
{
    public static IReadOnlyList<MatrixCell> Filter(IReadOnlyList<MatrixCell> cells, string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter)) return cells;
        var terms = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Term).ToList();
        return cells.Where(cell => terms.All(term => term(cell))).ToList();
    }

    private static Func<MatrixCell, bool> Term(string term)
    {
        var eq = term.IndexOf('=');
        if (eq < 0) return cell => cell.Id.Contains(term, StringComparison.OrdinalIgnoreCase);
        var axis = term[..eq];
        if (!MatrixCell.AxisNames.Contains(axis))
            throw new CellSelectionException($"--filter term '{term}': no axis '{axis}'; use one of {string.Join(", ", MatrixCell.AxisNames)} (or plain text)");
        var pattern = new Regex("^" + Regex.Escape(term[(eq + 1)..]).Replace("\\*", ".*") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return cell => pattern.IsMatch(cell.Value(axis));
    }

    public static (int Index, int Count) ParseShard(string shard)
    {
        var parts = shard.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var i) || !int.TryParse(parts[1], out var n) || n < 1 || i < 1 || i > n)
            throw new CellSelectionException($"--shard {shard}: write i/n with 1 <= i <= n, e.g. --shard 2/3 for the second of three machines");
        return (i, n);
    }

    public static IReadOnlyList<MatrixCell> Shard(IReadOnlyList<MatrixCell> cells, (int Index, int Count) shard) =>
        cells.Where((_, position) => position % shard.Count == shard.Index - 1).ToList();
}
