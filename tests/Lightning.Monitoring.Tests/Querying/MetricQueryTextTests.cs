using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Querying;

namespace Lightning.Monitoring.Tests.Querying;

public sealed class MetricQueryTextTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Where_reads_every_operator()
    {
        var filters = MetricQueryText.ParseWhere("host=web-1, core!=0,path=~^/var,dev!~loop\\d+");

        filters.ShouldBe([
            new TagFilter("host", TagOperator.Equal, "web-1"),
            new TagFilter("core", TagOperator.NotEqual, "0"),
            new TagFilter("path", TagOperator.Matches, "^/var"),
            new TagFilter("dev", TagOperator.NotMatches, "loop\\d+"),
        ]);
        MetricQueryText.ParseWhere(null).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("host", "'host' is not a tag filter")]
    [InlineData("path=~[", "not a valid regular expression")]
    public void Bad_filters_are_named(string text, string message)
    {
        var error = Should.Throw<ValidationFailedException>(() => MetricQueryText.ParseWhere(text));
        error.Errors["where"].Single().ShouldContain(message);
    }

    [Theory]
    [InlineData("250ms", 0.25)]
    [InlineData("90s", 90)]
    [InlineData("90", 90)]
    [InlineData("5m", 300)]
    [InlineData("1.5h", 5400)]
    [InlineData("7d", 604800)]
    [InlineData("1w", 604800)]
    public void Durations_read_their_unit(string text, double seconds) =>
        MetricQueryText.ParseDuration(text, "every").TotalSeconds.ShouldBe(seconds);

    [Theory]
    [InlineData("5 minutes")]
    [InlineData("0s")]
    [InlineData("-1m")]
    public void Bad_durations_are_refused(string text) =>
        Should.Throw<ValidationFailedException>(() => MetricQueryText.ParseDuration(text, "every")).Errors.Keys.ShouldBe(["every"]);

    [Fact]
    public void Times_are_absolute_or_relative_to_now()
    {
        MetricQueryText.ParseTime("now", Now, "from").ShouldBe(Now);
        MetricQueryText.ParseTime("now-1h", Now, "from").ShouldBe(Now.AddHours(-1));
        MetricQueryText.ParseTime("-15m", Now, "from").ShouldBe(Now.AddMinutes(-15));
        MetricQueryText.ParseTime("2026-11-24T10:00:00Z", Now, "from").ShouldBe(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        Should.Throw<ValidationFailedException>(() => MetricQueryText.ParseTime("yesterday", Now, "from")).Errors["from"].Single().ShouldContain("ISO 8601");
    }

    [Fact]
    public void Aggregates_and_percentiles_round_trip()
    {
        MetricQueryText.ParseAggregate("avg").ShouldBe((Aggregate.Mean, (double?)null));
        MetricQueryText.ParseAggregate("p99.9").ShouldBe((Aggregate.Percentile, (double?)99.9));
        MetricQueryText.Format(Aggregate.Percentile, 95).ShouldBe("p95");
        MetricQueryText.Format(Aggregate.Max, null).ShouldBe("max");
        Should.Throw<ValidationFailedException>(() => MetricQueryText.ParseAggregate("p150"));
        Should.Throw<ValidationFailedException>(() => MetricQueryText.ParseAggregate("mode")).Message.ShouldContain("mean, min, max");
        MetricQueryText.ParseFill("previous").ShouldBe(Fill.Previous);
        MetricQueryText.ParseGroupBy("host, core").ShouldBe(["host", "core"]);
    }
}
