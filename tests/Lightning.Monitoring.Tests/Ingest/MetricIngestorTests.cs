using System.Text;
using Lightning.Core.Errors;
using Lightning.Monitoring.Ingest;
using Lightning.Monitoring.Ingest.LineProtocol;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lightning.Monitoring.Tests.Ingest;

/// <summary>The ingestor reuses its line-protocol batches between bodies: what each body writes must stay its own.</summary>
public sealed class MetricIngestorTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    static CancellationToken Token => TestContext.Current.CancellationToken;

    static MetricIngestor Ingestor(IMetricStore store) =>
        new(new ServiceCollection().AddSingleton(store).BuildServiceProvider(), new FakeTimeProvider(Now), Options.Create(new IngestOptions()),
            NullLogger<MetricIngestor>.Instance);

    static ReadOnlyMemory<byte> Body(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task WriteLineProtocolAsync_BodiesInTurn_EachWritesOnlyItsOwnRows()
    {
        var store = new CopyingStore();
        var ingestor = Ingestor(store);

        await ingestor.WriteLineProtocolAsync(Body(string.Concat(Enumerable.Range(0, 500).Select(i => $"big,host=h{i % 9} v={i},s=\"x{i}\" {i}\n"))), Precision.Nanoseconds, Token);
        var second = await ingestor.WriteLineProtocolAsync(Body("small,host=a v=7 9\n"), Precision.Nanoseconds, Token);

        second.Rows.ShouldBe(1);
        store.Writes.Count.ShouldBe(2);
        store.Writes[0].Count.ShouldBe(1000);
        store.Writes[0][999].ShouldBe(("big,host=h4", "s", 499L, FieldValue.OfString("x499")));
        store.Writes[1].ShouldBe([("small,host=a", "v", 9L, FieldValue.OfFloat(7))]);
    }

    [Fact]
    public async Task WriteLineProtocolAsync_StoreFails_TheFailedBatchIsNotReused()
    {
        // A failed (or cancelled) write may leave the batch in the store's hands: it must not be cleared and refilled.
        var store = new CopyingStore { FailNext = true };
        var ingestor = Ingestor(store);

        await Should.ThrowAsync<LightningException>(() => ingestor.WriteLineProtocolAsync(Body("m v=1 1\nm v=2 2\n"), Precision.Nanoseconds, Token));
        await ingestor.WriteLineProtocolAsync(Body("n v=3 3\n"), Precision.Nanoseconds, Token);

        var failed = store.FailedBatch.ShouldNotBeNull();
        failed.Count.ShouldBe(2);
        failed.SeriesAt(1).Measurement.ShouldBe("m");
        failed.ValueAt(1).ShouldBe(FieldValue.OfFloat(2));
        store.Writes.ShouldHaveSingleItem().ShouldBe([("n", "v", 3L, FieldValue.OfFloat(3))]);
    }

    [Fact]
    public async Task WriteLineProtocolAsync_CrlfEscapesAndUnicode_AreReadAsOnTheWire()
    {
        var store = new CopyingStore();

        var result = await Ingestor(store).WriteLineProtocolAsync(
            Body("météo,ville=Zürich\\ Nord temp=-3.5,état=\"gelé \\\"dur\\\"\" 1\r\nmétéo,ville=Zürich\\ Nord temp=oops 2\r\n"), Precision.Nanoseconds, Token);

        result.Rows.ShouldBe(2);
        result.RejectedLines.ShouldBe(1);
        result.Describe().ShouldContain("line 2:");
        store.Writes.ShouldHaveSingleItem().ShouldBe([
            ("météo,ville=Zürich\\ Nord", "temp", 1L, FieldValue.OfFloat(-3.5)),
            ("météo,ville=Zürich\\ Nord", "état", 1L, FieldValue.OfString("gelé \"dur\"")),
        ]);
    }

    /// <summary>Copies each batch's rows when written (as real stores do); fails once when asked, keeping that batch.</summary>
    sealed class CopyingStore : IMetricStore
    {
        public List<List<(string Series, string Field, long Time, FieldValue Value)>> Writes { get; } = [];

        public bool FailNext { get; set; }

        public PointBatch? FailedBatch { get; private set; }

        public string Kind => "copying";

        public ValueTask WriteAsync(PointBatch batch, CancellationToken cancellationToken = default)
        {
            if (FailNext)
            {
                FailNext = false;
                FailedBatch = batch;
                throw new LightningException(ErrorKind.Unavailable, "test.failed", "The test store failed this write.");
            }

            Writes.Add([.. Enumerable.Range(0, batch.Count).Select(row => (batch.SeriesAt(row).Canonical, batch.FieldAt(row), batch.TimestampAt(row), batch.ValueAt(row)))]);
            return ValueTask.CompletedTask;
        }

        public Task<QueryResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default) => Task.FromResult(QueryResult.Empty);

        public Task<IReadOnlyList<string>> MeasurementsAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>([]);

        public Task<IReadOnlyList<SeriesInfo>> SeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SeriesInfo>>([]);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
