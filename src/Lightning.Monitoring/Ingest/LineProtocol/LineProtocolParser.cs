using System.Buffers;
using System.Globalization;
using System.Text;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Ingest.LineProtocol;

/// <summary>
/// Reads InfluxDB line protocol (<c>measurement,tag=v field=1.5,n=2i,s="x",b=t 1700000000000000000</c>) from UTF-8
/// bytes into a <see cref="PointBatch"/>. As InfluxDB's <c>/write</c> does, good lines are kept and bad lines are
/// reported with their number and reason. A line adds nothing until all of it has been read, so a bad line never
/// leaves half a point behind.
/// </summary>
/// <remarks>
/// One parser serves one body at a time (not thread-safe); reuse it across bodies: it remembers the series and field
/// names it has decoded (by their raw bytes), so a repeated series costs a hash lookup, not a string.
/// Unsigned values (<c>u</c>) are kept as integers and refused above <see cref="long.MaxValue"/>.
/// </remarks>
public sealed class LineProtocolParser
{
    const int MaxErrorsKept = 100;
    static readonly SearchValues<byte> NumberBytes = SearchValues.Create("0123456789.eE+-"u8);
    // Where a scan has to look closer: the series ends at a space; a field name at '='; a value at a space or a comma;
    // a backslash escapes; '\r' ends a line only before '\n'. Found with the vectorized IndexOfAny, not byte by byte.
    static readonly SearchValues<byte> SeriesStops = SearchValues.Create(" \\\n\r"u8);
    static readonly SearchValues<byte> NameStops = SearchValues.Create("= ,\\\n\r"u8);
    static readonly SearchValues<byte> ValueStops = SearchValues.Create(" ,\n\r"u8);
    const int MaxCachedSeries = 200_000;
    const int MaxCachedFields = 10_000;

    readonly ByteKeyCache<SeriesSlot> _series = new();
    readonly ByteKeyCache<string> _fieldNames = new();
    PendingField[] _pending = new PendingField[16];
    // The field names of the previous line by position, with their raw bytes (the interned key arrays): lines of one
    // measurement repeat their fields in the same order, so a name usually costs one short compare, not a hash lookup.
    byte[]?[] _lastFieldKeys = new byte[16][];
    string?[] _lastFieldNames = new string[16];
    int _call;

    sealed class SeriesSlot(SeriesKey key)
    {
        public SeriesKey Key { get; } = key;
        public int Call { get; set; }
        public int Index { get; set; }
    }

    record struct PendingField(string Name, FieldValue Value);

    sealed class LineException(string reason) : Exception(reason);

    /// <summary>Parses a whole body. Lines without a timestamp get <paramref name="defaultTimestampNs"/>.</summary>
    public LineProtocolResult Parse(ReadOnlySpan<byte> body, PointBatch batch, Precision precision, long defaultTimestampNs)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _call++;
        if (_series.Count > MaxCachedSeries) _series.Clear();
        if (_fieldNames.Count > MaxCachedFields) _fieldNames.Clear();

        var multiplier = precision.Multiplier();
        var errors = new List<LineError>();
        int rows = 0, lines = 0, rejected = 0, lineNumber = 1, position = 0;
        while (position < body.Length)
        {
            var start = position;
            var startLine = lineNumber;
            try
            {
                var added = ParseLine(body, ref position, ref lineNumber, batch, multiplier, defaultTimestampNs);
                if (added < 0) continue; // blank line or comment
                rows += added;
                lines++;
            }
            catch (LineException error)
            {
                lines++;
                rejected++;
                if (errors.Count < MaxErrorsKept) errors.Add(new LineError(startLine, error.Message));
                // Resume after the end of the bad line (never before where the line started).
                position = Math.Max(position, start);
                var end = body[position..].IndexOf((byte)'\n');
                position = end < 0 ? body.Length : position + end + 1;
                lineNumber++;
            }
        }

        return new LineProtocolResult(rows, lines, rejected, errors);
    }

    /// <summary>Parses a body held in a string (tests, small callers).</summary>
    public LineProtocolResult Parse(string body, PointBatch batch, Precision precision, long defaultTimestampNs) =>
        Parse(Encoding.UTF8.GetBytes(body ?? throw new ArgumentNullException(nameof(body))), batch, precision, defaultTimestampNs);

    /// <summary>One line from <paramref name="position"/>; leaves it after the line's newline. -1 for blank lines and comments.</summary>
    int ParseLine(ReadOnlySpan<byte> body, ref int position, ref int lineNumber, PointBatch batch, long multiplier, long defaultTimestampNs)
    {
        var i = position;
        while (i < body.Length && body[i] is (byte)' ' or (byte)'\t') i++;
        if (i >= body.Length || IsLineEnd(body, i) || body[i] == '#')
        {
            var end = body[i..].IndexOf((byte)'\n');
            position = end < 0 ? body.Length : i + end + 1;
            lineNumber++;
            return -1;
        }

        position = i;
        // The series: everything up to the first unescaped space.
        var keyStart = i;
        while (true)
        {
            var next = body[i..].IndexOfAny(SeriesStops);
            if (next < 0)
            {
                i = body.Length;
                break;
            }
            i += next;
            if (body[i] == '\\')
            {
                i += i + 1 < body.Length && body[i + 1] != '\n' ? 2 : 1;
                continue;
            }
            if (body[i] == '\r' && !IsLineEnd(body, i))
            {
                i++;
                continue;
            }
            break; // a space or the line's end
        }

        var rawKey = body[keyStart..i];
        if (i >= body.Length || body[i] != ' ') throw new LineException("missing fields (no space after the series)");
        position = i;
        while (i < body.Length && body[i] == ' ') i++;

        // The fields, kept aside until the line has been read to its end.
        var fieldCount = 0;
        while (true)
        {
            if (i >= body.Length || IsLineEnd(body, i)) throw new LineException("missing fields");
            var nameStart = i;
            var escaped = false;
            while (true)
            {
                var next = body[i..].IndexOfAny(NameStops);
                if (next < 0)
                {
                    i = body.Length;
                    break;
                }
                i += next;
                var c = body[i];
                if (c == '=') break;
                if (c == '\\')
                {
                    if (i + 1 < body.Length && body[i + 1] != '\n')
                    {
                        i++;
                        escaped = true;
                    }
                    i++;
                    continue;
                }
                if (c == '\r' && !IsLineEnd(body, i))
                {
                    i++;
                    continue;
                }
                throw new LineException($"field '{Decode(body[nameStart..i])}' has no '=' and value");
            }

            if (i >= body.Length) throw new LineException("missing field value");
            if (i == nameStart) throw new LineException("a field has an empty name");
            var name = FieldNameAt(fieldCount, body[nameStart..i], escaped);
            i++; // '='
            position = i;
            if (i >= body.Length || body[i] is (byte)' ' or (byte)',' || IsLineEnd(body, i))
                throw new LineException($"field '{name}' has no value");

            FieldValue value;
            if (body[i] == '"')
            {
                value = FieldValue.OfString(ReadString(body, ref i, ref lineNumber, name));
            }
            else
            {
                var valueStart = i;
                while (true)
                {
                    var next = body[i..].IndexOfAny(ValueStops);
                    if (next < 0)
                    {
                        i = body.Length;
                        break;
                    }
                    i += next;
                    if (body[i] == '\r' && !IsLineEnd(body, i))
                    {
                        i++;
                        continue;
                    }
                    break;
                }
                value = ParseValue(body[valueStart..i], name);
            }

            if (fieldCount == _pending.Length) Array.Resize(ref _pending, fieldCount * 2);
            _pending[fieldCount++] = new PendingField(name, value);
            position = i;
            if (i < body.Length && body[i] == ',') { i++; continue; }
            break;
        }

        // The timestamp, when there is one.
        var timestamp = defaultTimestampNs;
        while (i < body.Length && body[i] == ' ') i++;
        if (i < body.Length && !IsLineEnd(body, i))
        {
            var timeStart = i;
            while (i < body.Length && body[i] != ' ' && !IsLineEnd(body, i)) i++;
            timestamp = ParseTimestamp(body[timeStart..i], multiplier);
            while (i < body.Length && body[i] is (byte)' ' or (byte)'\t') i++;
            position = i;
            if (i < body.Length && !IsLineEnd(body, i)) throw new LineException("unexpected text after the timestamp");
        }

        // The whole line is good: now it may touch the batch.
        var series = SeriesIndex(rawKey, batch);
        for (var f = 0; f < fieldCount; f++) batch.Add(series, _pending[f].Name, timestamp, _pending[f].Value);
        Array.Clear(_pending, 0, fieldCount);

        if (i < body.Length && body[i] == '\r') i++;
        position = i < body.Length ? i + 1 : i;
        lineNumber++;
        return fieldCount;
    }

    static bool IsLineEnd(ReadOnlySpan<byte> body, int i) =>
        body[i] == '\n' || (body[i] == '\r' && (i + 1 == body.Length || body[i + 1] == '\n'));

    int SeriesIndex(ReadOnlySpan<byte> rawKey, PointBatch batch)
    {
        var hash = ByteKeyCache<SeriesSlot>.Hash(rawKey);
        var slot = _series.Find(rawKey, hash);
        if (slot is null)
        {
            slot = new SeriesSlot(DecodeSeries(rawKey));
            _series.Add(rawKey, hash, slot);
        }

        if (slot.Call != _call)
        {
            slot.Index = batch.AddSeries(slot.Key);
            slot.Call = _call;
        }

        return slot.Index;
    }

    static SeriesKey DecodeSeries(ReadOnlySpan<byte> raw)
    {
        var i = 0;
        while (i < raw.Length && raw[i] != ',')
        {
            if (raw[i] == '\\' && i + 1 < raw.Length) i++;
            i++;
        }

        var measurement = Unescape(raw[..Math.Min(i, raw.Length)], measurement: true);
        if (measurement.Length == 0) throw new LineException("missing measurement");
        var tags = new List<KeyValuePair<string, string>>();
        while (i < raw.Length)
        {
            i++; // ','
            var keyStart = i;
            while (i < raw.Length && raw[i] != '=' && raw[i] != ',')
            {
                if (raw[i] == '\\' && i + 1 < raw.Length) i++;
                i++;
            }

            if (i >= raw.Length || raw[i] != '=') throw new LineException($"tag '{Decode(raw[keyStart..Math.Min(i, raw.Length)])}' has no '=' and value");
            var key = Unescape(raw[keyStart..i], measurement: false);
            if (key.Length == 0) throw new LineException("a tag has an empty key");
            i++;
            var valueStart = i;
            while (i < raw.Length && raw[i] != ',')
            {
                if (raw[i] == '=') throw new LineException($"tag '{key}' has an unescaped '=' in its value");
                if (raw[i] == '\\' && i + 1 < raw.Length) i++;
                i++;
            }

            var value = Unescape(raw[valueStart..Math.Min(i, raw.Length)], measurement: false);
            if (value.Length == 0) throw new LineException($"tag '{key}' has no value");
            tags.Add(new(key, value));
        }

        try
        {
            return new SeriesKey(measurement, tags);
        }
        catch (ValidationFailedException error)
        {
            throw new LineException(error.Message);
        }
    }

    /// <summary>The name of the line's field number <paramref name="position"/>: the previous line's when the bytes match.</summary>
    string FieldNameAt(int position, ReadOnlySpan<byte> raw, bool escaped)
    {
        if (position < _lastFieldKeys.Length && _lastFieldKeys[position] is { } lastKey && raw.SequenceEqual(lastKey))
            return _lastFieldNames[position]!;
        var name = FieldName(raw, escaped, out var key);
        if (position >= _lastFieldKeys.Length)
        {
            Array.Resize(ref _lastFieldKeys, position * 2);
            Array.Resize(ref _lastFieldNames, position * 2);
        }
        _lastFieldKeys[position] = key;
        _lastFieldNames[position] = name;
        return name;
    }

    string FieldName(ReadOnlySpan<byte> raw, bool escaped, out byte[] key)
    {
        var hash = ByteKeyCache<string>.Hash(raw);
        var name = _fieldNames.Find(raw, hash, out key!);
        if (name is not null) return name;
        name = escaped ? Unescape(raw, measurement: false) : Decode(raw);
        key = _fieldNames.Add(raw, hash, name);
        return name;
    }

    static FieldValue ParseValue(ReadOnlySpan<byte> token, string field)
    {
        var last = token[^1];
        // The common float first: TryParseShortDecimal takes only [-]digits[.digits], which every check below would pass.
        if ((uint)(last - '0') <= 9 && TryParseShortDecimal(token, out var shortDecimal)) return FieldValue.OfFloat(shortDecimal);
        if (last == 'i')
        {
            return TryParseShortInteger(token[..^1], out var integer)
                || long.TryParse(token[..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integer)
                ? FieldValue.OfInteger(integer)
                : throw new LineException($"field '{field}': invalid integer '{Decode(token)}'");
        }

        if (last == 'u')
        {
            if (!ulong.TryParse(token[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var unsigned))
                throw new LineException($"field '{field}': invalid unsigned integer '{Decode(token)}'");
            return unsigned <= long.MaxValue
                ? FieldValue.OfInteger((long)unsigned)
                : throw new LineException($"field '{field}': unsigned value {unsigned} is above the largest stored integer");
        }

        if (IsBoolean(token, out var boolean)) return FieldValue.OfBoolean(boolean);

        // Only digits, a sign, a point and an exponent: double.TryParse alone would also take "NaN" and "Infinity".
        var first = token[0];
        if (!(first is >= (byte)'0' and <= (byte)'9' || first is (byte)'-' or (byte)'.') || token.IndexOfAnyExcept(NumberBytes) >= 0)
            throw new LineException($"field '{field}': invalid value '{Decode(token)}' (strings must be quoted)");
        if (TryParseShortDecimal(token, out var number)) return FieldValue.OfFloat(number);
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
            throw new LineException($"field '{field}': invalid number '{Decode(token)}'");
        return double.IsFinite(number) ? FieldValue.OfFloat(number) : throw new LineException($"field '{field}': number '{Decode(token)}' is out of range");
    }

    static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>
    /// Clinger's fast path for the common float (<c>-12.345</c>: at most 15 digits, no exponent): the digits make an
    /// integer below 2^53 and the scale a power of ten up to 10^15, both exact doubles, so one IEEE division gives the
    /// correctly rounded value, the same double that <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/>
    /// returns, in a fraction of its time. Anything else (exponents, more digits) is left to double.TryParse.
    /// </summary>
    static bool TryParseShortDecimal(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        var i = token[0] == '-' ? 1 : 0;
        long digits = 0;
        int count = 0, scale = -1;
        for (; i < token.Length; i++)
        {
            var c = token[i];
            if (c == '.')
            {
                if (scale >= 0) return false;
                scale = 0;
                continue;
            }
            var digit = (uint)(c - '0');
            if (digit > 9 || ++count > 15) return false;
            digits = digits * 10 + digit;
            if (scale >= 0) scale++;
        }
        if (count == 0) return false;
        value = scale > 0 ? digits / PowersOfTen[scale] : digits;
        if (token[0] == '-') value = -value;
        return true;
    }

    /// <summary>
    /// <c>[-]digits</c> of at most 18 digits (below 10^18, so no overflow): the usual integer value and timestamp, without
    /// long.TryParse's generic number parsing. Anything else (a '+', 19 digits) is left to long.TryParse.
    /// </summary>
    static bool TryParseShortInteger(ReadOnlySpan<byte> token, out long value)
    {
        value = 0;
        var negative = token.Length > 0 && token[0] == '-';
        var i = negative ? 1 : 0;
        if (token.Length == i || token.Length - i > 18) return false;
        long result = 0;
        for (; i < token.Length; i++)
        {
            var digit = (uint)(token[i] - '0');
            if (digit > 9) return false;
            result = result * 10 + digit;
        }
        value = negative ? -result : result;
        return true;
    }

    static bool IsBoolean(ReadOnlySpan<byte> token, out bool value)
    {
        value = token[0] is (byte)'t' or (byte)'T';
        return token.Length switch
        {
            1 => token[0] is (byte)'t' or (byte)'T' or (byte)'f' or (byte)'F',
            4 => token.SequenceEqual("true"u8) || token.SequenceEqual("True"u8) || token.SequenceEqual("TRUE"u8),
            5 => token.SequenceEqual("false"u8) || token.SequenceEqual("False"u8) || token.SequenceEqual("FALSE"u8),
            _ => false,
        };
    }

    static string ReadString(ReadOnlySpan<byte> body, ref int i, ref int lineNumber, string field)
    {
        var start = ++i; // after the opening quote
        var escaped = false;
        var newlines = 0;
        while (i < body.Length && body[i] != '"')
        {
            if (body[i] == '\\' && i + 1 < body.Length) { i++; escaped = true; }
            if (body[i] == '\n') newlines++;
            i++;
        }

        if (i >= body.Length) throw new LineException($"field '{field}': unterminated string");
        var raw = body[start..i];
        i++; // closing quote
        if (i < body.Length && body[i] is not ((byte)' ' or (byte)',') && !IsLineEnd(body, i))
            throw new LineException($"field '{field}': text after the closing quote");
        lineNumber += newlines;
        if (!escaped) return Decode(raw);

        // InfluxDB string escapes: \" and \\; any other backslash is kept.
        var buffer = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            var length = 0;
            for (var k = 0; k < raw.Length; k++)
            {
                if (raw[k] == '\\' && k + 1 < raw.Length && raw[k + 1] is (byte)'"' or (byte)'\\') k++;
                buffer[length++] = raw[k];
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    static long ParseTimestamp(ReadOnlySpan<byte> token, long multiplier)
    {
        if (!TryParseShortInteger(token, out var value) && !long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            throw new LineException($"invalid timestamp '{Decode(token)}'");
        try
        {
            return checked(value * multiplier);
        }
        catch (OverflowException)
        {
            throw new LineException($"timestamp '{Decode(token)}' is out of range for its precision");
        }
    }

    /// <summary>Line-protocol unescaping: <c>\,</c> and <c>\ </c> everywhere, <c>\=</c> in tags and field names.</summary>
    static string Unescape(ReadOnlySpan<byte> raw, bool measurement)
    {
        if (raw.IndexOf((byte)'\\') < 0) return Decode(raw);
        var buffer = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            var length = 0;
            for (var k = 0; k < raw.Length; k++)
            {
                if (raw[k] == '\\' && k + 1 < raw.Length && (raw[k + 1] is (byte)',' or (byte)' ' || (!measurement && raw[k + 1] == '='))) k++;
                buffer[length++] = raw[k];
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    static string Decode(ReadOnlySpan<byte> raw) => Encoding.UTF8.GetString(raw);
}
