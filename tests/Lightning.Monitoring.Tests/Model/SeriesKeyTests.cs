using Lightning.Core.Errors;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Tests.Model;

public sealed class SeriesKeyTests
{
    [Fact]
    public void Tags_are_sorted_so_the_same_series_has_one_canonical_form()
    {
        var a = new SeriesKey("cpu", [new("host", "a"), new("core", "0")]);
        var b = new SeriesKey("cpu", [new("core", "0"), new("host", "a")]);

        a.Canonical.ShouldBe("cpu,core=0,host=a");
        a.ShouldBe(b);
        a.Tag("host").ShouldBe("a");
    }

    [Fact]
    public void Escaped_characters_survive_a_round_trip()
    {
        var key = new SeriesKey("disk io", [new("path", "/mnt/a b,c"), new("k=1", "v=2")]);

        key.Canonical.ShouldBe(@"disk\ io,k\=1=v\=2,path=/mnt/a\ b\,c");
        var back = SeriesKey.Parse(key.Canonical);
        back.Measurement.ShouldBe("disk io");
        back.Tag("path").ShouldBe("/mnt/a b,c");
        back.Tag("k=1").ShouldBe("v=2");
    }

    [Fact]
    public void Duplicate_or_empty_tags_are_rejected_with_the_series_named()
    {
        Should.Throw<ValidationFailedException>(() => new SeriesKey("cpu", [new("host", "a"), new("host", "b")]))
            .Message.ShouldContain("'host' twice");
        Should.Throw<ValidationFailedException>(() => new SeriesKey("cpu", [new("host", "")]));
        Should.Throw<ValidationFailedException>(() => new SeriesKey(""));
    }

    [Fact]
    public void A_batch_holds_each_series_once_and_grows()
    {
        var batch = new PointBatch(capacity: 4);
        for (var i = 0; i < 10; i++)
            batch.Add("mem", [new("host", i % 2 == 0 ? "a" : "b")], "used", i, i * 1.5);

        batch.Count.ShouldBe(10);
        batch.Series.Count.ShouldBe(2);
        batch.SeriesAt(3).Canonical.ShouldBe("mem,host=b");
        batch.ValueAt(9).AsDouble().ShouldBe(13.5);
        batch.TimestampAt(9).ShouldBe(9);
    }

    [Fact]
    public void Timestamps_convert_to_and_from_nanoseconds()
    {
        var at = new DateTimeOffset(2026, 11, 25, 1, 2, 3, TimeSpan.Zero).AddTicks(1234567);
        var ns = Timestamps.ToNanoseconds(at);
        ns.ShouldBe(1_795_568_523_123_456_700);
        Timestamps.FromNanoseconds(ns).ShouldBe(at);
    }
}
