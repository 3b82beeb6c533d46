using System.Text;

namespace Lightning.Testing.Runners.Live;

/// <summary>Cuts text that arrives in pieces into whole lines (without their <c>\n</c> or <c>\r\n</c>); the rest waits for more.</summary>
internal sealed class LineSplitter
{
    readonly StringBuilder _partial = new();

    public List<string> Push(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n')
            {
                continue;
            }

            _partial.Append(text, start, i - start);
            lines.Add(Trim(_partial.ToString()));
            _partial.Clear();
            start = i + 1;
        }

        _partial.Append(text, start, text.Length - start);
        return lines;
    }

    /// <summary>What is left after the last newline, once no more text comes; null when nothing is.</summary>
    public string? Flush()
    {
        if (_partial.Length == 0)
        {
            return null;
        }

        var rest = Trim(_partial.ToString());
        _partial.Clear();
        return rest;
    }

    static string Trim(string line) => line.EndsWith('\r') ? line[..^1] : line;
}
