using System.Diagnostics;
using System.Text.Json;
using Lightning.Collaboration.Messaging;
using Lightning.Core.Errors;
using Shouldly;
using Xunit;
using static Lightning.TestUtilities.Messaging.BusTestKit;

namespace Lightning.TestUtilities.Messaging;

/// <summary>
/// What every message bus must do, run unchanged against the embedded, RabbitMQ and Redis Streams buses on real servers.
/// A subclass only says how to open a bus: the same namespace must reach the same durable state, and different
/// namespaces must not see each other's messages.
/// </summary>
public abstract class MessageBusConformanceTests : IAsyncLifetime
{
    static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(600);

    readonly List<IAsyncDisposable> _opened = [];

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Fresh per test, so tests never share queues.</summary>
    protected string Namespace { get; } = "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Opens a bus on <paramref name="busNamespace"/>; opening the same namespace again reaches the same durable messages.</summary>
    protected abstract Task<IMessageBus> CreateBusAsync(string busNamespace, BusOptions options, CancellationToken cancellationToken);

    protected static BusOptions FastOptions(int maxDeliveries = 5, TimeSpan? lease = null) => new()
    {
        MaxDeliveries = maxDeliveries,
        BaseRetryDelay = TimeSpan.FromMilliseconds(200),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
        Jitter = 0,
        LeaseTimeout = lease ?? TimeSpan.FromMinutes(5),
    };

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        for (var i = _opened.Count - 1; i >= 0; i--)
        {
            await _opened[i].DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Publish_ToAnAgent_IsDeliveredWithEveryField()
    {
        var bus = await OpenAsync();
        var consumer = await SubscribeAsync(bus, "builder", "containers");
        var sent = Message("m1", Address.Agent("builder")) with { InReplyTo = "m0", IdempotencyKey = "key-1", Protocol = "contract-net", Performative = Performative.Propose };

        (await bus.PublishAsync(sent, Token)).Outcome.ShouldBe(PublishOutcome.Accepted);
        var delivery = await ReceiveAsync(consumer);

        delivery.Message.Id.ShouldBe("m1");
        delivery.Message.ConversationId.ShouldBe(sent.ConversationId);
        delivery.Message.InReplyTo.ShouldBe("m0");
        delivery.Message.IdempotencyKey.ShouldBe("key-1");
        delivery.Message.Protocol.ShouldBe("contract-net");
        delivery.Message.Performative.ShouldBe(Performative.Propose);
        delivery.Message.Receiver.ShouldBe(Address.Agent("builder"));
        delivery.Message.Attempt.ShouldBe(0);
        delivery.Message.Payload.GetProperty("n").GetInt32().ShouldBe(1);
        delivery.History.ShouldBeEmpty();
        await delivery.AckAsync(Token);
    }

    [Fact]
    public async Task Publish_SameIdTwice_IsDeliveredOnce()
    {
        var bus = await OpenAsync();
        var consumer = await SubscribeAsync(bus, "builder");

        (await bus.PublishAsync(Message("dup", Address.Agent("builder")), Token)).Outcome.ShouldBe(PublishOutcome.Accepted);
        (await bus.PublishAsync(Message("dup", Address.Agent("builder")), Token)).Outcome.ShouldBe(PublishOutcome.Duplicate);
        await (await ReceiveAsync(consumer)).AckAsync(Token);
        (await bus.PublishAsync(Message("dup", Address.Agent("builder")), Token)).Outcome.ShouldBe(PublishOutcome.Duplicate, "an acknowledged id stays known");

        await ShouldReceiveNothingAsync(consumer);
    }

    [Fact]
    public async Task Publish_InvalidMessage_IsRefused()
    {
        var bus = await OpenAsync();

        await Should.ThrowAsync<ValidationFailedException>(() => bus.PublishAsync(Message("bad", Address.Agent("x")) with { Priority = 12 }, Token));
    }

    [Fact]
    public async Task Capability_EachMessageGoesToExactlyOneCompetingConsumer()
    {
        var bus = await OpenAsync();
        var first = await SubscribeAsync(bus, "worker-a", "build");
        var second = await SubscribeAsync(bus, "worker-b", "build");
        var other = await SubscribeAsync(bus, "worker-c", "test");
        for (var i = 0; i < 20; i++)
        {
            await bus.PublishAsync(Message($"c{i}", Address.Capability("build")), Token);
        }

        var seen = new List<string>();
        var drains = new[] { first, second }.Select(async consumer =>
        {
            var mine = new List<string>();
            while (await TryReceiveAsync(consumer, Quiet) is { } delivery)
            {
                mine.Add(delivery.Message.Id);
                await delivery.AckAsync(Token);
            }

            return mine;
        });
        foreach (var ids in await Task.WhenAll(drains))
        {
            seen.AddRange(ids);
        }

        seen.Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(0, 20).Select(i => $"c{i}").Order(StringComparer.Ordinal));
        await ShouldReceiveNothingAsync(other);
    }

    [Fact]
    public async Task Broadcast_EveryKnownAgentGetsItsOwnCopy()
    {
        var bus = await OpenAsync();
        var a = await SubscribeAsync(bus, "agent-a");
        var b = await SubscribeAsync(bus, "agent-b");

        await bus.PublishAsync(Message("all", Address.Broadcast), Token);

        var fromA = await ReceiveAsync(a);
        var fromB = await ReceiveAsync(b);
        fromA.Message.Id.ShouldBe("all");
        fromB.Message.Id.ShouldBe("all");
        await fromA.AckAsync(Token);
        await fromB.AckAsync(Token);
        await ShouldReceiveNothingAsync(a);
    }

    [Fact]
    public async Task Priority_HigherPriorityIsDeliveredFirst()
    {
        var bus = await OpenAsync();
        var consumer = await SubscribeAsync(bus, "sorter", prefetch: 1);
        var blocker = Message("blocker", Address.Agent("sorter"));
        await bus.PublishAsync(blocker, Token);
        var held = await ReceiveAsync(consumer);

        await bus.PublishAsync(Message("low", Address.Agent("sorter")) with { Priority = 1 }, Token);
        await bus.PublishAsync(Message("high", Address.Agent("sorter")) with { Priority = 8 }, Token);
        await held.AckAsync(Token);

        var next = await ReceiveAsync(consumer);
        next.Message.Id.ShouldBe("high");
        await next.AckAsync(Token);
        (await ReceiveAsync(consumer)).Message.Id.ShouldBe("low");
    }

    [Fact]
    public async Task Prefetch_LimitsUnsettledDeliveries()
    {
        var bus = await OpenAsync();
        var consumer = await SubscribeAsync(bus, "careful", prefetch: 2);
        for (var i = 0; i < 4; i++)
        {
            await bus.PublishAsync(Message($"p{i}", Address.Agent("careful")), Token);
        }

        var one = await ReceiveAsync(consumer);
        var two = await ReceiveAsync(consumer);
        (await TryReceiveAsync(consumer, Quiet)).ShouldBeNull("two deliveries are unsettled and the prefetch is 2");

        await one.AckAsync(Token);
        var three = await ReceiveAsync(consumer);
        three.Message.Id.ShouldNotBe(one.Message.Id);
        await two.AckAsync(Token);
        await three.AckAsync(Token);
    }

    [Fact]
    public async Task Nack_RedeliversAfterTheBackoffWithTheAttemptCounted()
    {
        var bus = await OpenAsync(FastOptions());
        var consumer = await SubscribeAsync(bus, "retrier");
        await bus.PublishAsync(Message("flaky", Address.Agent("retrier")), Token);

        var first = await ReceiveAsync(consumer);
        var nackedAt = Stopwatch.GetTimestamp();
        await first.NackAsync("disk full", Token);
        var second = await ReceiveAsync(consumer);

        Stopwatch.GetElapsedTime(nackedAt).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150), "the first retry waits the base delay (200 ms)");
        second.Message.Id.ShouldBe("flaky");
        second.Message.Attempt.ShouldBe(1);
        var attempt = second.History.ShouldHaveSingleItem();
        attempt.Attempt.ShouldBe(0, "a history entry carries the attempt number of the delivery it describes");
        attempt.Outcome.ShouldBe("nack");
        attempt.Reason.ShouldBe("disk full");
        await second.AckAsync(Token);
    }

    [Fact]
    public async Task Nack_AtTheDeliveryLimit_DeadLettersWithReasonAndHistory()
    {
        var bus = await OpenAsync(FastOptions(maxDeliveries: 3));
        var consumer = await SubscribeAsync(bus, "poisoned");
        await bus.PublishAsync(Message("poison", Address.Agent("poisoned")), Token);

        for (var i = 0; i < 3; i++)
        {
            await (await ReceiveAsync(consumer)).NackAsync($"boom {i}", Token);
        }

        await ShouldReceiveNothingAsync(consumer);
        var dead = await WaitForDeadLetterAsync(bus, "poison");
        dead.Reason.ShouldContain("boom 2");
        dead.History.Select(h => h.Reason).ShouldBe(["boom 0", "boom 1", "boom 2"]);
        dead.History.Select(h => h.Attempt).ShouldBe([0, 1, 2]);
        dead.Message.Receiver.ShouldBe(Address.Agent("poisoned"));
    }

    [Fact]
    public async Task Reject_DeadLettersAtOnce()
    {
        var bus = await OpenAsync();
        var consumer = await SubscribeAsync(bus, "strict");
        await bus.PublishAsync(Message("junk", Address.Agent("strict")), Token);

        await (await ReceiveAsync(consumer)).RejectAsync("not understood", Token);

        var dead = await WaitForDeadLetterAsync(bus, "junk");
        dead.Reason.ShouldContain("not understood");
        await ShouldReceiveNothingAsync(consumer);
    }

    [Fact]
    public async Task DeadLetters_CanBeListedReadRedrivenAndPurged()
    {
        var bus = await OpenAsync();
        var consumer = await SubscribeAsync(bus, "handler");
        foreach (var id in new[] { "d1", "d2", "d3" })
        {
            await bus.PublishAsync(Message(id, Address.Agent("handler")), Token);
            await (await ReceiveAsync(consumer)).RejectAsync("bad " + id, Token);
        }

        await WaitForDeadLetterAsync(bus, "d3");
        (await bus.ListDeadLettersAsync(10, Token)).Select(d => d.Message.Id).Order(StringComparer.Ordinal).ShouldBe(["d1", "d2", "d3"]);
        (await bus.GetDeadLetterAsync("d2", Token))!.Reason.ShouldContain("bad d2");
        (await bus.GetDeadLetterAsync("nope", Token)).ShouldBeNull();

        (await bus.RedriveAsync("d2", Token)).ShouldBeTrue();
        var again = await ReceiveAsync(consumer);
        again.Message.Id.ShouldBe("d2");
        again.Message.Attempt.ShouldBe(0);
        await again.AckAsync(Token);
        (await bus.RedriveAsync("nope", Token)).ShouldBeFalse();

        (await bus.PurgeDeadLettersAsync("d1", Token)).ShouldBe(1);
        (await bus.ListDeadLettersAsync(10, Token)).Select(d => d.Message.Id).ShouldBe(["d3"]);
        (await bus.PurgeDeadLettersAsync(null, Token)).ShouldBe(1);
        (await bus.ListDeadLettersAsync(10, Token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReplyByPassed_IsDeadLetteredInsteadOfDelivered()
    {
        var bus = await OpenAsync();
        var consumer = await SubscribeAsync(bus, "late");

        await bus.PublishAsync(Message("stale", Address.Agent("late")) with { ReplyBy = DateTimeOffset.UtcNow.AddSeconds(-1) }, Token);
        await bus.PublishAsync(Message("fresh", Address.Agent("late")) with { ReplyBy = DateTimeOffset.UtcNow.AddMinutes(5) }, Token);

        var delivery = await ReceiveAsync(consumer);
        delivery.Message.Id.ShouldBe("fresh");
        await delivery.AckAsync(Token);
        await ShouldReceiveNothingAsync(consumer);
        (await WaitForDeadLetterAsync(bus, "stale")).Reason.ShouldContain("expired");
    }

    [Fact]
    public async Task Unsettled_WhenItsConsumerGoesAway_IsDeliveredAgain()
    {
        var bus = await OpenAsync(FastOptions(lease: TimeSpan.FromSeconds(1)));
        var doomed = await bus.SubscribeAsync(new Subscription("crashy", [], 10), Token);
        await bus.PublishAsync(Message("orphan", Address.Agent("crashy")), Token);
        (await ReceiveAsync(doomed)).Message.Id.ShouldBe("orphan");

        await doomed.DisposeAsync();
        var survivor = await SubscribeAsync(bus, "crashy");

        var again = await ReceiveAsync(survivor);
        again.Message.Id.ShouldBe("orphan");
        again.Message.Attempt.ShouldBe(1);
        await again.AckAsync(Token);
    }

    [Fact]
    public async Task Settle_Twice_Throws()
    {
        var bus = await OpenAsync();
        var consumer = await SubscribeAsync(bus, "once");
        await bus.PublishAsync(Message("one", Address.Agent("once")), Token);
        var delivery = await ReceiveAsync(consumer);

        await delivery.AckAsync(Token);

        await Should.ThrowAsync<InvalidOperationException>(() => delivery.AckAsync(Token));
        await Should.ThrowAsync<InvalidOperationException>(() => delivery.NackAsync("again", Token));
    }

    [Fact]
    public async Task Messages_SurviveClosingAndReopeningTheBus()
    {
        var first = await CreateBusAsync(Namespace, FastOptions(), Token);
        var consumer = await first.SubscribeAsync(new Subscription("keeper", ["keeping"], 10), Token);
        await first.PublishAsync(Message("kept-1", Address.Agent("keeper")), Token);
        await first.PublishAsync(Message("kept-2", Address.Capability("keeping")), Token);
        await first.PublishAsync(Message("done", Address.Agent("keeper")), Token);
        var done = await ReceiveAsync(consumer);
        while (done.Message.Id != "done")
        {
            await done.NackAsync("not now", Token);
            done = await ReceiveAsync(consumer);
        }

        await done.AckAsync(Token);
        await consumer.DisposeAsync();
        await first.DisposeAsync();

        var reopened = await OpenAsync(FastOptions());
        var after = await SubscribeAsync(reopened, "keeper", "keeping");
        var ids = new List<string>();
        while (await TryReceiveAsync(after, TimeSpan.FromSeconds(3)) is { } delivery)
        {
            ids.Add(delivery.Message.Id);
            await delivery.AckAsync(Token);
        }

        ids.Order(StringComparer.Ordinal).ShouldBe(["kept-1", "kept-2"]);
    }

    protected async Task<IMessageBus> OpenAsync(BusOptions? options = null)
    {
        var bus = await CreateBusAsync(Namespace, options ?? FastOptions(), Token);
        _opened.Add(bus);
        return bus;
    }

    protected async Task<IMessageConsumer> SubscribeAsync(IMessageBus bus, string agent, string? capability = null, int prefetch = 10)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var consumer = await bus.SubscribeAsync(new Subscription(agent, capability is null ? [] : [capability], prefetch), Token);
        _opened.Insert(0, consumer);
        return consumer;
    }

    protected static async Task ShouldReceiveNothingAsync(IMessageConsumer consumer)
    {
        var unexpected = await TryReceiveAsync(consumer, Quiet);
        unexpected.ShouldBeNull($"nothing more should arrive, but {unexpected?.Message.Id} did");
    }

}
