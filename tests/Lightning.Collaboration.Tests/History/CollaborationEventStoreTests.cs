using System.Collections.Concurrent;
using System.Text.Json;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.Core.Errors;

namespace Lightning.Collaboration.Tests.History;

/// <summary>
/// What every <see cref="ICollaborationEventStore"/> must do, run unchanged against each one (SQLite, PostgreSQL):
/// ordered group commits, the commit callback, the summary rows and their queries, and byte-identical event data.
/// </summary>
public abstract class CollaborationEventStoreTests : IAsyncLifetime
{
    static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    ICollaborationEventStore? _store;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    protected ICollaborationEventStore Store => _store!;

    /// <summary>A store on this test's storage; opened again after the first is disposed, it reads the same log (a restart).</summary>
    protected abstract ICollaborationEventStore Open();

    protected virtual ValueTask InitializeStorageAsync() => ValueTask.CompletedTask;

    protected virtual ValueTask DisposeStorageAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        await InitializeStorageAsync();
        _store = Open();
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await DisposeStorageAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the store and opens a new one on the same storage, as a restarted server would.</summary>
    protected async Task RestartAsync()
    {
        await Store.DisposeAsync();
        _store = null;
        _store = Open();
    }

    protected static CollaborationEvent Event(string id, long sequence, string type, string? subtask = null, string? data = null, int atMs = 0) =>
        new(id, sequence, type, T0.AddMilliseconds(atMs + sequence), subtask, data is null ? null : JsonDocument.Parse(data).RootElement.Clone());

    protected static CollaborationEvent Submitted(string id, string title = "t", int priority = 5, string by = "alice", int total = 3, int atMs = 0) =>
        Event(id, 1, CollaborationEventTypes.Submitted, data: JsonSerializer.Serialize(new { title, priority, submittedBy = by, total, plan = new { subtasks = Array.Empty<object>() } }), atMs: atMs);

    protected static CollaborationEvent Finished(string id, long sequence, CollaborationStatus status) =>
        Event(id, sequence, CollaborationEventTypes.Finished, data: JsonSerializer.Serialize(new { status = SqliteCollaborationEventStore.StatusName(status) }));

    /// <summary>Callers are released before the commit callback runs, so a test that checks the callback waits for it.</summary>
    protected static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    [Fact]
    public async Task Append_ThenRead_ReturnsEveryFieldInSequenceOrder()
    {
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero).AddTicks(4567);
        await Store.AppendAsync([
            Submitted("c1"),
            new CollaborationEvent("c1", 2, CollaborationEventTypes.SubtaskStarted, at, "build", null),
            Event("c1", 3, CollaborationEventTypes.SubtaskSucceeded, "build", """{"output":1}"""),
            Event("c2", 1, CollaborationEventTypes.Resumed),
        ]);

        var events = await Store.ReadAsync("c1", 0, 100, Token);

        events.Select(e => e.Sequence).ShouldBe([1L, 2L, 3L]);
        events.ShouldAllBe(e => e.CollaborationId == "c1");
        events[1].Type.ShouldBe(CollaborationEventTypes.SubtaskStarted);
        events[1].Subtask.ShouldBe("build");
        events[1].Data.ShouldBeNull();
        // Times are kept to the millisecond.
        events[1].At.ShouldBe(new DateTimeOffset(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero));
        events[2].Data!.Value.GetRawText().ShouldBe("""{"output":1}""");
        events[0].Subtask.ShouldBeNull();
        (await Store.ReadAsync("c2", 0, 100, Token)).ShouldHaveSingleItem().Type.ShouldBe(CollaborationEventTypes.Resumed);
        (await Store.ReadAsync("missing", 0, 100, Token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Read_AfterAndLimit_PagesThroughTheLog()
    {
        await Store.AppendAsync([Submitted("c"), .. Enumerable.Range(2, 9).Select(i => Event("c", i, CollaborationEventTypes.Message))]);

        (await Store.ReadAsync("c", 0, 4, Token)).Select(e => e.Sequence).ShouldBe([1L, 2L, 3L, 4L]);
        (await Store.ReadAsync("c", 4, 4, Token)).Select(e => e.Sequence).ShouldBe([5L, 6L, 7L, 8L]);
        (await Store.ReadAsync("c", 8, 4, Token)).Select(e => e.Sequence).ShouldBe([9L, 10L]);
        (await Store.ReadAsync("c", 10, 4, Token)).ShouldBeEmpty();
        (await Store.ReadAsync("c", 0, 0, Token)).ShouldHaveSingleItem().Sequence.ShouldBe(1);
    }

    [Fact]
    public async Task Append_Json_ReadsBackByteForByte()
    {
        // Key order, number spellings, escapes, whitespace and big numbers must all survive: replay compares outputs.
        const string data = """{ "z" : 1.50, "a":[1e3, -0.0, 1E-7, 12345678901234567890123456789],  "s":"\u00e9é😀\"\n", "n":null, "t":true, "o":{"b":2,"a":1}, "ε":"\ud83d\ude00" }""";
        const string array = """[3,2,1, "x" ]""";
        await Store.AppendAsync([Event("c", 1, CollaborationEventTypes.Message, data: data), Event("c", 2, CollaborationEventTypes.Message, data: array),
            Event("c", 3, CollaborationEventTypes.Message, data: "\"just a string\""), Event("c", 4, CollaborationEventTypes.Message, data: "42.000")]);
        await RestartAsync();

        var events = await Store.ReadAsync("c", 0, 10, Token);

        events.Select(e => e.Data!.Value.GetRawText()).ShouldBe([data, array, "\"just a string\"", "42.000"]);
    }

    [Fact]
    public async Task Append_ManyConcurrentCallers_CommitsInGroupsInAppendOrder()
    {
        var batches = new ConcurrentQueue<IReadOnlyList<CollaborationEvent>>();
        Store.OnCommitted(batches.Enqueue);
        const int Appends = 2000;

        // Issued from one thread without waiting: the channel order is the append order, and the writer must group them.
        var tasks = Enumerable.Range(0, Appends).Select(i => Store.AppendAsync([Event($"c{i % 7}", (i / 7) + 1, CollaborationEventTypes.Message, data: $$"""{"i":{{i}}}""")])).ToArray();
        await Task.WhenAll(tasks);
        await WaitUntilAsync(() => batches.Sum(batch => batch.Count) == Appends);

        var committed = batches.SelectMany(batch => batch).ToList();
        committed.Select(e => e.Data!.Value.GetProperty("i").GetInt32()).ShouldBe(Enumerable.Range(0, Appends));
        batches.Count.ShouldBeLessThan(Appends, "appends waiting together are committed together");
        for (var c = 0; c < 7; c++)
        {
            var events = await Store.ReadAsync($"c{c}", 0, Appends, Token);
            events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
            events.Select(e => e.Data!.Value.GetProperty("i").GetInt32()).ShouldBe(Enumerable.Range(0, Appends).Where(i => i % 7 == c));
        }
    }

    [Fact]
    public async Task Append_FromManyThreads_KeepsEachWritersOrderAndLosesNothing()
    {
        var committed = new ConcurrentQueue<CollaborationEvent>();
        Store.OnCommitted(events =>
        {
            foreach (var e in events)
            {
                committed.Enqueue(e);
            }
        });
        const int Writers = 16;
        const int PerWriter = 150;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 1; i <= PerWriter; i++)
            {
                // Each writer waits for its append before the next, so its events must be committed in that order.
                await Store.AppendAsync([Event($"w{w}", (i * 2) - 1, CollaborationEventTypes.Message), Event($"w{w}", i * 2, CollaborationEventTypes.Message)]);
            }
        }, Token)));

        await WaitUntilAsync(() => committed.Count == Writers * PerWriter * 2);
        foreach (var group in committed.GroupBy(e => e.CollaborationId))
        {
            group.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, PerWriter * 2).Select(i => (long)i));
            (await Store.ReadAsync(group.Key, 0, 10_000, Token)).Select(e => e.Sequence).ShouldBe(group.Select(e => e.Sequence));
        }
    }

    [Fact]
    public async Task OnCommitted_IsCalledAfterTheEventsAreDurable()
    {
        var seenByReaders = new ConcurrentQueue<int>();
        var bothSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Store.OnCommitted(events =>
        {
            // The writer waits for this callback, so a read from inside it shows what was on disk when it was called.
#pragma warning disable xUnit1031 // Blocking on purpose: the read must finish before the writer moves on.
            seenByReaders.Enqueue(Store.ReadAsync(events[0].CollaborationId, 0, 100, CancellationToken.None).GetAwaiter().GetResult().Count);
#pragma warning restore xUnit1031
            if (seenByReaders.Count == 2)
            {
                bothSeen.TrySetResult();
            }
        });

        await Store.AppendAsync([Submitted("c"), Event("c", 2, CollaborationEventTypes.Message)]);
        await Store.AppendAsync([Event("c", 3, CollaborationEventTypes.Message)]);
        // Callers are released before the callback runs, so wait for it.
        await bothSeen.Task.WaitAsync(TimeSpan.FromSeconds(10), Token);

        seenByReaders.ShouldBe([2, 3]);
    }

    [Fact]
    public async Task Append_Empty_CompletesAtOnceAndCallsNobody()
    {
        var calls = 0;
        Store.OnCommitted(_ => Interlocked.Increment(ref calls));

        await Store.AppendAsync([]);

        calls.ShouldBe(0);
    }

    [Fact]
    public async Task Append_DuplicateSequence_FailsItsWholeBatchAsAConflictAndTheLogGoesOn()
    {
        await Store.AppendAsync([Submitted("c")]);
        var committed = new ConcurrentQueue<CollaborationEvent>();
        Store.OnCommitted(events =>
        {
            foreach (var e in events)
            {
                committed.Enqueue(e);
            }
        });

        var error = await Should.ThrowAsync<LightningException>(() => Store.AppendAsync([Event("c", 2, CollaborationEventTypes.Message), Event("c", 1, CollaborationEventTypes.Message)]));
        await Store.AppendAsync([Event("c", 2, CollaborationEventTypes.Message)]);
        await WaitUntilAsync(() => !committed.IsEmpty);

        error.Kind.ShouldBe(ErrorKind.Conflict);
        error.Code.ShouldBe("collaboration.event_conflict");
        (await Store.ReadAsync("c", 0, 10, Token)).Select(e => (e.Sequence, e.Type)).ShouldBe([(1L, CollaborationEventTypes.Submitted), (2L, CollaborationEventTypes.Message)]);
        committed.ShouldHaveSingleItem().Sequence.ShouldBe(2);
    }

    [Fact]
    public async Task Append_AfterDispose_Throws()
    {
        await Store.DisposeAsync();

        Should.Throw<ObjectDisposedException>(() => Store.AppendAsync([Submitted("c")]));
        _store = null;
    }

    [Fact]
    public async Task Summary_FollowsTheLifecycleOfACollaboration()
    {
        await Store.AppendAsync([Submitted("c", title: "Deploy", priority: 7, by: "bob", total: 4, atMs: 1000)]);
        (await Store.FindAsync("c", Token)).ShouldBe(new CollaborationSummary("c", "Deploy", CollaborationStatus.Running, 7, "bob", T0.AddMilliseconds(1001), null, 4, 0, 0));

        await Store.AppendAsync([
            Event("c", 2, CollaborationEventTypes.SubtaskSucceeded, "a"),
            Event("c", 3, CollaborationEventTypes.SubtaskFailed, "b", """{"error":"x","final":false,"retryAt":"2026-03-01T12:00:01Z"}"""),
            Event("c", 4, CollaborationEventTypes.SubtaskFailed, "b", """{"error":"x","final":true}"""),
            Event("c", 5, CollaborationEventTypes.SubtaskFailed, "c", """{"error":"x"}"""),
            Event("c", 6, CollaborationEventTypes.SubtaskSucceeded, "d"),
        ]);
        (await Store.FindAsync("c", Token)).ShouldBe(new CollaborationSummary("c", "Deploy", CollaborationStatus.Running, 7, "bob", T0.AddMilliseconds(1001), null, 4, 2, 1));
        (await Store.UnfinishedAsync(Token)).ShouldBe(["c"]);

        await Store.AppendAsync([Finished("c", 7, CollaborationStatus.Failed)]);
        (await Store.FindAsync("c", Token)).ShouldBe(new CollaborationSummary("c", "Deploy", CollaborationStatus.Failed, 7, "bob", T0.AddMilliseconds(1001), T0.AddMilliseconds(7), 4, 2, 1));
        (await Store.UnfinishedAsync(Token)).ShouldBeEmpty();
        (await Store.FindAsync("other", Token)).ShouldBeNull();
    }

    [Fact]
    public async Task Summary_WithinOneBatch_AppliesChangesInEventOrder()
    {
        // A count before the row exists changes nothing; a second submitted keeps the first row.
        await Store.AppendAsync([
            Event("c", 9, CollaborationEventTypes.SubtaskSucceeded, "early"),
            Submitted("c", title: "first"),
            Event("c", 2, CollaborationEventTypes.SubtaskSucceeded, "a"),
            Event("c", 3, CollaborationEventTypes.SubtaskFailed, "b", """{"final":true}"""),
            Finished("c", 4, CollaborationStatus.Succeeded),
            Event("c", 5, CollaborationEventTypes.SubtaskSucceeded, "after-finish"),
            Event("c", 6, CollaborationEventTypes.Submitted, data: """{"title":"second","priority":1,"submittedBy":"eve","total":9}"""),
            Event("c", 7, CollaborationEventTypes.SubtaskSucceeded, "late"),
            Submitted("d", title: "other"),
            Event("d", 2, CollaborationEventTypes.SubtaskSucceeded, "x"),
        ]);

        var c = (await Store.FindAsync("c", Token))!;
        c.Title.ShouldBe("first");
        c.Status.ShouldBe(CollaborationStatus.Succeeded);
        c.Succeeded.ShouldBe(3);
        c.Failed.ShouldBe(1);
        (await Store.FindAsync("d", Token))!.Succeeded.ShouldBe(1);
    }

    [Fact]
    public async Task List_FiltersByStatusAndSubmitterAndPagesNewestFirst()
    {
        for (var i = 1; i <= 7; i++)
        {
            await Store.AppendAsync([Submitted($"id-{i:D2}", by: i % 2 == 0 ? "bob" : "alice")]);
        }

        await Store.AppendAsync([Finished("id-01", 2, CollaborationStatus.Succeeded), Finished("id-04", 2, CollaborationStatus.Cancelled),
            Finished("id-06", 2, CollaborationStatus.BudgetExhausted)]);

        var first = await Store.ListAsync(new CollaborationQuery(Limit: 3), Token);
        first.Items.Select(s => s.Id).ShouldBe(["id-07", "id-06", "id-05"]);
        first.Next.ShouldBe("id-05");
        var second = await Store.ListAsync(new CollaborationQuery(Before: first.Next, Limit: 3), Token);
        second.Items.Select(s => s.Id).ShouldBe(["id-04", "id-03", "id-02"]);
        var last = await Store.ListAsync(new CollaborationQuery(Before: second.Next, Limit: 3), Token);
        last.Items.Select(s => s.Id).ShouldBe(["id-01"]);
        last.Next.ShouldBeNull();
        (await Store.ListAsync(new CollaborationQuery(Limit: 7), Token)).Next.ShouldBeNull();

        (await Store.ListAsync(new CollaborationQuery(Status: CollaborationStatus.Running), Token)).Items.Select(s => s.Id).ShouldBe(["id-07", "id-05", "id-03", "id-02"]);
        (await Store.ListAsync(new CollaborationQuery(Status: CollaborationStatus.BudgetExhausted), Token)).Items.ShouldHaveSingleItem().Id.ShouldBe("id-06");
        (await Store.ListAsync(new CollaborationQuery(SubmittedBy: "bob"), Token)).Items.Select(s => s.Id).ShouldBe(["id-06", "id-04", "id-02"]);
        var bobRunning = await Store.ListAsync(new CollaborationQuery(Status: CollaborationStatus.Running, SubmittedBy: "bob", Limit: 1), Token);
        bobRunning.Items.ShouldHaveSingleItem().Id.ShouldBe("id-02");
        bobRunning.Next.ShouldBeNull();
        var aliceBefore = await Store.ListAsync(new CollaborationQuery(SubmittedBy: "alice", Before: "id-05", Limit: 1), Token);
        aliceBefore.Items.ShouldHaveSingleItem().Id.ShouldBe("id-03");
        aliceBefore.Next.ShouldBe("id-03");
        (await Store.ListAsync(new CollaborationQuery(SubmittedBy: "nobody"), Token)).Items.ShouldBeEmpty();
        // A limit out of range is clamped, not an error.
        (await Store.ListAsync(new CollaborationQuery(Limit: 0), Token)).Items.ShouldHaveSingleItem().Id.ShouldBe("id-07");
        (await Store.ListAsync(new CollaborationQuery(Limit: 10_000), Token)).Items.Count.ShouldBe(7);
    }

    [Fact]
    public async Task List_OrdersIdsByTheirBytesNotByLocale()
    {
        // Ids are compared as SQLite does (binary): upper case before lower case, '-' before digits.
        await Store.AppendAsync([Submitted("a-1"), Submitted("B"), Submitted("a1"), Submitted("a")]);

        (await Store.ListAsync(new CollaborationQuery(), Token)).Items.Select(s => s.Id).ShouldBe(["a1", "a-1", "a", "B"]);
        (await Store.ListAsync(new CollaborationQuery(Before: "a"), Token)).Items.Select(s => s.Id).ShouldBe(["B"]);
        (await Store.UnfinishedAsync(Token)).ShouldBe(["B", "a", "a-1", "a1"]);
    }

    [Fact]
    public async Task CountByStatus_CountsEveryStatusIncludingZeros()
    {
        await Store.AppendAsync([Submitted("a"), Submitted("b"), Submitted("c"), Submitted("d")]);
        await Store.AppendAsync([Finished("a", 2, CollaborationStatus.Succeeded), Finished("b", 2, CollaborationStatus.Succeeded), Finished("c", 2, CollaborationStatus.Failed)]);

        var counts = await Store.CountByStatusAsync(Token);

        counts.ShouldBe(new Dictionary<CollaborationStatus, int>
        {
            [CollaborationStatus.Running] = 1,
            [CollaborationStatus.Succeeded] = 2,
            [CollaborationStatus.Failed] = 1,
            [CollaborationStatus.Cancelled] = 0,
            [CollaborationStatus.BudgetExhausted] = 0,
        }, ignoreOrder: true);
    }

    [Fact]
    public async Task Restart_KeepsTheLogAndTheSummaries()
    {
        await Store.AppendAsync([Submitted("done"), Submitted("open"), Event("open", 2, CollaborationEventTypes.SubtaskSucceeded, "a")]);
        await Store.AppendAsync([Finished("done", 2, CollaborationStatus.Succeeded)]);

        await RestartAsync();

        (await Store.UnfinishedAsync(Token)).ShouldBe(["open"]);
        (await Store.FindAsync("open", Token))!.Succeeded.ShouldBe(1);
        (await Store.ReadAsync("done", 0, 10, Token)).Select(e => e.Type).ShouldBe([CollaborationEventTypes.Submitted, CollaborationEventTypes.Finished]);
        await Store.AppendAsync([Event("open", 3, CollaborationEventTypes.Resumed)]);
        (await Store.ReadAsync("open", 0, 10, Token)).Select(e => e.Sequence).ShouldBe([1L, 2L, 3L]);
    }
}
