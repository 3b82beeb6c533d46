using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Ingest.LineProtocol;

/// <summary>
/// Writes a <see cref="PointBatch"/> as line protocol (nanosecond timestamps). Consecutive rows of the same series and
/// timestamp become one line with several fields. Floats that line protocol cannot carry (NaN, infinities) are left
/// out and counted, as InfluxDB would refuse the whole line.
/// </summary>
public static class LineProtocolWriter
{
    /// <summary>Writes rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>); returns how many rows were left out.</summary>
    public static int Write(PointBatch batch, int start, int count, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (count < 0 || start + count > batch.Count) throw new ArgumentOutOfRangeException(nameof(count));

        var seriesText = new byte[batch.Series.Count][];
        var skipped = 0;
        var open = false;
        int openSeries = -1;
        long openTime = 0;
        for (var row = start; row < start + count; row++)
        {
            var value = batch.ValueAt(row);
            if (value.Kind == FieldKind.Float && !double.IsFinite(value.AsDouble()))
            {
                skipped++;
                continue;
            }

            var series = batch.SeriesIndexAt(row);
            var time = batch.TimestampAt(row);
            if (open && series == openSeries && time == openTime)
            {
                WriteByte(output, (byte)',');
            }
            else
            {
                if (open) EndLine(output, openTime);
                var text = seriesText[series] ??= Encoding.UTF8.GetBytes(batch.Series[series].Canonical);
                output.Write(text);
                WriteByte(output, (byte)' ');
                open = true;
                openSeries = series;
                openTime = time;
            }

            WriteEscaped(output, batch.FieldAt(row), fieldName: true);
            WriteByte(output, (byte)'=');
            WriteValue(output, value);
        }

        if (open) EndLine(output, openTime);
        return skipped;
    }

    public static int Write(PointBatch batch, IBufferWriter<byte> output) => Write(batch, 0, batch?.Count ?? 0, output);

    /// <summary>The batch as a string (tests, exports of small batches).</summary>
    public static string ToText(PointBatch batch)
    {
        var output = new ArrayBufferWriter<byte>();
        Write(batch, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    static void EndLine(IBufferWriter<byte> output, long time)
    {
        WriteByte(output, (byte)' ');
        var span = output.GetSpan(21);
        Utf8Formatter.TryFormat(time, span, out var written);
        span[written] = (byte)'\n';
        output.Advance(written + 1);
    }

    static void WriteValue(IBufferWriter<byte> output, FieldValue value)
    {
        switch (value.Kind)
        {
            case FieldKind.Float:
            {
                var span = output.GetSpan(32);
                value.AsDouble().TryFormat(span, out var written, "R", System.Globalization.CultureInfo.InvariantCulture);
                output.Advance(written);
                break;
            }
            case FieldKind.Integer:
            {
                var span = output.GetSpan(21);
                Utf8Formatter.TryFormat(value.AsInteger(), span, out var written);
                span[written] = (byte)'i';
                output.Advance(written + 1);
                break;
            }
            case FieldKind.Boolean:
                output.Write(value.AsBoolean() ? "true"u8 : "false"u8);
                break;
            default:
                WriteByte(output, (byte)'"');
                WriteEscaped(output, value.AsString(), fieldName: false);
                WriteByte(output, (byte)'"');
                break;
        }
    }

    /// <summary>Field names escape comma, space and '='; string values escape quote and backslash.</summary>
    static void WriteEscaped(IBufferWriter<byte> output, string text, bool fieldName)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            var escape = fieldName ? b is (byte)',' or (byte)' ' or (byte)'=' : b is (byte)'"' or (byte)'\\';
            if (escape) WriteByte(output, (byte)'\\');
            WriteByte(output, b);
        }
    }

    static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}
