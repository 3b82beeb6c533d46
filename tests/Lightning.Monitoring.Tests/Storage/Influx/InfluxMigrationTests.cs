using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Lightning.Monitoring.Storage.Influx;
using Lightning.TestUtilities;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Tests.Storage.Influx;

/// <summary>Import from and export to the real influxd: database A → a recording store (import), A → database B (export, A read as an IMetricStore).</summary>
public sealed class InfluxMigrationTests : IAsyncLifetime
{
    static readonly DateTimeOffset Start = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
    readonly InfluxTestServer _server = TestServices.InfluxDb();
    readonly string _a = InfluxTestServer.NewDatabaseName();
    readonly string _b = InfluxTestServer.NewDatabaseName();
    InfluxMetricStore _storeA = null!;
    InfluxMetricStore _storeB = null!;
    readonly PointBatch _written = new();

    public async ValueTask InitializeAsync()
    {
        _storeA = Store(_a);
        _storeB = Store(_b);
        for (var i = 0; i < 250; i++)
        {
            var at = Timestamps.ToNanoseconds(Start.AddSeconds(i * 7));
            var cpu = _written.AddSeries(new SeriesKey("cpu", [new("host", $"h{i % 3}")]));
            _written.Add(cpu, "usage", at, FieldValue.OfFloat(i * 0.5));
            _written.Add(cpu, "procs", at, FieldValue.OfInteger(i));
            var disk = _written.AddSeries(new SeriesKey("disk", [new("host", "h0"), new("path", "/")]));
            _written.Add(disk, "ok", at, FieldValue.OfBoolean(i % 2 == 0));
            _written.Add(disk, "note", at, FieldValue.OfString($"n{i}"));
        }

        await _storeA.WriteAsync(_written, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _storeA.DisposeAsync();
        await _storeB.DisposeAsync();
        await _server.DropDatabaseAsync(_a, CancellationToken.None);
        await _server.DropDatabaseAsync(_b, CancellationToken.None);
    }

    InfluxMetricStore Store(string database) => new(Options.Create(new InfluxStoreOptions
    {
        Url = _server.Url, Database = database, User = _server.User, Password = _server.Password,
    }));

    static HashSet<(string, string, long, FieldValue)> Rows(PointBatch batch) =>
        Enumerable.Range(0, batch.Count).Select(r => (batch.SeriesAt(r).Canonical, batch.FieldAt(r), batch.TimestampAt(r), batch.ValueAt(r))).ToHashSet();

    [Fact]
    public async Task Import_EverySeriesInChunks_GivesBackEveryRowWithItsType()
    {
        var target = new CollectingStore();

        var result = await new InfluxMigration(_storeA).ImportAsync(target, chunkSize: 100, TestContext.Current.CancellationToken);

        result.Rows.ShouldBe(_written.Count);
        result.Series.ShouldBe(4);
        target.Writes.ShouldBeGreaterThan(2);
        Rows(target.All).SetEquals(Rows(_written)).ShouldBeTrue();
    }

    [Fact]
    public async Task Export_FromAStoreIntoAnotherDatabase_CopiesNumericFieldsAndNamesTheSkippedStrings()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var result = await new InfluxMigration(_storeB).ExportAsync(_storeA, Start, Start.AddHours(1), TimeSpan.FromMinutes(10), cancellationToken);

        result.Rows.ShouldBe(750);
        result.Skipped.ShouldBe(["disk,host=h0,path=/ note"]);
        var copied = new CollectingStore();
        await new InfluxMigration(_storeB).ImportAsync(copied, cancellationToken: cancellationToken);
        var expected = Rows(_written).Where(r => r.Item2 != "note").ToHashSet();
        Rows(copied.All).SetEquals(expected).ShouldBeTrue();
    }

    sealed class CollectingStore : IMetricStore
    {
        public PointBatch All { get; } = new();

        public int Writes { get; private set; }

        public string Kind => "collecting";

        public ValueTask WriteAsync(PointBatch batch, CancellationToken cancellationToken = default)
        {
            Writes++;
            for (var row = 0; row < batch.Count; row++)
                All.Add(All.AddSeries(batch.SeriesAt(row)), batch.FieldAt(row), batch.TimestampAt(row), batch.ValueAt(row));
            return ValueTask.CompletedTask;
        }

        public Task<QueryResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default) => Task.FromResult(QueryResult.Empty);

        public Task<IReadOnlyList<string>> MeasurementsAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>([]);

        public Task<IReadOnlyList<SeriesInfo>> SeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SeriesInfo>>([]);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
