using Lightning.Core.Errors;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Tests.Storage;

public sealed class EmbeddedMetricStoreQueryTests
{
    static readonly Aggregate[] AllAggregates = Enum.GetValues<Aggregate>();

    public static TheoryData<Aggregate, string, bool> BucketCases()
    {
        var data = new TheoryData<Aggregate, string, bool>();
        foreach (var aggregate in AllAggregates)
            foreach (var grouping in (string[])["none", "region", "*"])
                foreach (var compacted in (bool[])[false, true])
                    data.Add(aggregate, grouping, compacted);
        return data;
    }

    [Theory]
    [MemberData(nameof(BucketCases))]
    public async Task Aggregate_in_buckets_matches_an_independent_computation(Aggregate aggregate, string grouping, bool compacted)
    {
        await using var harness = new StoreHarness();
        var samples = StoreTestData.Cpu(hours: 3);
        await StoreTestData.WriteAsync(harness.Store, samples);
        if (compacted) (await harness.Store.CompactAsync(StoreHarness.T0.AddHours(2), TestContext.Current.CancellationToken)).ShouldBeGreaterThan(0);

        var every = TimeSpan.FromMinutes(5);
        var from = StoreHarness.T0.AddSeconds(30);
        var to = StoreHarness.T0.AddHours(3);
        IReadOnlyList<string> groupBy = grouping == "none" ? [] : [grouping];
        var result = await harness.Store.QueryAsync(new MetricQuery
        {
            Measurement = "cpu", From = from, To = to, Aggregate = aggregate, Every = every, GroupBy = groupBy, Percentile = 90,
        }, TestContext.Current.CancellationToken);

        var width = every.Ticks * 100;
        var fromNs = Timestamps.ToNanoseconds(from);
        var toNs = Timestamps.ToNanoseconds(to);
        var expected = samples.Where(s => s.TimeNs >= fromNs && s.TimeNs < toNs)
            .GroupBy(s => grouping switch { "none" => "", "region" => s.Series.Tag("region")!, _ => s.Series.Canonical })
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        result.Series.Count.ShouldBe(expected.Count);
        for (var g = 0; g < expected.Count; g++)
        {
            var series = result.Series[g];
            if (grouping == "region") series.Tags["region"].ShouldBe(expected[g].Key);
            if (grouping == "*") series.Tags["host"].ShouldBe(expected[g].First().Series.Tag("host"));
            var buckets = expected[g].GroupBy(s => s.TimeNs - s.TimeNs % width).OrderBy(b => b.Key).ToList();
            series.TimestampsNs.ShouldBe(buckets.Select(b => b.Key).ToArray());
            for (var b = 0; b < buckets.Count; b++)
                series.Values[b].ShouldBeClose(StoreTestData.Expected(aggregate, buckets[b].ToList(), 90), $"{aggregate} bucket {b} of group '{expected[g].Key}'");
        }
    }

    [Theory]
    [MemberData(nameof(AggregateNames))]
    public async Task Aggregate_over_a_long_range_uses_hour_rollups_and_raw_edges_and_matches(Aggregate aggregate)
    {
        await using var harness = new StoreHarness();
        var samples = StoreTestData.Cpu(hours: 8);
        await StoreTestData.WriteAsync(harness.Store, samples);
        await harness.Store.CompactAsync(StoreHarness.T0.AddHours(7), TestContext.Current.CancellationToken);

        var from = StoreHarness.T0.AddSeconds(95);
        var to = StoreHarness.T0.AddHours(8).AddSeconds(-35);
        var result = await harness.Store.QueryAsync(new MetricQuery
        {
            Measurement = "cpu", From = from, To = to, Aggregate = aggregate, Percentile = 25, GroupBy = ["host"],
        }, TestContext.Current.CancellationToken);

        result.Series.Count.ShouldBe(3);
        foreach (var series in result.Series)
        {
            var points = samples.Where(s => s.Series.Tag("host") == series.Tags["host"]
                && s.TimeNs >= Timestamps.ToNanoseconds(from) && s.TimeNs < Timestamps.ToNanoseconds(to)).ToList();
            series.TimestampsNs.ShouldBe([Timestamps.ToNanoseconds(from)]);
            series.Values[0].ShouldBeClose(StoreTestData.Expected(aggregate, points, 25), $"{aggregate} of host {series.Tags["host"]}");
        }
    }

    public static TheoryData<Aggregate> AggregateNames() => new(AllAggregates);

    [Theory]
    [InlineData(TagOperator.Equal, "a", "a")]
    [InlineData(TagOperator.NotEqual, "a", "b,c")]
    [InlineData(TagOperator.Matches, "^[ab]$", "a,b")]
    [InlineData(TagOperator.NotMatches, "b", "a,c")]
    public async Task Raw_query_filters_tags(TagOperator op, string value, string hosts)
    {
        await using var harness = new StoreHarness();
        var samples = StoreTestData.Cpu(hours: 1);
        await StoreTestData.WriteAsync(harness.Store, samples);

        var result = await harness.Store.QueryAsync(new MetricQuery
        {
            Measurement = "cpu", From = StoreHarness.T0, To = StoreHarness.T0.AddMinutes(10), Where = [new TagFilter("host", op, value)], GroupBy = ["*"],
        }, TestContext.Current.CancellationToken);

        result.Series.Select(s => s.Tags["host"]).ShouldBe(hosts.Split(','));
        foreach (var series in result.Series)
        {
            var expected = samples.Where(s => s.Series.Tag("host") == series.Tags["host"] && s.TimeNs < Timestamps.ToNanoseconds(StoreHarness.T0.AddMinutes(10))).ToList();
            series.TimestampsNs.ShouldBe(expected.Select(s => s.TimeNs).ToArray());
            series.Values.ShouldBe(expected.Select(s => s.Value).ToArray());
        }
    }

    [Fact]
    public async Task Raw_query_without_group_by_merges_series_in_time_order_and_limit_keeps_the_first_points()
    {
        await using var harness = new StoreHarness();
        var samples = StoreTestData.Cpu(hours: 1);
        await StoreTestData.WriteAsync(harness.Store, samples);
        await harness.Store.CompactAsync(StoreHarness.T0.AddMinutes(30), TestContext.Current.CancellationToken);
        var query = new MetricQuery { Measurement = "cpu", From = StoreHarness.T0.AddMinutes(29), To = StoreHarness.T0.AddMinutes(31) };

        var merged = await harness.Store.QueryAsync(query, TestContext.Current.CancellationToken);
        var limited = await harness.Store.QueryAsync(query with { GroupBy = ["host"], Limit = 4 }, TestContext.Current.CancellationToken);

        var expected = samples.Where(s => s.TimeNs >= Timestamps.ToNanoseconds(query.From) && s.TimeNs < Timestamps.ToNanoseconds(query.To))
            .OrderBy(s => s.TimeNs).ToList();
        merged.Series.ShouldHaveSingleItem().TimestampsNs.ShouldBe(expected.Select(s => s.TimeNs).ToArray());
        merged.Series[0].Values.ShouldBe(expected.Select(s => s.Value).ToArray());
        limited.Series.Count.ShouldBe(3);
        foreach (var series in limited.Series)
            series.TimestampsNs.ShouldBe(expected.Where(s => s.Series.Tag("host") == series.Tags["host"]).Take(4).Select(s => s.TimeNs).ToArray());
    }

    [Theory]
    [InlineData(Fill.None, "10,,,40,,60")]
    [InlineData(Fill.Null, "10,NaN,NaN,40,NaN,60")]
    [InlineData(Fill.Zero, "10,0,0,40,0,60")]
    [InlineData(Fill.Previous, "10,10,10,40,40,60")]
    [InlineData(Fill.Linear, "10,20,30,40,50,60")]
    public async Task Fill_fills_empty_buckets_as_influxql_does(Fill fill, string expected)
    {
        await using var harness = new StoreHarness();
        var series = new SeriesKey("gauge");
        // Points in minutes 0, 3 and 5; minutes 1, 2 and 4 are empty.
        await StoreTestData.WriteAsync(harness.Store,
            [new Sample(series, At(0, 5), 10), new Sample(series, At(3, 5), 40), new Sample(series, At(5, 5), 60)]);

        var result = await harness.Store.QueryAsync(new MetricQuery
        {
            Measurement = "gauge", From = StoreHarness.T0, To = StoreHarness.T0.AddMinutes(6), Aggregate = Aggregate.Mean, Every = TimeSpan.FromMinutes(1), Fill = fill,
        }, TestContext.Current.CancellationToken);

        var values = result.Series.ShouldHaveSingleItem().Values;
        var wanted = expected.Split(',').Where(v => fill != Fill.None || v.Length > 0).Select(v => v == "NaN" ? double.NaN : double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        values.Length.ShouldBe(wanted.Length);
        for (var i = 0; i < wanted.Length; i++) values[i].ShouldBeClose(wanted[i], $"bucket {i}");
    }

    static long At(int minute, int second) => Timestamps.ToNanoseconds(StoreHarness.T0.AddMinutes(minute).AddSeconds(second));

    [Fact]
    public async Task Integer_and_boolean_fields_come_back_as_numbers_and_types_are_listed()
    {
        await using var harness = new StoreHarness();
        var batch = new PointBatch();
        var series = batch.AddSeries(new SeriesKey("mem", [new("host", "a")]));
        batch.Add(series, "used", At(0, 0), FieldValue.OfInteger(8_589_934_592));
        batch.Add(series, "used", At(0, 10), FieldValue.OfInteger(8_589_938_688));
        batch.Add(series, "swapping", At(0, 0), FieldValue.OfBoolean(true));
        batch.Add(series, "note", At(0, 0), FieldValue.OfString("ok"));
        await harness.Store.WriteAsync(batch, TestContext.Current.CancellationToken);

        var used = await harness.Store.QueryAsync(new MetricQuery { Measurement = "mem", Field = "used", From = StoreHarness.T0, To = StoreHarness.T0.AddHours(1) },
            TestContext.Current.CancellationToken);
        var info = (await harness.Store.SeriesAsync(new SeriesFilter("mem"), TestContext.Current.CancellationToken)).ShouldHaveSingleItem();

        used.Series[0].Values.ShouldBe([8_589_934_592d, 8_589_938_688d]);
        info.Fields["used"].ShouldBe(FieldKind.Integer);
        info.Fields["swapping"].ShouldBe(FieldKind.Boolean);
        info.Fields["note"].ShouldBe(FieldKind.String);
        (await harness.Store.MeasurementsAsync(TestContext.Current.CancellationToken)).ShouldBe(["mem"]);
    }

    [Fact]
    public async Task Series_listing_filters_by_tags_and_is_bounded()
    {
        await using var harness = new StoreHarness();
        await StoreTestData.WriteAsync(harness.Store, StoreTestData.Cpu(hours: 1));

        var eu = await harness.Store.SeriesAsync(new SeriesFilter("cpu", [new TagFilter("region", TagOperator.Equal, "eu")]), TestContext.Current.CancellationToken);
        var one = await harness.Store.SeriesAsync(new SeriesFilter(Limit: 1), TestContext.Current.CancellationToken);

        eu.Select(s => s.Series.Canonical).ShouldBe(["cpu,host=a,region=eu", "cpu,host=b,region=eu"]);
        one.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Unknown_measurement_and_field_are_not_found_with_a_clear_message()
    {
        await using var harness = new StoreHarness();
        await StoreTestData.WriteAsync(harness.Store, StoreTestData.Cpu(hours: 1));
        var query = new MetricQuery { Measurement = "cpu", From = StoreHarness.T0, To = StoreHarness.T0.AddHours(1) };

        var measurement = await Should.ThrowAsync<LightningException>(() => harness.Store.QueryAsync(query with { Measurement = "disk" }, TestContext.Current.CancellationToken));
        var field = await Should.ThrowAsync<LightningException>(() => harness.Store.QueryAsync(query with { Field = "idle" }, TestContext.Current.CancellationToken));

        measurement.Kind.ShouldBe(ErrorKind.NotFound);
        measurement.Message.ShouldContain("'disk'");
        field.Kind.ShouldBe(ErrorKind.NotFound);
        field.Message.ShouldContain("no field 'idle'");
        field.Message.ShouldContain("value");
    }

    [Fact]
    public async Task Queries_over_the_limits_fail_naming_the_limit_and_how_to_narrow()
    {
        await using var harness = new StoreHarness(o => { o.MaxRawPoints = 100; o.MaxBuckets = 50; });
        await StoreTestData.WriteAsync(harness.Store, StoreTestData.Cpu(hours: 1));
        var query = new MetricQuery { Measurement = "cpu", From = StoreHarness.T0, To = StoreHarness.T0.AddHours(1) };

        var raw = await Should.ThrowAsync<ValidationFailedException>(() => harness.Store.QueryAsync(query, TestContext.Current.CancellationToken));
        var buckets = await Should.ThrowAsync<ValidationFailedException>(() => harness.Store.QueryAsync(
            query with { Aggregate = Aggregate.Mean, Every = TimeSpan.FromMinutes(1), GroupBy = ["*"] }, TestContext.Current.CancellationToken));
        var allowed = await harness.Store.QueryAsync(query with { Limit = 10, GroupBy = ["*"] }, TestContext.Current.CancellationToken);

        raw.Message.ShouldContain("more than 100 raw points");
        raw.Message.ShouldContain("MaxRawPoints");
        raw.Message.ShouldContain("Narrow the time range");
        buckets.Message.ShouldContain("180 buckets (60 per series x 3 series), over the limit of 50");
        allowed.PointCount.ShouldBe(30);
    }

    [Fact]
    public async Task Malformed_queries_are_rejected_with_their_reasons()
    {
        await using var harness = new StoreHarness();
        await StoreTestData.WriteAsync(harness.Store, StoreTestData.Cpu(hours: 1));
        var query = new MetricQuery { Measurement = "cpu", From = StoreHarness.T0, To = StoreHarness.T0.AddHours(1) };

        (await Should.ThrowAsync<ValidationFailedException>(() => harness.Store.QueryAsync(query with { To = query.From }, TestContext.Current.CancellationToken)))
            .Message.ShouldContain("range is empty");
        (await Should.ThrowAsync<ValidationFailedException>(() => harness.Store.QueryAsync(query with { Every = TimeSpan.FromMinutes(1) }, TestContext.Current.CancellationToken)))
            .Message.ShouldContain("Every needs an aggregate");
        (await Should.ThrowAsync<ValidationFailedException>(() => harness.Store.QueryAsync(query with { Aggregate = Aggregate.Percentile, Percentile = 120 }, TestContext.Current.CancellationToken)))
            .Message.ShouldContain("Percentile between 0 and 100");
        (await Should.ThrowAsync<ValidationFailedException>(() => harness.Store.QueryAsync(query with { Where = [new TagFilter("host", TagOperator.Matches, "([")] }, TestContext.Current.CancellationToken)))
            .Message.ShouldContain("invalid regular expression");
    }
}
