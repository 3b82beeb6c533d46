namespace Lightning.Collaboration.RabbitMq.Tests;

public sealed class InMemoryPublishDeduplicatorTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryClaim_SameKeyTwice_SecondIsADuplicate()
    {
        var deduplicator = new InMemoryPublishDeduplicator();

        (await deduplicator.TryClaimAsync("a", Token)).ShouldBeTrue();
        (await deduplicator.TryClaimAsync("a", Token)).ShouldBeFalse();
        (await deduplicator.TryClaimAsync("b", Token)).ShouldBeTrue();
    }

    [Fact]
    public async Task Release_AfterAFailedPublish_AllowsTheKeyAgain()
    {
        var deduplicator = new InMemoryPublishDeduplicator();
        await deduplicator.TryClaimAsync("a", Token);

        await deduplicator.ReleaseAsync("a", Token);

        (await deduplicator.TryClaimAsync("a", Token)).ShouldBeTrue();
    }

    [Fact]
    public async Task TryClaim_BeyondCapacity_ForgetsTheOldestKey()
    {
        var deduplicator = new InMemoryPublishDeduplicator(capacity: 2);
        await deduplicator.TryClaimAsync("a", Token);
        await deduplicator.TryClaimAsync("b", Token);

        await deduplicator.TryClaimAsync("c", Token);

        (await deduplicator.TryClaimAsync("b", Token)).ShouldBeFalse();
        (await deduplicator.TryClaimAsync("a", Token)).ShouldBeTrue("the oldest key was evicted");
    }
}
