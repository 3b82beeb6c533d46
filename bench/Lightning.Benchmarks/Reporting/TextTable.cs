using System.Text;

namespace Lightning.Benchmarks.Reporting;

/// <summary>A Markdown table with padded columns: readable in a terminal and pasted as is into docs/benchmarks.md.</summary>
internal sealed class TextTable(params string[] headers)
{
    readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public override string ToString()
    {
        var widths = headers.Select((header, column) => _rows.Select(row => column < row.Length ? row[column].Length : 0).Append(header.Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            text.Append("| ").AppendJoin(" | ", widths.Select((width, column) => (column < cells.Count ? cells[column] : string.Empty).PadRight(width))).Append(" |\n");
        Line(headers);
        text.Append('|').AppendJoin('|', widths.Select(width => new string('-', width + 2))).Append("|\n");
        foreach (var row in _rows)
        {
            Line(row);
        }

        return text.ToString();
    }
}
