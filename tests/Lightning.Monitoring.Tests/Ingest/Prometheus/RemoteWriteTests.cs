using Lightning.Core.Errors;
using Lightning.Monitoring.Ingest.Prometheus;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Tests.Ingest.Prometheus;

public sealed class RemoteWriteTests
{
    [Fact]
    public void Decode_APayloadEncodedHere_GivesEverySampleAsAValuePoint()
    {
        var sent = new PointBatch();
        sent.Add("node_load1", [new("instance", "a:9100"), new("job", "node")], "value", 1_700_000_000_000_000_000, 0.75);
        sent.Add("node_load1", [new("instance", "a:9100"), new("job", "node")], "value", 1_700_000_015_000_000_000, 1.5);
        sent.Add("up", [new("job", "node")], "value", 1_700_000_000_000_000_000, 1);

        var received = new PointBatch();
        var rows = RemoteWrite.Decode(RemoteWrite.Encode(sent), received, 1 << 20);

        rows.ShouldBe(3);
        received.Series.Select(s => s.Canonical).ShouldBe(["node_load1,instance=a:9100,job=node", "up,job=node"]);
        received.FieldAt(1).ShouldBe("value");
        received.TimestampAt(1).ShouldBe(1_700_000_015_000_000_000);
        received.ValueAt(1).AsDouble().ShouldBe(1.5);
    }

    [Fact]
    public void Decode_NotSnappyOrTooLarge_IsAValidationError()
    {
        Should.Throw<ValidationFailedException>(() => RemoteWrite.Decode([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2], new PointBatch(), 1 << 20));

        var sent = new PointBatch();
        for (var i = 0; i < 100; i++) sent.Add("m", [new("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))], "value", i * 1_000_000L, i);
        Should.Throw<ValidationFailedException>(() => RemoteWrite.Decode(RemoteWrite.Encode(sent), new PointBatch(), 64))
            .Message.ShouldContain("over the limit");
    }

    [Fact]
    public void DecodeWriteRequest_SeriesWithoutName_IsRefused()
    {
        var sent = new PointBatch();
        sent.Add("x", null, "value", 0, 1);
        var body = Snappier.Snappy.DecompressToArray(RemoteWrite.Encode(sent));
        // Rename the __name__ label key so the series has no name.
        var text = System.Text.Encoding.Latin1.GetString(body).Replace("__name__", "__nime__", StringComparison.Ordinal);

        Should.Throw<ValidationFailedException>(() => RemoteWrite.DecodeWriteRequest(System.Text.Encoding.Latin1.GetBytes(text), new PointBatch()));
    }
}
