using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lightning.Testing.Results;

namespace Lightning.Testing.Coverage.Formats;

/// <summary>
/// A JSON coverage report held in memory and read with <see cref="Utf8JsonReader"/>, so that any problem, a syntax
/// error or a value of the wrong kind, is reported at its line: the reader gives byte offsets, and this counts the
/// line breaks before one. JSON reports are read whole (a few megabytes even for large projects), XML ones streamed.
/// </summary>
internal sealed partial class JsonReportText
{
    readonly byte[] _bytes;

    JsonReportText(byte[] bytes, string source)
    {
        _bytes = bytes;
        Source = source;
    }

    public string Source { get; }

    public ReadOnlySpan<byte> Span => _bytes;

    public static async Task<JsonReportText> ReadAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return new JsonReportText(buffer.ToArray(), source);
    }

    /// <summary>
    /// Reads the whole report, then runs <paramref name="read"/> over it; a JSON syntax error becomes a
    /// <see cref="MalformedReportException"/> at the line the JSON reader found it.
    /// </summary>
    public static async Task<T> ParseAsync<T>(Stream stream, string source, Func<JsonReportText, T> read, CancellationToken cancellationToken)
    {
        var text = await ReadAsync(stream, source, cancellationToken);
        try
        {
            return read(text);
        }
        catch (JsonException exception)
        {
            throw text.Malformed(exception);
        }
    }

    public Utf8JsonReader Reader() => new(_bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });

    /// <summary>The 1-based line of a byte offset.</summary>
    public int LineAt(long offset)
    {
        var end = (int)Math.Min(offset, _bytes.Length);
        return _bytes.AsSpan(0, end).Count((byte)'\n') + 1;
    }

    public MalformedReportException Malformed(in Utf8JsonReader reader, string problem) => new(Source, LineAt(reader.TokenStartIndex), problem);

    /// <summary>A syntax error, at the line the JSON reader found it, without the reader's own location suffix.</summary>
    public MalformedReportException Malformed(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var line = exception.LineNumber is { } zeroBased ? (int)zeroBased + 1 : (int?)null;
        return new MalformedReportException(Source, line, LocationSuffix().Replace(exception.Message, string.Empty).Trim(), exception);
    }

    /// <summary>Moves to the next token; a report that ends first is cut short.</summary>
    public void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new MalformedReportException(Source, LineAt(_bytes.Length), "The report ends in the middle of a JSON value.");
        }
    }

    public void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        Next(ref reader);
        if (reader.TokenType != type)
        {
            throw Malformed(reader, $"{what} should be {Describe(type)}, not {Describe(reader.TokenType)}.");
        }
    }

    /// <summary>Reads an array of line numbers (1-based; coverage.py's negative exits are not lines).</summary>
    public List<int> ReadLineNumbers(ref Utf8JsonReader reader, string what)
    {
        Expect(ref reader, JsonTokenType.StartArray, what);
        var numbers = new List<int>();
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return numbers;
            }

            numbers.Add(ReadLineNumber(reader, what));
        }
    }

    public int ReadLineNumber(in Utf8JsonReader reader, string what) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number) && number >= 1
            ? number
            : throw Malformed(reader, $"{what} holds {Token(reader)}, which is not a line number.");

    public long ReadCount(in Utf8JsonReader reader, string what) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var count) && count >= 0
            ? count
            : throw Malformed(reader, $"{what} holds {Token(reader)}, which is not a count.");

    /// <summary>Skips the value after a property name.</summary>
    public void SkipValue(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
    }

    public static string Token(in Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"\"{reader.GetString()}\"",
        JsonTokenType.Number => Utf8(reader.ValueSpan),
        _ => Describe(reader.TokenType),
    };

    public static int ParseLineKey(string key) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 ? number : 0;

    static string Utf8(ReadOnlySpan<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    [GeneratedRegex(@"\s*(?:Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex LocationSuffix();
}
