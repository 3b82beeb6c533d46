using Lightning.Testing.History;

namespace Lightning.Testing.Tests.History;

public sealed class TestRunChangesTests
{
    static TestRunChange Change(string id) => new(TestRunChangeTypes.Deleted, DateTimeOffset.UnixEpoch, id, null, []);

    [Fact]
    public async Task Publish_EverySubscriber_GetsEveryChangeInOrder()
    {
        var changes = new TestRunChanges();
        using var first = changes.Subscribe();
        using var second = changes.Subscribe();

        changes.Publish(Change("a"));
        changes.Publish(Change("b"));

        foreach (var subscription in new[] { first, second })
        {
            (await subscription.Reader.ReadAsync(TestContext.Current.CancellationToken)).Id.ShouldBe("a");
            (await subscription.Reader.ReadAsync(TestContext.Current.CancellationToken)).Id.ShouldBe("b");
            subscription.Overflowed.ShouldBeFalse();
        }
    }

    [Fact]
    public async Task Publish_SubscriberThatFallsBehind_IsDroppedWithoutBlockingOrHurtingOthers()
    {
        var changes = new TestRunChanges();
        using var slow = changes.Subscribe(capacity: 2);
        using var fast = changes.Subscribe(capacity: 10);

        for (var i = 0; i < 5; i++)
        {
            changes.Publish(Change($"r{i}"));
        }

        slow.Overflowed.ShouldBeTrue();
        fast.Overflowed.ShouldBeFalse();
        changes.SubscriberCount.ShouldBe(1);
        var kept = new List<string>();
        await foreach (var change in slow.Reader.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            kept.Add(change.Id);
        }

        kept.ShouldBe(["r0", "r1"]);
        fast.Reader.Count.ShouldBe(5);
    }

    [Fact]
    public void Dispose_Subscription_StopsDelivery()
    {
        var changes = new TestRunChanges();
        var subscription = changes.Subscribe();
        subscription.Dispose();

        changes.Publish(Change("a"));

        changes.SubscriberCount.ShouldBe(0);
        subscription.Reader.Completion.IsCompleted.ShouldBeTrue();
    }
}
