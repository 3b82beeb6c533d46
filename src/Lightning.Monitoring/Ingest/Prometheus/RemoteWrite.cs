using Google.Protobuf;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Snappier;

namespace Lightning.Monitoring.Ingest.Prometheus;

/// <summary>
/// Prometheus remote_write (protocol 1.0): a snappy block-compressed <c>prometheus.WriteRequest</c> protobuf, read by
/// hand with <see cref="CodedInputStream"/> (no generated code). Each series becomes the measurement named by its
/// <c>__name__</c> label with the other labels as tags and one field <c>value</c>, as InfluxDB 1.x maps it.
/// </summary>
public static class RemoteWrite
{
    /// <summary>Decompresses and decodes a request body into the batch; returns the rows added. Bad bodies throw <see cref="ValidationFailedException"/>.</summary>
    public static int Decode(ReadOnlySpan<byte> snappyBody, PointBatch batch, int maxUncompressedBytes)
    {
        ArgumentNullException.ThrowIfNull(batch);
        byte[] raw;
        try
        {
            var length = Snappy.GetUncompressedLength(snappyBody);
            if (length > maxUncompressedBytes)
                throw new ValidationFailedException($"The remote_write body would decompress to {length} bytes, over the limit of {maxUncompressedBytes}.");
            raw = Snappy.DecompressToArray(snappyBody);
        }
        catch (Exception error) when (error is InvalidDataException or OverflowException or ArgumentException)
        {
            // Snappier reports a corrupt length header as an overflow, corrupt data as InvalidDataException.
            throw new ValidationFailedException("The remote_write body is not snappy block-compressed data.", error);
        }

        return DecodeWriteRequest(raw, batch);
    }

    /// <summary>Decodes an uncompressed WriteRequest.</summary>
    public static int DecodeWriteRequest(byte[] message, PointBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var rows = 0;
        try
        {
            var input = new CodedInputStream(message);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (tag == Tag(1, WireFormat.WireType.LengthDelimited)) rows += ReadTimeSeries(input.ReadBytes(), batch);
                else input.SkipLastField(); // metadata (field 3) and anything newer
            }
        }
        catch (OverflowException error)
        {
            throw new ValidationFailedException("A remote_write sample has a timestamp out of range.", error);
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new ValidationFailedException($"The remote_write body is not a valid WriteRequest: {error.Message}", error);
        }

        return rows;
    }

    static int ReadTimeSeries(ByteString bytes, PointBatch batch)
    {
        var input = bytes.CreateCodedInput();
        string? name = null;
        var tags = new List<KeyValuePair<string, string>>();
        var samples = new List<(double Value, long TimestampMs)>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == Tag(1, WireFormat.WireType.LengthDelimited))
            {
                var (key, value) = ReadLabel(input.ReadBytes());
                if (key == "__name__") name = value;
                else if (value.Length > 0) tags.Add(new(key, value));
            }
            else if (tag == Tag(2, WireFormat.WireType.LengthDelimited))
            {
                samples.Add(ReadSample(input.ReadBytes()));
            }
            else
            {
                input.SkipLastField(); // exemplars, histograms
            }
        }

        if (samples.Count == 0) return 0;
        if (string.IsNullOrEmpty(name)) throw new ValidationFailedException("A remote_write series has no __name__ label.");
        var series = batch.AddSeries(new SeriesKey(name, tags));
        foreach (var (value, ms) in samples) batch.Add(series, "value", checked(ms * 1_000_000), FieldValue.OfFloat(value));
        return samples.Count;
    }

    static (string Key, string Value) ReadLabel(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string key = "", value = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == Tag(1, WireFormat.WireType.LengthDelimited)) key = input.ReadString();
            else if (tag == Tag(2, WireFormat.WireType.LengthDelimited)) value = input.ReadString();
            else input.SkipLastField();
        }

        return (key, value);
    }

    static (double Value, long TimestampMs) ReadSample(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        double value = 0;
        long timestamp = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == Tag(1, WireFormat.WireType.Fixed64)) value = input.ReadDouble();
            else if (tag == Tag(2, WireFormat.WireType.Varint)) timestamp = input.ReadInt64();
            else input.SkipLastField();
        }

        return (value, timestamp);
    }

    /// <summary>Encodes a batch as a snappy-compressed WriteRequest (float values only): tests and the benchmark send what Prometheus sends.</summary>
    public static byte[] Encode(PointBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var message = new MemoryStream();
        var output = new CodedOutputStream(message, leaveOpen: true);
        for (var s = 0; s < batch.Series.Count; s++)
        {
            var series = batch.Series[s];
            using var one = new MemoryStream();
            var seriesOutput = new CodedOutputStream(one, leaveOpen: true);
            WriteLabel(seriesOutput, "__name__", series.Measurement);
            foreach (var (key, value) in series.Tags) WriteLabel(seriesOutput, key, value);
            for (var row = 0; row < batch.Count; row++)
            {
                if (batch.SeriesIndexAt(row) != s) continue;
                using var sample = new MemoryStream();
                var sampleOutput = new CodedOutputStream(sample, leaveOpen: true);
                sampleOutput.WriteTag(1, WireFormat.WireType.Fixed64);
                sampleOutput.WriteDouble(batch.ValueAt(row).AsDouble());
                sampleOutput.WriteTag(2, WireFormat.WireType.Varint);
                sampleOutput.WriteInt64(batch.TimestampAt(row) / 1_000_000);
                sampleOutput.Flush();
                seriesOutput.WriteTag(2, WireFormat.WireType.LengthDelimited);
                seriesOutput.WriteBytes(ByteString.CopyFrom(sample.ToArray()));
            }

            seriesOutput.Flush();
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(one.ToArray()));
        }

        output.Flush();
        return Snappy.CompressToArray(message.ToArray());
    }

    static void WriteLabel(CodedOutputStream output, string key, string value)
    {
        using var label = new MemoryStream();
        var labelOutput = new CodedOutputStream(label, leaveOpen: true);
        labelOutput.WriteTag(1, WireFormat.WireType.LengthDelimited);
        labelOutput.WriteString(key);
        labelOutput.WriteTag(2, WireFormat.WireType.LengthDelimited);
        labelOutput.WriteString(value);
        labelOutput.Flush();
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(label.ToArray()));
    }

    static uint Tag(int field, WireFormat.WireType type) => WireFormat.MakeTag(field, type);
}
