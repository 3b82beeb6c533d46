using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage.Influx;
using Lightning.TestUtilities;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Tests.Storage.Influx;

/// <summary>
/// The InfluxDB store against the real influxd of scripts/services/influxdb.sh. Each test has its own database; the
/// expected values are computed here from the points the test wrote.
/// </summary>
public sealed class InfluxMetricStoreTests : IAsyncLifetime
{
    static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly string[] Hosts = ["a", "b", "c"];

    readonly InfluxTestServer _server = TestServices.InfluxDb();
    readonly string _database = InfluxTestServer.NewDatabaseName();
    InfluxMetricStore _store = null!;

    // host -> (time, value) written for cpu,host=..,region=.. usage=...
    readonly Dictionary<string, List<(DateTimeOffset At, double Value)>> _written = new(StringComparer.Ordinal);

    public async ValueTask InitializeAsync()
    {
        _store = Store(_database);
        var batch = new PointBatch();
        var random = new Random(11);
        foreach (var host in Hosts)
        {
            var series = batch.AddSeries(new SeriesKey("cpu", [new("host", host), new("region", host == "c" ? "west" : "east")]));
            var points = _written[host] = [];
            for (var i = 0; i < 60; i++)
            {
                // A gap from 3:00 to 4:00 for host b, to see fill() at work.
                if (host == "b" && i is >= 18 and < 24) continue;
                var at = Start.AddSeconds(i * 10);
                var value = Math.Round(random.NextDouble() * 100, 3);
                points.Add((at, value));
                batch.Add(series, "usage", Timestamps.ToNanoseconds(at), FieldValue.OfFloat(value));
                batch.Add(series, "state", Timestamps.ToNanoseconds(at), FieldValue.OfString($"s{i}"));
            }
        }

        await _store.WriteAsync(batch, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _server.DropDatabaseAsync(_database, CancellationToken.None);
    }

    InfluxMetricStore Store(string database) => new(Options.Create(new InfluxStoreOptions
    {
        Url = _server.Url, Database = database, User = _server.User, Password = _server.Password, WriteBatchSize = 100,
    }));

    static MetricQuery Query(Aggregate? aggregate = null, TimeSpan? every = null) => new()
    {
        Measurement = "cpu", Field = "usage", From = Start, To = Start.AddMinutes(10), Aggregate = aggregate, Every = every,
    };

    [Fact]
    public async Task Query_Raw_ReturnsEveryPointOfTheFilteredSeries()
    {
        var result = await _store.QueryAsync(Query() with { Where = [new("host", TagOperator.Equal, "b")] }, TestContext.Current.CancellationToken);

        var series = result.Series.Single();
        series.TimestampsNs.ShouldBe(_written["b"].Select(p => Timestamps.ToNanoseconds(p.At)).ToArray());
        series.Values.ShouldBe(_written["b"].Select(p => p.Value).ToArray());
    }

    [Theory]
    [InlineData(TagOperator.Equal, "a", "a")]
    [InlineData(TagOperator.NotEqual, "a", "b,c")]
    [InlineData(TagOperator.Matches, "^[bc]$", "b,c")]
    [InlineData(TagOperator.NotMatches, "b", "a,c")]
    public async Task Query_TagFilters_SelectTheMatchingHosts(TagOperator op, string value, string hosts)
    {
        var result = await _store.QueryAsync(Query(Aggregate.Count) with { Where = [new("host", op, value)], GroupBy = ["host"] },
            TestContext.Current.CancellationToken);

        result.Series.Select(s => s.Tags["host"]).ShouldBe(hosts.Split(','));
        result.Series.ShouldAllBe(s => s.Values[0] == _written[s.Tags["host"]].Count);
        result.Series.ShouldAllBe(s => s.TimestampsNs[0] == Timestamps.ToNanoseconds(Start));
    }

    [Theory]
    [InlineData(Aggregate.Mean)]
    [InlineData(Aggregate.Min)]
    [InlineData(Aggregate.Max)]
    [InlineData(Aggregate.Sum)]
    [InlineData(Aggregate.Count)]
    [InlineData(Aggregate.First)]
    [InlineData(Aggregate.Last)]
    [InlineData(Aggregate.Median)]
    [InlineData(Aggregate.Stddev)]
    [InlineData(Aggregate.Percentile)]
    public async Task Query_AggregatePerMinute_MatchesValuesComputedHere(Aggregate aggregate)
    {
        var query = Query(aggregate, TimeSpan.FromMinutes(1)) with { GroupBy = ["host"], Percentile = aggregate == Aggregate.Percentile ? 90 : null };

        var result = await _store.QueryAsync(query, TestContext.Current.CancellationToken);

        result.Series.Select(s => s.Tags["host"]).ShouldBe(Hosts);
        foreach (var series in result.Series)
        {
            var expected = _written[series.Tags["host"]]
                .GroupBy(p => (p.At - Start).Ticks / TimeSpan.TicksPerMinute)
                .Select(g => (Time: Timestamps.ToNanoseconds(Start.AddMinutes(g.Key)), Value: Compute(aggregate, g.Select(p => p.Value).ToArray(), 90)))
                .ToArray();
            series.TimestampsNs.ShouldBe(expected.Select(e => e.Time).ToArray());
            for (var i = 0; i < expected.Length; i++) series.Values[i].ShouldBe(expected[i].Value, 1e-9);
        }
    }

    [Theory]
    [InlineData(Fill.None, double.NaN, false)]
    [InlineData(Fill.Null, double.NaN, true)]
    [InlineData(Fill.Zero, 0.0, true)]
    [InlineData(Fill.Previous, -1.0, true)]
    [InlineData(Fill.Linear, -2.0, true)]
    public async Task Query_Fill_FillsTheEmptyMinuteAsAsked(Fill fill, double expected, bool present)
    {
        var query = Query(Aggregate.Max, TimeSpan.FromMinutes(1)) with { Where = [new("host", TagOperator.Equal, "b")], Fill = fill };

        var series = (await _store.QueryAsync(query, TestContext.Current.CancellationToken)).Series.Single();

        var gap = Timestamps.ToNanoseconds(Start.AddMinutes(3));
        var index = Array.IndexOf(series.TimestampsNs, gap);
        if (!present)
        {
            index.ShouldBe(-1);
            series.Values.Length.ShouldBe(9);
            return;
        }

        series.Values.Length.ShouldBe(10);
        var max = _written["b"].GroupBy(p => (p.At - Start).Ticks / TimeSpan.TicksPerMinute).ToDictionary(g => g.Key, g => g.Max(p => p.Value));
        var value = expected switch
        {
            -1.0 => max[2],
            -2.0 => (max[2] + max[4]) / 2,
            _ => expected,
        };
        if (double.IsNaN(value)) series.Values[index].ShouldBe(double.NaN);
        else series.Values[index].ShouldBe(value, 1e-9);
    }

    [Fact]
    public async Task Query_LimitAndGroupByEveryTag_GiveTheFirstPointsOfEachSeries()
    {
        var result = await _store.QueryAsync(Query() with { GroupBy = ["*"], Limit = 3 }, TestContext.Current.CancellationToken);

        result.Series.Count.ShouldBe(3);
        result.Series[2].Tags.ShouldBe(new Dictionary<string, string> { ["host"] = "c", ["region"] = "west" });
        result.Series.ShouldAllBe(s => s.Values.Length == 3);
        result.Series[0].Values.ShouldBe(_written["a"].Take(3).Select(p => p.Value).ToArray());
    }

    [Fact]
    public async Task Query_GroupByRegion_AggregatesAcrossHosts()
    {
        var result = await _store.QueryAsync(Query(Aggregate.Sum) with { GroupBy = ["region"] }, TestContext.Current.CancellationToken);

        result.Series.Select(s => s.Tags["region"]).ShouldBe(["east", "west"]);
        result.Series[0].Values[0].ShouldBe(_written["a"].Concat(_written["b"]).Sum(p => p.Value), 1e-6);
    }

    [Fact]
    public async Task Query_QuotesAndSlashesInValues_AreDataNotInfluxQl()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var injected = await _store.QueryAsync(Query() with { Where = [new("host", TagOperator.Equal, "a' OR host='b")] }, cancellationToken);
        injected.Series.ShouldBeEmpty();

        var batch = new PointBatch();
        batch.Add("we\"ird 'm", [new("p\"a/th", "x'/y\\z")], "v\"al", 1, 5);
        batch.Add("we\"ird 'm", [new("p\"a/th", "x'/y\\z")], "v\"al", Timestamps.ToNanoseconds(Start), 5);
        await _store.WriteAsync(batch, cancellationToken);
        var query = new MetricQuery
        {
            Measurement = "we\"ird 'm", Field = "v\"al", From = Start, To = Start.AddMinutes(1),
            Where = [new("p\"a/th", TagOperator.Equal, "x'/y\\z"), new("p\"a/th", TagOperator.Matches, "^x'/y")],
        };
        var found = await _store.QueryAsync(query, cancellationToken);
        found.Series.Single().Values.ShouldBe([5.0]);
        found.PointCount.ShouldBe(1);
        (await _store.MeasurementsAsync(cancellationToken)).ShouldBe(["cpu", "we\"ird 'm"]);
    }

    [Fact]
    public async Task Query_UnknownMeasurementFieldOrStringField_IsRefusedAsEveryStoreDoes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        (await Should.ThrowAsync<LightningException>(() => _store.QueryAsync(Query() with { Measurement = "nope" }, cancellationToken)))
            .Code.ShouldBe("metrics.measurement_not_found");
        (await Should.ThrowAsync<LightningException>(() => _store.QueryAsync(Query() with { Field = "nope" }, cancellationToken)))
            .Code.ShouldBe("metrics.field_not_found");
        await Should.ThrowAsync<ValidationFailedException>(() => _store.QueryAsync(Query() with { Field = "state" }, cancellationToken));
        await Should.ThrowAsync<ValidationFailedException>(() => _store.QueryAsync(Query() with { Fill = Fill.Zero }, cancellationToken));
        await Should.ThrowAsync<ValidationFailedException>(() => _store.QueryAsync(
            Query() with { Where = [new("host", TagOperator.Matches, "(")] }, cancellationToken));
    }

    [Fact]
    public async Task SeriesAndMeasurements_ListWhatWasWritten()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        (await _store.MeasurementsAsync(cancellationToken)).ShouldBe(["cpu"]);
        var series = await _store.SeriesAsync(new SeriesFilter("cpu", [new("region", TagOperator.Equal, "east")]), cancellationToken);
        series.Select(s => s.Series.Canonical).ShouldBe(["cpu,host=a,region=east", "cpu,host=b,region=east"]);
        series[0].Fields.ShouldBe(new Dictionary<string, FieldKind> { ["state"] = FieldKind.String, ["usage"] = FieldKind.Float }, ignoreOrder: true);
        (await _store.SeriesAsync(new SeriesFilter(Limit: 1), cancellationToken)).Count.ShouldBe(1);
        (await Should.ThrowAsync<LightningException>(() => _store.SeriesAsync(new SeriesFilter("nope"), cancellationToken)))
            .Code.ShouldBe("metrics.measurement_not_found");
    }

    [Fact]
    public async Task Write_WrongPassword_IsRefusedWithoutShowingIt()
    {
        await using var store = new InfluxMetricStore(Options.Create(new InfluxStoreOptions
        {
            Url = _server.Url, Database = _database, User = _server.User, Password = "wrong-secret-123",
        }));
        var batch = new PointBatch();
        batch.Add("m", null, "v", 1, 1);

        var error = await Should.ThrowAsync<LightningException>(async () => await store.WriteAsync(batch, TestContext.Current.CancellationToken));
        error.Message.ShouldNotContain("wrong-secret-123");
        error.Code.ShouldBe("metrics.influx_unauthorized");
    }

    /// <summary>InfluxQL's definitions: median averages the two middle values, stddev is the sample deviation,
    /// percentile is the nearest rank floor(n * p / 100 + 0.5), clamped.</summary>
    static double Compute(Aggregate aggregate, double[] values, double percentile)
    {
        var sorted = values.Order().ToArray();
        return aggregate switch
        {
            Aggregate.Mean => values.Average(),
            Aggregate.Min => values.Min(),
            Aggregate.Max => values.Max(),
            Aggregate.Sum => values.Sum(),
            Aggregate.Count => values.Length,
            Aggregate.First => values[0],
            Aggregate.Last => values[^1],
            Aggregate.Median => sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2,
            Aggregate.Stddev => Math.Sqrt(values.Sum(v => (v - values.Average()) * (v - values.Average())) / (values.Length - 1)),
            Aggregate.Percentile => sorted[Math.Clamp((int)Math.Floor(sorted.Length * percentile / 100 + 0.5), 1, sorted.Length) - 1],
            _ => throw new ArgumentOutOfRangeException(nameof(aggregate)),
        };
    }
}
