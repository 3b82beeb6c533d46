namespace Lightning.Collaboration.Replay;

/// <summary>A line diff (longest common subsequence) in the unified style: lines prefixed "-", "+" or " ".</summary>
public static class LineDiff
{
    /// <summary>Past this many lines on a side, the diff is the two texts whole rather than an O(n·m) table.</summary>
    const int MaxLines = 2000;

    public static IReadOnlyList<string> Unified(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var a = Lines(left);
        var b = Lines(right);
        if (a.Length > MaxLines || b.Length > MaxLines)
        {
            return [.. a.Select(line => "-" + line), .. b.Select(line => "+" + line)];
        }

        // lengths[i, j]: the longest common subsequence of a[i..] and b[j..].
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = string.Equals(a[i], b[j], StringComparison.Ordinal) ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var lines = new List<string>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (string.Equals(a[x], b[y], StringComparison.Ordinal))
            {
                lines.Add(" " + a[x++]);
                y++;
            }
            else if (lengths[x + 1, y] >= lengths[x, y + 1])
            {
                lines.Add("-" + a[x++]);
            }
            else
            {
                lines.Add("+" + b[y++]);
            }
        }

        lines.AddRange(a.Skip(x).Select(line => "-" + line));
        lines.AddRange(b.Skip(y).Select(line => "+" + line));
        return lines;
    }

    static string[] Lines(string text) => text.Length == 0 ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
