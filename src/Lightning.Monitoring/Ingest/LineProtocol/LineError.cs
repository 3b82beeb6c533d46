namespace Lightning.Monitoring.Ingest.LineProtocol;

/// <summary>A line that was not written: its 1-based number in the body and why.</summary>
public sealed record LineError(int Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Reason}";
}

/// <summary>What one body gave: rows added to the batch, lines read, and the lines refused (at most the first 100 are kept).</summary>
public sealed record LineProtocolResult(int Rows, int Lines, int RejectedLines, IReadOnlyList<LineError> Errors)
{
    public bool HasErrors => RejectedLines > 0;

    /// <summary>One message naming the refused lines, as the HTTP endpoints answer it.</summary>
    public string Describe()
    {
        var shown = string.Join("; ", Errors);
        return RejectedLines > Errors.Count
            ? $"partial write: {RejectedLines} of {Lines} lines refused (first {Errors.Count}): {shown}"
            : $"partial write: {RejectedLines} of {Lines} lines refused: {shown}";
    }
}
