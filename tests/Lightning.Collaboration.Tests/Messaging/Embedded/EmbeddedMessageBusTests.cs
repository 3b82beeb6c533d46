using System.Text.Json;
using Lightning.Collaboration.Messaging;
using Lightning.Collaboration.Messaging.Embedded;
using Lightning.Core.Errors;
using Lightning.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Lightning.TestUtilities.Messaging.BusTestKit;

namespace Lightning.Collaboration.Tests.Messaging.Embedded;

public sealed class EmbeddedMessageBusTests : IDisposable
{
    readonly TempDirectory _directory = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    string DatabasePath => _directory.Combine("bus.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task PublishAsync_ManyConcurrentCallers_CommitsInFarFewerTransactions()
    {
        await using var bus = Open();
        var before = bus.CommitCount;

        var results = await Task.WhenAll(Enumerable.Range(0, 2000)
            .Select(i => Task.Run(() => bus.PublishAsync(Message($"g{i}", Address.Agent("batcher")), Token), Token)));

        results.ShouldAllBe(r => r.Outcome == PublishOutcome.Accepted);
        var commits = bus.CommitCount - before;
        commits.ShouldBeLessThan(2000 / 4, $"2000 publishes took {commits} commits");
        (await bus.CountsAsync(Token)).Ready.ShouldBe(2000);
    }

    [Fact]
    public async Task PublishAsync_WhileTheLastCommitIsFlushing_WaitsInTheNextTransactionAndReturnsOnlyAfterItsOwnFlush()
    {
        await using var bus = Open();
        using var disk = new ManualResetEventSlim(false);
        var flushes = 0;
        bus.Journal.FlushLog = () =>
        {
            Interlocked.Increment(ref flushes);
            disk.Wait(Token);
        };
        var before = bus.CommitCount;

        var first = bus.PublishAsync(Message("held1", Address.Agent("reader")), Token);
        await WaitUntilAsync(() => Volatile.Read(ref flushes) == 1);
        var second = bus.PublishAsync(Message("held2", Address.Agent("reader")), Token);
        var third = bus.PublishAsync(Message("held3", Address.Agent("reader")), Token);
        await Task.Delay(200, Token);

        first.IsCompleted.ShouldBeFalse("a publish returns only once its commit is on disk");
        second.IsCompleted.ShouldBeFalse();
        third.IsCompleted.ShouldBeFalse();
        (bus.CommitCount - before).ShouldBe(1, "the next publishes wait in the open transaction while the disk is busy");
        disk.Set();
        (await Task.WhenAll(first, second, third)).ShouldAllBe(r => r.Outcome == PublishOutcome.Accepted);
        (bus.CommitCount - before).ShouldBe(2, "both waiting publishes went in one commit");
        Volatile.Read(ref flushes).ShouldBe(2);
        (await bus.CountsAsync(Token)).Ready.ShouldBe(3);
    }

    [Fact]
    public async Task PublishAsync_WhenTheLogCannotBeFlushed_FailsAndTheBusTakesNoMoreWork()
    {
        await using var bus = Open();
        bus.Journal.FlushLog = () => throw new IOException("the disk is gone");

        (await Should.ThrowAsync<IOException>(() => bus.PublishAsync(Message("lost", Address.Agent("reader")), Token)))
            .Message.ShouldBe("the disk is gone");
        var refused = await Should.ThrowAsync<LightningException>(() => bus.PublishAsync(Message("after", Address.Agent("reader")), Token));
        refused.Code.ShouldBe("bus.journal_failed");
    }

    static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            waited.ShouldBeLessThan(10_000, "the condition never became true");
            await Task.Delay(10, Token);
        }
    }

    [Fact]
    public async Task ReceiveAsync_WithFreePrefetch_LeasesAheadInOneTurnAndReturnsUnusedUncounted()
    {
        await using var bus = Open();
        for (var i = 0; i < 10; i++)
        {
            await bus.PublishAsync(Message($"b{i}", Address.Agent("reader")), Token);
        }

        var consumer = await bus.SubscribeAsync(new Subscription("reader", [], Prefetch: 8), Token);
        var before = bus.CommitCount;
        var first = await ReceiveAsync(consumer);
        var second = await ReceiveAsync(consumer);
        var leasedInOneTurn = bus.CommitCount - before;
        var counts = await bus.CountsAsync(Token);
        await first.AckAsync(Token);
        await consumer.DisposeAsync();
        var next = await bus.SubscribeAsync(new Subscription("reader", [], Prefetch: 1), Token);
        var attempts = new List<int>();
        while (attempts.Count < 9)
        {
            var delivery = await ReceiveAsync(next);
            attempts.Add(delivery.Message.Attempt);
            await delivery.AckAsync(Token);
        }

        leasedInOneTurn.ShouldBe(1, "both receives were served by one lease of up to the free prefetch");
        counts.Leased.ShouldBe(8, "the whole prefetch window was leased ahead");
        second.Message.Id.ShouldBe("b1");
        attempts.Count(a => a == 1).ShouldBe(1, "only the delivery the application held counts as a delivery");
        attempts.Count(a => a == 0).ShouldBe(8, "entries leased ahead but never handed out come back uncounted");
    }

    [Fact]
    public async Task PublishAsync_SameIdConcurrently_AcceptsExactlyOne()
    {
        await using var bus = Open();

        var results = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => Task.Run(() => bus.PublishAsync(Message("same", Address.Agent("batcher")), Token), Token)));

        results.Count(r => r.Outcome == PublishOutcome.Accepted).ShouldBe(1);
        (await bus.CountsAsync(Token)).Ready.ShouldBe(1);
    }

    [Fact]
    public async Task Constructor_GivenADirectory_KeepsTheJournalInIt()
    {
        var directory = _directory.Combine("bus-dir");
        Directory.CreateDirectory(directory);

        await using var bus = new EmbeddedMessageBus(directory, new BusOptions(), TimeProvider.System, NullLogger<EmbeddedMessageBus>.Instance);

        bus.FilePath.ShouldBe(Path.Combine(directory, EmbeddedMessageBus.DefaultFileName));
        File.Exists(bus.FilePath).ShouldBeTrue();
    }

    [Fact]
    public async Task Constructor_JournalOpenElsewhere_RefusesToShareIt()
    {
        await using var owner = Open();

        var refused = Should.Throw<LightningException>(() => Open());

        refused.Code.ShouldBe("bus.journal_in_use");
        await owner.DisposeAsync();
        await using var next = Open();
    }

    [Fact]
    public async Task DisposeAsync_WithPublishesInFlight_CommitsThemAll()
    {
        var bus = Open();
        var pending = Enumerable.Range(0, 500).Select(i => bus.PublishAsync(Message($"f{i}", Address.Agent("flusher")), Token)).ToList();

        await bus.DisposeAsync();

        (await Task.WhenAll(pending)).ShouldAllBe(r => r.Outcome == PublishOutcome.Accepted);
        await using var reopened = Open();
        (await reopened.CountsAsync(Token)).Ready.ShouldBe(500);
        await Should.ThrowAsync<ObjectDisposedException>(() => bus.PublishAsync(Message("late", Address.Agent("flusher")), Token));
    }

    [Fact]
    public async Task Lease_NotSettledInTime_IsRedeliveredWithLeaseExpiredHistory()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bus = Open(new BusOptions { LeaseTimeout = TimeSpan.FromMinutes(1) }, time);
        await using var consumer = await bus.SubscribeAsync(new Subscription("slow", []), Token);
        await bus.PublishAsync(Message("slow-1", Address.Agent("slow")), Token);
        var first = await ReceiveAsync(consumer);

        var second = consumer.ReceiveAsync(Token).AsTask();
        await Task.Delay(100, Token);
        second.IsCompleted.ShouldBeFalse("the only message is leased");
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var again = await second.WaitAsync(Patience, Token);

        again.Message.Id.ShouldBe("slow-1");
        again.Message.Attempt.ShouldBe(1);
        var attempt = again.History.ShouldHaveSingleItem();
        attempt.Outcome.ShouldBe("lease-expired");
        attempt.Attempt.ShouldBe(0);
        attempt.Consumer.ShouldBe("slow");
        await first.AckAsync(Token); // too late: the lease is the second delivery's now
        (await bus.CountsAsync(Token)).Leased.ShouldBe(1);
        await again.AckAsync(Token);
        (await bus.CountsAsync(Token)).ShouldBe((0, 0, 0, 1));
    }

    [Fact]
    public async Task Lease_ExpiringAtTheDeliveryLimit_DeadLetters()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bus = Open(new BusOptions { LeaseTimeout = TimeSpan.FromMinutes(1), MaxDeliveries = 1 }, time);
        await using var consumer = await bus.SubscribeAsync(new Subscription("slow", []), Token);
        await bus.PublishAsync(Message("once", Address.Agent("slow")), Token);
        await ReceiveAsync(consumer);

        time.Advance(TimeSpan.FromMinutes(2));
        var dead = await WaitForDeadLetterAsync(bus, "once");

        dead.Reason.ShouldBe("delivery limit reached (1): lease timed out");
        dead.History.ShouldHaveSingleItem().Outcome.ShouldBe("lease-expired");
        dead.DeadAt.ShouldBe(time.GetUtcNow(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Nack_WithFakeTime_WaitsForTheBackoffThenRedelivers()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new BusOptions { BaseRetryDelay = TimeSpan.FromMinutes(1), Jitter = 0 };
        await using var bus = Open(options, time);
        await using var consumer = await bus.SubscribeAsync(new Subscription("patient", []), Token);
        await bus.PublishAsync(Message("later", Address.Agent("patient")), Token);
        await (await ReceiveAsync(consumer)).NackAsync("not yet", Token);

        var next = consumer.ReceiveAsync(Token).AsTask();
        await Task.Delay(600, Token);
        next.IsCompleted.ShouldBeFalse("the retry is a minute away");
        time.Advance(TimeSpan.FromMinutes(1));

        var again = await next.WaitAsync(Patience, Token);
        again.Message.Attempt.ShouldBe(1);
        again.History.ShouldHaveSingleItem().Reason.ShouldBe("not yet");
    }

    [Fact]
    public async Task Broadcast_GoesOnlyToAgentsKnownAtPublish_AndTheyAreRemembered()
    {
        await using (var first = Open())
        {
            await using var early = await first.SubscribeAsync(new Subscription("early", []), Token);
            await first.PublishAsync(Message("b1", Address.Broadcast), Token);
        }

        await using var bus = Open();
        await using var late = await bus.SubscribeAsync(new Subscription("late", []), Token);
        await bus.PublishAsync(Message("b2", Address.Broadcast), Token);

        (await ReceiveAsync(late)).Message.Id.ShouldBe("b2");
        await using var earlyAgain = await bus.SubscribeAsync(new Subscription("early", []), Token);
        var ids = new[] { (await ReceiveAsync(earlyAgain)).Message.Id, (await ReceiveAsync(earlyAgain)).Message.Id };
        ids.ShouldBe(["b1", "b2"]);
    }

    [Fact]
    public async Task Reopen_WithLeasesOfAProcessThatStopped_RedeliversThem()
    {
        var bus = Open();
        var consumer = await bus.SubscribeAsync(new Subscription("worker", []), Token);
        await bus.PublishAsync(Message("held", Address.Agent("worker")), Token);
        await bus.PublishAsync(Message("done", Address.Agent("worker")), Token);
        (await ReceiveAsync(consumer)).Message.Id.ShouldBe("held");
        await (await ReceiveAsync(consumer)).AckAsync(Token);
        await bus.DisposeAsync(); // the consumer never settles nor closes

        await using var reopened = Open();
        await using var after = await reopened.SubscribeAsync(new Subscription("worker", []), Token);
        var again = await ReceiveAsync(after);

        again.Message.Id.ShouldBe("held");
        again.Message.Attempt.ShouldBe(1);
        again.History.ShouldHaveSingleItem().Outcome.ShouldBe("lease-expired");
        await again.AckAsync(Token);
        (await reopened.CountsAsync(Token)).ShouldBe((0, 0, 0, 2));
    }

    [Fact]
    public async Task ReceiveAsync_PublishFromAnotherCaller_WakesTheWaitingConsumer()
    {
        await using var bus = Open();
        await using var consumer = await bus.SubscribeAsync(new Subscription("sleeper", ["naps"]), Token);
        var waiting = consumer.ReceiveAsync(Token).AsTask();
        await Task.Delay(50, Token);

        await bus.PublishAsync(Message("wake", Address.Capability("naps")), Token);

        (await waiting.WaitAsync(Patience, Token)).Message.Id.ShouldBe("wake");
    }

    [Fact]
    public async Task DisposeAsync_Consumer_ReturnsItsLeasesAtOnce()
    {
        await using var bus = Open(new BusOptions { LeaseTimeout = TimeSpan.FromHours(1) });
        var consumer = await bus.SubscribeAsync(new Subscription("quitter", []), Token);
        await bus.PublishAsync(Message("q", Address.Agent("quitter")), Token);
        await ReceiveAsync(consumer);

        await consumer.DisposeAsync();

        (await bus.CountsAsync(Token)).ShouldBe((1, 0, 0, 1));
        await Should.ThrowAsync<ObjectDisposedException>(() => consumer.ReceiveAsync(Token).AsTask());
    }

    [Fact]
    public async Task PublishAndAck_FarMoreThanTheLogLimit_TheLogStartsOverInsteadOfGrowing()
    {
        // 20,000 messages of 10 KB are over 200 MB of log; the background checkpointer and the writer's finishing copy
        // must let the log start over near 64 MiB, or the file grows with every message.
        await using var bus = Open();
        var wal = bus.FilePath + "-wal";
        var payload = JsonSerializer.SerializeToElement(new string('x', 10 * 1024));
        const int Count = 20_000;
        await using var consumer = await bus.SubscribeAsync(new Subscription("drain", [], Prefetch: 256), Token);
        var largest = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                largest = Math.Max(largest, File.Exists(wal) ? new FileInfo(wal).Length : 0);
                await Task.Delay(5, CancellationToken.None);
            }
        }, Token);
        var draining = Task.Run(async () =>
        {
            for (var i = 0; i < Count; i++)
            {
                await (await ReceiveAsync(consumer)).AckAsync(Token);
            }
        }, Token);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < Count)
            {
                await bus.PublishAsync(Message($"w{index}", Address.Agent("drain")) with { Payload = payload }, Token);
            }
        }, Token)));
        await draining;
        await sampling.CancelAsync();
        await sampler;

        (await bus.CountsAsync(Token)).ShouldBe((0, 0, 0, Count));
        largest.ShouldBeGreaterThan(0);
        // The 10 KB bodies went to segment files (EmbeddedBodyStore), about 200 MB of them (as much at once as the
        // consumer lags behind); every segment full of acknowledged bodies is deleted, so only the current one is left.
        Directory.GetFiles(bus.FilePath + ".bodies").ShouldHaveSingleItem();
        largest.ShouldBeLessThan(128L * 1024 * 1024, $"the log reached {largest / (1024 * 1024)} MiB");
    }

    [Fact]
    public async Task SettledIds_OlderThanTheDeduplicationWindow_AreForgotten_AndNewerOnesStillDeduplicate()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bus = Open(new BusOptions { DeduplicationWindow = TimeSpan.FromHours(1) }, time);
        await using var consumer = await bus.SubscribeAsync(new Subscription("done", []), Token);
        await bus.PublishAsync(Message("old", Address.Agent("done")), Token);
        await (await ReceiveAsync(consumer)).AckAsync(Token);
        time.Advance(TimeSpan.FromMinutes(50));
        await bus.PublishAsync(Message("recent", Address.Agent("done")), Token);
        await (await ReceiveAsync(consumer)).AckAsync(Token);
        await bus.PublishAsync(Message("waiting", Address.Agent("nobody")), Token);
        (await bus.CountsAsync(Token)).Messages.ShouldBe(3);

        time.Advance(TimeSpan.FromMinutes(20));
        var deadline = DateTime.UtcNow + Patience;
        while ((await bus.CountsAsync(Token)).Messages > 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Token);
        }

        (await bus.CountsAsync(Token)).ShouldBe((1, 0, 0, 2), "only the settled id past the window is forgotten; the unsettled one is kept whatever its age");
        (await bus.PublishAsync(Message("old", Address.Agent("done")), Token)).Outcome.ShouldBe(PublishOutcome.Accepted);
        (await bus.PublishAsync(Message("recent", Address.Agent("done")), Token)).Outcome.ShouldBe(PublishOutcome.Duplicate);
    }

    [Fact]
    public async Task LargeBodies_KeptInSegments_SurviveAReopen_AndDuplicatesKeepTheFirst()
    {
        var bodies = DatabasePath + ".bodies";
        await using (var bus = Open())
        {
            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => bus.PublishAsync(Large($"big{i}", "first", Address.Agent("reader")), Token)));
            await bus.PublishAsync(Message("small", Address.Agent("reader")), Token);
            (await bus.PublishAsync(Large("big3", "second", Address.Agent("reader")), Token)).Outcome.ShouldBe(PublishOutcome.Duplicate);
        }

        Directory.GetFiles(bodies).ShouldHaveSingleItem();
        await using var reopened = Open();
        await reopened.PublishAsync(Large("after", "reopened", Address.Agent("reader")), Token);
        await using var consumer = await reopened.SubscribeAsync(new Subscription("reader", [], Prefetch: 8), Token);
        var received = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 22; i++)
        {
            var delivery = await ReceiveAsync(consumer);
            received[delivery.Message.Id] = delivery.Message.Payload.TryGetProperty("text", out var text) ? text.GetString()! : "(inline)";
            await delivery.AckAsync(Token);
        }

        received["small"].ShouldBe("(inline)");
        received["after"].ShouldBe(Text("after", "reopened"));
        for (var i = 0; i < 20; i++)
        {
            received[$"big{i}"].ShouldBe(Text($"big{i}", "first"));
        }

        // A reopened bus starts a new segment rather than append to an old one; the old one went with its last body.
        Directory.GetFiles(bodies).Select(Path.GetFileName).ShouldBe(["0000000002.seg"]);
    }

    [Fact]
    public async Task Reopen_AfterAPowerCutLostTheLastBodies_RemovesThoseMessagesSoARetryIsAccepted()
    {
        await using (var bus = Open())
        {
            for (var i = 0; i < 3; i++)
            {
                await bus.PublishAsync(Large($"cut{i}", "v1", Address.Agent("reader")), Token);
            }
        }

        // As if the SQLite commit reached the disk and the segment's flush beside it did not: the last body is cut short.
        var segment = Directory.GetFiles(DatabasePath + ".bodies").ShouldHaveSingleItem();
        using (var file = new FileStream(segment, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(file.Length - 100);
        }

        await using var reopened = Open();
        (await reopened.CountsAsync(Token)).ShouldBe((2, 0, 0, 2), "only the message whose body is incomplete is removed");
        (await reopened.PublishAsync(Large("cut2", "v2", Address.Agent("reader")), Token)).Outcome.ShouldBe(PublishOutcome.Accepted);
        await using var consumer = await reopened.SubscribeAsync(new Subscription("reader", []), Token);
        var texts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var delivery = await ReceiveAsync(consumer);
            texts.Add(delivery.Message.Payload.GetProperty("text").GetString()!);
            await delivery.AckAsync(Token);
        }

        texts.ShouldBe([Text("cut0", "v1"), Text("cut1", "v1"), Text("cut2", "v2")]);
    }

    [Fact]
    public async Task LargeBroadcast_WithNoAgentKnown_KeepsTheIdButNotTheBody()
    {
        await using (var bus = Open())
        {
            (await bus.PublishAsync(Large("nowhere", "v1", Address.Broadcast), Token)).Outcome.ShouldBe(PublishOutcome.Accepted);
            (await bus.CountsAsync(Token)).ShouldBe((0, 0, 0, 1));
        }

        await using var reopened = Open();
        Directory.GetFiles(DatabasePath + ".bodies").ShouldBeEmpty("no stored message refers to the segment any more");
        (await reopened.PublishAsync(Large("nowhere", "v2", Address.Broadcast), Token)).Outcome.ShouldBe(PublishOutcome.Duplicate);
    }

    [Fact]
    public async Task LargeBody_DeadLettered_ReadsBackAndRedrives_AndPurgeDropsIt()
    {
        await using var bus = Open();
        await using var consumer = await bus.SubscribeAsync(new Subscription("reader", []), Token);
        await bus.PublishAsync(Large("dead", "body", Address.Agent("reader")), Token);
        await (await ReceiveAsync(consumer)).RejectAsync("no", Token);

        var dead = await bus.GetDeadLetterAsync("dead", Token);
        dead.ShouldNotBeNull().Message.Payload.GetProperty("text").GetString().ShouldBe(Text("dead", "body"));
        (await bus.RedriveAsync("dead", Token)).ShouldBeTrue();
        var again = await ReceiveAsync(consumer);
        again.Message.Payload.GetProperty("text").GetString().ShouldBe(Text("dead", "body"));
        await again.RejectAsync("still no", Token);
        (await bus.PurgeDeadLettersAsync(null, Token)).ShouldBe(1);

        (await bus.CountsAsync(Token)).ShouldBe((0, 0, 0, 1));
        (await bus.GetDeadLetterAsync("dead", Token)).ShouldBeNull();
    }

    static CollaborationMessage Large(string id, string variant, Address receiver) =>
        Message(id, receiver) with { Payload = JsonSerializer.SerializeToElement(new { text = Text(id, variant) }) };

    // Over EmbeddedBodyStore.MinimumBytes, and different for every message, so a body read from the wrong place shows.
    static string Text(string id, string variant) => string.Concat(Enumerable.Repeat(id + "/" + variant + ";", 10_240 / (id.Length + variant.Length + 2) + 1));

    EmbeddedMessageBus Open(BusOptions? options = null, TimeProvider? time = null) =>
        new(DatabasePath, options ?? new BusOptions(), time ?? TimeProvider.System, NullLogger.Instance, new Random(7));

}
