using Lightning.Monitoring.Ingest.LineProtocol;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Tests.Ingest;

public sealed class LineProtocolWriterTests
{
    [Fact]
    public void Write_RowsOfOnePoint_AreOneLineWithEscapes()
    {
        var batch = new PointBatch();
        var series = batch.AddSeries(new SeriesKey("disk io", [new("path", "/a b,c")]));
        batch.Add(series, "used pct", 10, FieldValue.OfFloat(0.25));
        batch.Add(series, "n", 10, FieldValue.OfInteger(-3));
        batch.Add(series, "ok", 10, FieldValue.OfBoolean(true));
        batch.Add(series, "s", 10, FieldValue.OfString("a \"q\" \\"));
        batch.Add(series, "n", 20, FieldValue.OfInteger(4));

        LineProtocolWriter.ToText(batch).ShouldBe(
            "disk\\ io,path=/a\\ b\\,c used\\ pct=0.25,n=-3i,ok=true,s=\"a \\\"q\\\" \\\\\" 10\n" +
            "disk\\ io,path=/a\\ b\\,c n=4i 20\n");
    }

    [Fact]
    public void Write_NonFiniteFloats_AreLeftOutAndCounted()
    {
        var batch = new PointBatch();
        batch.Add("m", null, "v", 1, double.NaN);
        batch.Add("m", null, "v", 2, 1);
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        LineProtocolWriter.Write(batch, output).ShouldBe(1);
        System.Text.Encoding.UTF8.GetString(output.WrittenSpan).ShouldBe("m v=1 2\n");
    }

    [Fact]
    public void Write_ThenParse_GivesTheSameRows()
    {
        var batch = new PointBatch();
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var series = batch.AddSeries(new SeriesKey("m,x", [new("host", $"h {i % 7}"), new("k=", "v,=")]));
            var value = (i % 4) switch
            {
                0 => FieldValue.OfFloat(random.NextDouble() * 1e6 - 5e5),
                1 => FieldValue.OfInteger(random.NextInt64(long.MinValue, long.MaxValue)),
                2 => FieldValue.OfBoolean(i % 3 == 0),
                _ => FieldValue.OfString($"text \"{i}\" \\ ,= end"),
            };
            batch.Add(series, i % 5 == 0 ? "f 1" : "f,2", 1_000 + i, value);
        }

        var back = new PointBatch();
        var result = new LineProtocolParser().Parse(LineProtocolWriter.ToText(batch), back, Precision.Nanoseconds, 0);

        result.HasErrors.ShouldBeFalse();
        back.Count.ShouldBe(batch.Count);
        for (var row = 0; row < batch.Count; row++)
        {
            back.SeriesAt(row).ShouldBe(batch.SeriesAt(row));
            back.FieldAt(row).ShouldBe(batch.FieldAt(row));
            back.TimestampAt(row).ShouldBe(batch.TimestampAt(row));
            back.ValueAt(row).ShouldBe(batch.ValueAt(row));
        }
    }
}
