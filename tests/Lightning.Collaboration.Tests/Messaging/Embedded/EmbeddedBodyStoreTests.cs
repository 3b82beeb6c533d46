using Lightning.Collaboration.Messaging.Embedded;
using Lightning.TestUtilities;

namespace Lightning.Collaboration.Tests.Messaging.Embedded;

public sealed class EmbeddedBodyStoreTests : IDisposable
{
    readonly TempDirectory _directory = new();

    string Journal => _directory.Combine("bus.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Append_PastTheSegmentSize_StartsANewSegment_AndDeletesAFullOneOnceNothingRefersToIt()
    {
        using var store = new EmbeddedBodyStore(Journal, new Dictionary<long, long>(), segmentBytes: 10_000);
        var a = Body(4_000, 1);
        var b = Body(4_000, 2);
        var c = Body(4_000, 3);

        var refs = new[] { Store(store, a), Store(store, b), Store(store, c) };
        store.Flush();
        store.Committed(synced: true);

        refs.Select(r => r.Segment).ShouldBe([1, 1, 2]);
        store.Read(refs[0].Segment, refs[0].Offset, a.Length).ShouldBe(a);
        store.Read(refs[1].Segment, refs[1].Offset, b.Length).ShouldBe(b);
        store.Read(refs[2].Segment, refs[2].Offset, c.Length).ShouldBe(c);
        Segments(store).ShouldBe(["0000000001.seg", "0000000002.seg"]);

        store.Release(1);
        store.Committed(synced: true);
        Segments(store).Length.ShouldBe(2, "one body of segment 1 is still referenced");

        store.Release(1);
        store.Release(2);
        store.Committed(synced: true);
        Segments(store).ShouldBe(["0000000002.seg"], "the empty full segment is deleted; the current one stays while it is written");

        var d = Store(store, Body(8_000, 4));
        store.Flush();
        store.Committed(synced: true);
        d.Segment.ShouldBe(3);
        Segments(store).ShouldBe(["0000000003.seg"], "segment 2 was empty when segment 3 started");
    }

    [Fact]
    public void Committed_WithoutSync_DeletesNothingUntilACommitIsDurable()
    {
        using var store = new EmbeddedBodyStore(Journal, new Dictionary<long, long>(), segmentBytes: 5_000);
        Store(store, Body(4_000, 1));
        Store(store, Body(4_000, 2));
        store.Flush();
        store.Committed(synced: true);
        store.Release(1);

        store.Committed(synced: false);
        var afterUnsynced = Segments(store);
        store.Committed(synced: true);

        afterUnsynced.ShouldContain("0000000001.seg", "a commit a power cut could undo must not lose the segment its rows point at");
        Segments(store).ShouldBe(["0000000002.seg"]);
    }

    [Fact]
    public void RolledBack_ForgetsTheBatch_SoItsBytesGoWithTheirSegment()
    {
        using var store = new EmbeddedBodyStore(Journal, new Dictionary<long, long>(), segmentBytes: 5_000);
        Store(store, Body(4_000, 1));
        store.RolledBack();
        Store(store, Body(4_000, 2));
        store.Flush();
        store.Committed(synced: true);

        Segments(store).ShouldBe(["0000000002.seg"], "nothing committed ever referred to segment 1");
    }

    [Fact]
    public void Constructor_DeletesUnreferencedSegments_AndNeverAppendsToAnOldOne()
    {
        var kept = Body(4_500, 9);
        using (var first = new EmbeddedBodyStore(Journal, new Dictionary<long, long>(), segmentBytes: 5_000))
        {
            Store(first, Body(4_500, 1));
            Store(first, kept);
            first.Flush();
            first.Committed(synced: true);
        }

        using var reopened = new EmbeddedBodyStore(Journal, new Dictionary<long, long> { [2] = 1 }, segmentBytes: 5_000);
        Segments(reopened).ShouldBe(["0000000002.seg"]);
        reopened.Read(2, 0, kept.Length).ShouldBe(kept);
        var next = reopened.Append(Body(10, 3));
        (next.Segment, next.Offset).ShouldBe((3L, 0L), "a segment from before may end in bytes of a batch that never committed");
    }

    [Fact]
    public void Holds_TrueForTheBodyWritten_FalseForOtherOrMissingBytes()
    {
        using var store = new EmbeddedBodyStore(Journal, new Dictionary<long, long>());
        var body = Body(5_000, 1);
        var (segment, offset, hash) = store.Append(body);
        store.Flush();

        store.Holds(segment, offset, body.Length, hash).ShouldBeTrue();
        store.Holds(segment, offset + 1, body.Length - 1, hash).ShouldBeFalse();
        store.Holds(segment, offset, body.Length + 1, hash).ShouldBeFalse("bytes past the end were never written");
        store.Holds(segment + 1, 0, body.Length, hash).ShouldBeFalse();
    }

    [Fact]
    public void Read_SegmentGone_ReturnsNoBytes()
    {
        using var store = new EmbeddedBodyStore(Journal, new Dictionary<long, long>());

        store.Read(42, 0, 100).ShouldBeEmpty();
    }

    static (long Segment, long Offset) Store(EmbeddedBodyStore store, byte[] body)
    {
        var stored = store.Append(body);
        store.Retain(stored.Segment);
        return (stored.Segment, stored.Offset);
    }

    static string[] Segments(EmbeddedBodyStore store) =>
        Directory.GetFiles(store.DirectoryPath).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    static byte[] Body(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed)).ToArray();
}
