namespace Lightning.Cli.Output;

/// <summary>One object in detail: a label per line, values aligned after the longest label.</summary>
internal sealed class DetailList
{
    readonly List<(string Label, string Value)> _lines = [];

    public DetailList Add(string label, string? value)
    {
        _lines.Add((label, string.IsNullOrEmpty(value) ? Formats.None : value));
        return this;
    }

    /// <summary>Adds the line only when there is a value: for fields that are usually absent, like an error.</summary>
    public DetailList AddIfPresent(string label, string? value) => string.IsNullOrEmpty(value) ? this : Add(label, value);

    public void Write(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var width = _lines.Count == 0 ? 0 : _lines.Max(line => line.Label.Length) + 1;
        foreach (var (label, value) in _lines)
        {
            writer.WriteLine($"{(label + ":").PadRight(width)}  {value}");
        }
    }
}
