using Lightning.Monitoring.Live;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Tests.Live;

public sealed class MetricWriteSignalTests
{
    [Fact]
    public void Notify_OneCallPerMeasurement_WithTheSpanOfItsTimes()
    {
        var signal = new MetricWriteSignal();
        var seen = new List<MetricWrite>();
        using var subscription = signal.Subscribe(seen.Add);
        var batch = new PointBatch();
        batch.Add("cpu", [new("host", "a")], "usage", 300, 1);
        batch.Add("cpu", [new("host", "b")], "usage", 100, 2);
        batch.Add("mem", null, "used", 200, 3);

        signal.Notify(batch);

        seen.OrderBy(w => w.Measurement, StringComparer.Ordinal).ShouldBe([new MetricWrite("cpu", 100, 300), new MetricWrite("mem", 200, 200)]);
    }

    [Fact]
    public void Dispose_StopsTheCalls_AndOtherSubscribersKeepTheirs()
    {
        var signal = new MetricWriteSignal();
        var first = 0;
        var second = 0;
        var subscription = signal.Subscribe(_ => first++);
        using var other = signal.Subscribe(_ => second++);
        var batch = new PointBatch();
        batch.Add("cpu", null, "usage", 1, 1);

        signal.Notify(batch);
        subscription.Dispose();
        subscription.Dispose();
        signal.Notify(batch);

        first.ShouldBe(1);
        second.ShouldBe(2);
        signal.Subscribers.ShouldBe(1);
    }
}
