using System.Text.Json;
using Lightning.Collaboration.Patterns;
using Lightning.TestUtilities;

namespace Lightning.Collaboration.Tests.Patterns;

public sealed class BlackboardStoreTests : IDisposable
{
    readonly TempDirectory _data = new();
    readonly BlackboardStore _store;

    public BlackboardStoreTests() => _store = new BlackboardStore(_data.Combine("collaboration", "blackboard.db"), TimeProvider.System);

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    Task<BlackboardWriteResult> WriteAsync(string key, string value, long? expected = null, string? idempotencyKey = null, string collaboration = "col-1") =>
        _store.WriteAsync(new BlackboardWrite(collaboration, key, Json(value), expected, "agent-a", "s1", idempotencyKey), Token);

    [Fact]
    public async Task Read_NeverWritten_IsNull()
    {
        (await _store.ReadAsync("col-1", "missing", Token)).ShouldBeNull();
    }

    [Fact]
    public async Task Write_Blind_BumpsTheVersionEachTime()
    {
        (await WriteAsync("k", "1")).Version.ShouldBe(1);
        (await WriteAsync("k", "2")).Version.ShouldBe(2);

        var entry = (await _store.ReadAsync("col-1", "k", Token))!;
        entry.Version.ShouldBe(2);
        entry.Value!.Value.GetInt32().ShouldBe(2);
        entry.UpdatedBy.ShouldBe("agent-a");
    }

    [Fact]
    public async Task Write_ExpectedVersionMismatch_ConflictsAndWritesNothing()
    {
        await WriteAsync("k", "\"first\"", expected: 0);
        await WriteAsync("k", "\"second\"", expected: 1);

        var stale = await WriteAsync("k", "\"stale\"", expected: 1);

        stale.Conflict.ShouldBeTrue();
        stale.Version.ShouldBe(2);
        stale.ExpectedVersion.ShouldBe(1);
        (await _store.ReadAsync("col-1", "k", Token))!.Value!.Value.GetString().ShouldBe("second");
        (await WriteAsync("fresh", "1", expected: 5)).Conflict.ShouldBeTrue();
    }

    [Fact]
    public async Task Write_ConcurrentCompareAndSet_OneWinsTheOthersConflict()
    {
        await WriteAsync("k", "0");

        var writes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => WriteAsync("k", i.ToString(System.Globalization.CultureInfo.InvariantCulture), expected: 1), Token)));

        writes.Count(w => !w.Conflict).ShouldBe(1);
        writes.Where(w => w.Conflict).ShouldAllBe(w => w.Version == 2);
        (await _store.ReadAsync("col-1", "k", Token))!.Version.ShouldBe(2);
    }

    [Fact]
    public async Task Write_SameIdempotencyKeyAgain_ReturnsTheFirstVersionWithoutWriting()
    {
        var first = await WriteAsync("k", "1", expected: 0, idempotencyKey: "col-1:s1");
        await WriteAsync("k", "2", idempotencyKey: "col-1:other");

        var again = await WriteAsync("k", "1", expected: 0, idempotencyKey: "col-1:s1");

        again.Replayed.ShouldBeTrue();
        again.Conflict.ShouldBeFalse();
        again.Version.ShouldBe(first.Version);
        (await _store.ReadAsync("col-1", "k", Token))!.Version.ShouldBe(2);
    }

    [Fact]
    public async Task MarkAnnounced_ThenReplay_ReportsItAnnounced()
    {
        var first = await WriteAsync("k", "1", idempotencyKey: "key");
        await _store.MarkAnnouncedAsync("col-1", "k", first.Version, Token);

        (await WriteAsync("k", "1", idempotencyKey: "key")).Announced.ShouldBeTrue();
    }

    [Fact]
    public async Task ListAndSnapshot_ArePerCollaborationWithPrefixAndHistory()
    {
        await WriteAsync("design/a", "1");
        await WriteAsync("design/a", "2");
        await WriteAsync("design/b", "null");
        await WriteAsync("notes", "\"n\"");
        await WriteAsync("design/a", "99", collaboration: "col-2");

        var listed = await _store.ListAsync("col-1", "design/", Token);
        var snapshot = await _store.SnapshotAsync("col-1", Token);

        listed.Select(e => e.Key).ShouldBe(["design/a", "design/b"]);
        listed[1].Value.ShouldBeNull();
        snapshot.Entries.Select(e => e.Key).ShouldBe(["design/a", "design/b", "notes"]);
        var history = snapshot.Entries[0].History;
        history.Select(r => r.Version).ShouldBe([1L, 2L]);
        history.Select(r => r.Value!.Value.GetInt32()).ShouldBe([1, 2]);
        history[0].Subtask.ShouldBe("s1");
        (await _store.SnapshotAsync("col-3", Token)).Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Reopen_KeepsEverything()
    {
        await WriteAsync("k", "1");
        await _store.SaveChildAsync("parent:sub", "parent", "child", Token);
        using var reopened = new BlackboardStore(_data.Combine("collaboration", "blackboard.db"), TimeProvider.System);

        (await reopened.ReadAsync("col-1", "k", Token))!.Version.ShouldBe(1);
        (await reopened.FindChildAsync("parent:sub", Token))!.Child.ShouldBe("child");
        await reopened.ForgetChildAsync("parent:sub", Token);
        (await reopened.FindChildAsync("parent:sub", Token)).ShouldBeNull();
    }
}
