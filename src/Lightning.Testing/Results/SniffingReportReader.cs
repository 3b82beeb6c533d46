namespace Lightning.Testing.Results;

/// <summary>
/// The sniff-then-parse stream handling shared by <see cref="TestReportReader"/> and
/// <see cref="Coverage.CoverageReader"/>: opens report files, reads the first bytes to tell the format, and gives
/// back a stream that starts at the beginning again (rewound if it can seek, else the head replayed in front of the
/// rest, so nothing is buffered beyond the head).
/// </summary>
internal static class SniffingReportReader
{
    public static FileStream OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
    }

    /// <summary>
    /// Tells the format of <paramref name="stream"/> from its first <paramref name="headLength"/> bytes and returns
    /// the stream to parse from: <paramref name="stream"/> itself, rewound, or a replay of the head then the rest.
    /// </summary>
    public static async Task<(TFormat Format, Stream Stream)> SniffAsync<TFormat>(
        Stream stream, int headLength, Func<ReadOnlyMemory<byte>, TFormat> detect, CancellationToken cancellationToken)
    {
        var start = stream.CanSeek ? stream.Position : 0;
        var head = await ReadHeadAsync(stream, headLength, cancellationToken);
        var format = detect(head);
        if (stream.CanSeek)
        {
            stream.Position = start;
            return (format, stream);
        }

        return (format, new HeadReplayStream(head, stream));
    }

    /// <summary>The format of a seekable stream, which is left where it was.</summary>
    public static async Task<TFormat> DetectAsync<TFormat>(
        Stream stream, int headLength, Func<ReadOnlyMemory<byte>, TFormat> detect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var start = stream.Position;
        var head = await ReadHeadAsync(stream, headLength, cancellationToken);
        stream.Position = start;
        return detect(head);
    }

    static async Task<ReadOnlyMemory<byte>> ReadHeadAsync(Stream stream, int headLength, CancellationToken cancellationToken)
    {
        var buffer = new byte[headLength];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return buffer.AsMemory(0, length);
    }
}
