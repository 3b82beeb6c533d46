using System.Text.Json;
using Lightning.Collaboration.Messaging;
using Lightning.Core.Errors;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using static Lightning.TestUtilities.Messaging.BusTestKit;

namespace Lightning.Collaboration.Redis.Tests;

/// <summary>What the conformance suite does not reach: the Redis layout, the lease limit, late settlements.</summary>
public sealed class RedisStreamsMessageBusTests : IAsyncLifetime
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    readonly string _prefix = "lt:r" + Guid.NewGuid().ToString("N")[..12];
    readonly List<IAsyncDisposable> _opened = [];
    IConnectionMultiplexer _connection = null!;

    public async ValueTask InitializeAsync() => _connection = await RedisTestServer.ConnectAsync(Token);

    public async ValueTask DisposeAsync()
    {
        for (var i = _opened.Count - 1; i >= 0; i--)
        {
            await _opened[i].DisposeAsync();
        }

        if (_connection is not null)
        {
            await RedisTestServer.DeleteKeysAsync(_connection, _prefix);
        }
    }

    [Fact]
    public async Task Publish_WritesOnlyKeysUnderThePrefix_OneStreamPerPriority()
    {
        var bus = Open();
        _opened.Add(await bus.SubscribeAsync(new Subscription("layout", ["cap"]), Token));

        await bus.PublishAsync(Message("k1", Address.Agent("layout")) with { Priority = 7 }, Token);
        await bus.PublishAsync(Message("k2", Address.Capability("cap")) with { Priority = 2 }, Token);

        var database = _connection.GetDatabase();
        (await database.StreamLengthAsync(_prefix + ":q:agent:layout:p7")).ShouldBe(1);
        (await database.StreamLengthAsync(_prefix + ":q:capability:cap:p2")).ShouldBe(1);
        (await database.StreamLengthAsync(_prefix + ":q:agent:layout:p4")).ShouldBe(0);
        var ttl = await database.KeyTimeToLiveAsync(_prefix + ":dedupe:k1");
        ttl.ShouldNotBeNull();
        ttl.Value.ShouldBeGreaterThan(TimeSpan.FromDays(6));
        (await database.SetMembersAsync(_prefix + ":agents")).Select(v => v.ToString()).ShouldBe(["layout"]);
    }

    [Fact]
    public async Task Publish_TooLarge_IsRefused()
    {
        var bus = Open();
        var big = Message("big", Address.Agent("x")) with
        {
            Payload = JsonDocument.Parse(JsonSerializer.Serialize(new { text = new string('x', CollaborationMessageSerializer.MaxSizeBytes) })).RootElement,
        };

        (await Should.ThrowAsync<LightningException>(() => bus.PublishAsync(big, Token))).Code.ShouldBe("message.too_large");
    }

    [Fact]
    public async Task Publish_Broadcast_WithNoKnownAgent_IsAcceptedAndRemembered()
    {
        var bus = Open();

        (await bus.PublishAsync(Message("nobody", Address.Broadcast), Token)).Outcome.ShouldBe(PublishOutcome.Accepted);
        (await bus.PublishAsync(Message("nobody", Address.Broadcast), Token)).Outcome.ShouldBe(PublishOutcome.Duplicate);
    }

    [Fact]
    public async Task Publish_BeforeTheAgentSubscribes_IsDeliveredWhenItDoes()
    {
        var bus = Open();
        await bus.PublishAsync(Message("early", Address.Agent("late-comer")), Token);

        var consumer = await SubscribeAsync(bus, "late-comer");

        var delivery = await ReceiveAsync(consumer);
        delivery.Message.Id.ShouldBe("early");
        await delivery.AckAsync(Token);
    }

    [Fact]
    public async Task LeaseExpired_AtTheDeliveryLimit_IsDeadLetteredWithLeaseHistory()
    {
        var bus = Open(new BusOptions { MaxDeliveries = 2, LeaseTimeout = TimeSpan.FromMilliseconds(400), BaseRetryDelay = TimeSpan.FromMilliseconds(50), Jitter = 0 });
        var consumer = await SubscribeAsync(bus, "sleepy");
        await bus.PublishAsync(Message("forgotten", Address.Agent("sleepy")), Token);

        var first = await ReceiveAsync(consumer);
        first.Message.Attempt.ShouldBe(0);
        var second = await ReceiveAsync(consumer);
        second.Message.Id.ShouldBe("forgotten");
        second.Message.Attempt.ShouldBe(1);
        second.History.ShouldHaveSingleItem().Outcome.ShouldBe("lease-expired");

        var dead = await WaitForDeadLetterAsync(bus, "forgotten");
        dead.Reason.ShouldContain("lease expired");
        dead.History.Select(h => h.Outcome).ShouldBe(["lease-expired", "lease-expired"]);
        dead.History.Select(h => h.Attempt).ShouldBe([0, 1]);
        dead.History[0].Consumer.ShouldStartWith("sleepy/");
    }

    [Fact]
    public async Task Ack_AfterTheLeaseExpired_IsMootAndTheMessageComesBack()
    {
        var bus = Open(new BusOptions { LeaseTimeout = TimeSpan.FromMilliseconds(400) });
        var consumer = await SubscribeAsync(bus, "slow");
        await bus.PublishAsync(Message("slow-job", Address.Agent("slow")), Token);
        var first = await ReceiveAsync(consumer);

        var second = await ReceiveAsync(consumer);
        await first.AckAsync(Token);

        second.Message.Id.ShouldBe("slow-job");
        await second.AckAsync(Token);
        await Should.ThrowAsync<TimeoutException>(() => ReceiveAsync(consumer, TimeSpan.FromMilliseconds(800)));
    }

    [Fact]
    public async Task Retry_SurvivesInTheDelayedSetUntilDue()
    {
        var bus = Open(new BusOptions { BaseRetryDelay = TimeSpan.FromSeconds(1), Jitter = 0 });
        var consumer = await SubscribeAsync(bus, "patient");
        await bus.PublishAsync(Message("later", Address.Agent("patient")), Token);

        await (await ReceiveAsync(consumer)).NackAsync("busy", Token);

        (await _connection.GetDatabase().SortedSetLengthAsync(_prefix + ":delayed")).ShouldBe(1);
        await Should.ThrowAsync<TimeoutException>(() => ReceiveAsync(consumer, TimeSpan.FromMilliseconds(500)));
        var again = await ReceiveAsync(consumer);
        again.Message.Attempt.ShouldBe(1);
        again.History.ShouldHaveSingleItem().Attempt.ShouldBe(0);
        (await _connection.GetDatabase().SortedSetLengthAsync(_prefix + ":delayed")).ShouldBe(0);
        await again.AckAsync(Token);
    }

    [Fact]
    public async Task Redrive_KeepsHistoryAndPriority()
    {
        var bus = Open();
        var consumer = await SubscribeAsync(bus, "redo");
        await bus.PublishAsync(Message("urgent", Address.Agent("redo")) with { Priority = 9 }, Token);
        await (await ReceiveAsync(consumer)).RejectAsync("try later", Token);

        (await bus.RedriveAsync("urgent", Token)).ShouldBeTrue();

        (await _connection.GetDatabase().StreamLengthAsync(_prefix + ":q:agent:redo:p9")).ShouldBe(1);
        var again = await ReceiveAsync(consumer);
        again.Message.Attempt.ShouldBe(0);
        again.History.ShouldHaveSingleItem().Outcome.ShouldBe("reject");
        (await bus.GetDeadLetterAsync("urgent", Token)).ShouldBeNull();
        await again.AckAsync(Token);
    }

    [Fact]
    public async Task Receive_AfterDispose_Throws()
    {
        var bus = Open();
        var consumer = await bus.SubscribeAsync(new Subscription("gone", []), Token);

        await consumer.DisposeAsync();

        await Should.ThrowAsync<ObjectDisposedException>(async () => await consumer.ReceiveAsync(Token));
    }

    [Fact]
    public async Task ManyMessages_TwoBusesCompetingConsumers_EachDeliveredOnce()
    {
        const int count = 300;
        var publisher = Open();
        var other = Open();
        var consumers = new[]
        {
            await publisher.SubscribeAsync(new Subscription("w1", ["crunch"], 20), Token),
            await other.SubscribeAsync(new Subscription("w2", ["crunch"], 20), Token),
            await other.SubscribeAsync(new Subscription("w3", ["crunch"], 5), Token),
        };
        _opened.AddRange(consumers);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            publisher.PublishAsync(Message($"n{i}", Address.Capability("crunch")) with { Priority = i % 10 }, Token)));
        var published = started.Elapsed;

        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(consumers.SelectMany(consumer => Enumerable.Range(0, 3).Select(async _ =>
        {
            while (true)
            {
                Delivery delivery;
                try
                {
                    delivery = await ReceiveAsync(consumer, TimeSpan.FromSeconds(1));
                }
                catch (TimeoutException)
                {
                    return;
                }

                seen.Add(delivery.Message.Id);
                await delivery.AckAsync(Token);
            }
        })));

        TestContext.Current.TestOutputHelper?.WriteLine($"published {count} in {published.TotalMilliseconds:F0} ms, all delivered in {started.Elapsed.TotalMilliseconds:F0} ms");
        seen.Count.ShouldBe(count);
        seen.Distinct(StringComparer.Ordinal).Count().ShouldBe(count);
    }

    [Fact]
    public async Task Receive_CancelledMidRead_LosesNothingToTheLease()
    {
        var bus = Open();
        var consumer = await bus.SubscribeAsync(new Subscription("impatient", [], Prefetch: 100), Token);
        _opened.Add(consumer);
        for (var i = 0; i < 40; i++)
        {
            await bus.PublishAsync(Message($"x{i}", Address.Agent("impatient")), Token);
        }

        var received = new List<Delivery>();
        for (var i = 0; i < 400 && received.Count < 40; i++)
        {
            try
            {
                received.Add(await ReceiveAsync(consumer, TimeSpan.FromTicks(Random.Shared.Next(1, 20_000))));
            }
            catch (TimeoutException)
            {
                // Cancelled, possibly while the server was handing out an entry.
            }
        }

        while (received.Count < 40)
        {
            received.Add(await ReceiveAsync(consumer, TimeSpan.FromSeconds(5)));
        }

        received.Select(d => d.Message.Id).Distinct(StringComparer.Ordinal).Count().ShouldBe(40);
        received.ShouldAllBe(d => d.Message.Attempt == 0);
        foreach (var delivery in received)
        {
            await delivery.AckAsync(Token);
        }
    }

    [Fact]
    public async Task Receive_ReadsAheadUpToItsPrefetch_AndClosingGivesTheRestBack()
    {
        var bus = Open(new BusOptions { LeaseTimeout = TimeSpan.FromMinutes(10) });
        var first = await SubscribeAsync(bus, "reader");
        for (var i = 0; i < 5; i++)
        {
            await bus.PublishAsync(Message($"ahead-{i}", Address.Agent("reader")), Token);
        }

        var delivery = await ReceiveAsync(first);
        delivery.Message.Id.ShouldBe("ahead-0");
        // One read took every entry it had room for: the stream has nothing new for anyone else.
        var pending = await _connection.GetDatabase().StreamPendingAsync(_prefix + ":q:agent:reader:p4", RedisBusKeys.Group("agent:reader"));
        pending.PendingMessageCount.ShouldBe(5);

        await first.DisposeAsync();
        var second = await SubscribeAsync(bus, "reader");
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var next = await ReceiveAsync(second);
            ids.Add(next.Message.Id);
            await next.AckAsync(Token);
        }

        // Given back at once, not after the ten-minute lease.
        ids.ShouldBe(["ahead-1", "ahead-2", "ahead-3", "ahead-4"]);
    }

    RedisStreamsMessageBus Open(BusOptions? options = null)
    {
        var bus = new RedisStreamsMessageBus(_connection, _prefix, options ?? new BusOptions(), TimeProvider.System, NullLogger<RedisStreamsMessageBus>.Instance);
        _opened.Add(bus);
        return bus;
    }

    async Task<IMessageConsumer> SubscribeAsync(RedisStreamsMessageBus bus, string agent)
    {
        var consumer = await bus.SubscribeAsync(new Subscription(agent, [], 10), Token);
        _opened.Add(consumer);
        return consumer;
    }

}
