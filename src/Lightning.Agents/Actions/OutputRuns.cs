using System.Globalization;
using System.Text;
using Lightning.Core.Processes;

namespace Lightning.Agents.Actions;

/// <summary>
/// Remembers which stream each stretch of an action's output came from, compactly (<c>o120,e30,o50</c>: 120 characters
/// of stdout, 30 of stderr, 50 of stdout), so a finished action replays with stderr still told apart.
/// </summary>
public sealed class OutputRuns
{
    readonly List<(OutputStream Stream, int Length)> _runs = [];
    readonly Lock _gate = new();

    public void Add(OutputChunk chunk)
    {
        lock (_gate)
        {
            if (_runs.Count > 0 && _runs[^1].Stream == chunk.Stream)
            {
                _runs[^1] = (chunk.Stream, _runs[^1].Length + chunk.Text.Length);
            }
            else if (chunk.Text.Length > 0)
            {
                _runs.Add((chunk.Stream, chunk.Text.Length));
            }
        }
    }

    public string Encode()
    {
        lock (_gate)
        {
            return string.Join(',', _runs.Select(run => (run.Stream == OutputStream.Stderr ? "e" : "o") + run.Length.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Splits <paramref name="output"/> back into its pieces; text the runs do not cover counts as stdout.</summary>
    public static IReadOnlyList<ActionOutputData> Split(string output, string? encoded)
    {
        ArgumentNullException.ThrowIfNull(output);
        var pieces = new List<ActionOutputData>();
        var position = 0;
        foreach (var run in (encoded ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (run.Length < 2 || !int.TryParse(run.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                break;
            }

            length = Math.Min(length, output.Length - position);
            if (length > 0)
            {
                pieces.Add(new ActionOutputData(run[0] == 'e' ? "stderr" : "stdout", output.Substring(position, length)));
                position += length;
            }
        }

        if (position < output.Length)
        {
            pieces.Add(new ActionOutputData("stdout", output[position..]));
        }

        return pieces;
    }
}
