using System.Diagnostics;
using Lightning.TestUtilities;

namespace Lightning.Collaboration.RabbitMq.Tests;

/// <summary>
/// The shared publish claims, against a real database: each instance stands for one publishing process (the server, a
/// worker, or the same process after a restart).
/// </summary>
public abstract class DatabasePublishDeduplicatorTests : IAsyncLifetime
{
    readonly List<DatabasePublishDeduplicator> _instances = [];

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A new instance on this test's store.</summary>
    protected abstract DatabasePublishDeduplicator CreateCore(TimeSpan window, TimeSpan claimTimeout);

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    DatabasePublishDeduplicator Process(TimeSpan? window = null, TimeSpan? claimTimeout = null)
    {
        var instance = CreateCore(window ?? TimeSpan.FromDays(7), claimTimeout ?? TimeSpan.FromSeconds(30));
        _instances.Add(instance);
        return instance;
    }

    [Fact]
    public async Task TryClaim_IdPublishedByAnotherProcess_IsADuplicate()
    {
        var server = Process();
        var worker = Process();

        (await server.TryClaimAsync("p/m1", Token)).ShouldBeTrue();
        await server.ConfirmAsync("p/m1", Token);

        (await worker.TryClaimAsync("p/m1", Token)).ShouldBeFalse();
        (await server.TryClaimAsync("p/m1", Token)).ShouldBeFalse();
        (await worker.TryClaimAsync("p/m2", Token)).ShouldBeTrue();
    }

    [Fact]
    public async Task TryClaim_AfterARestart_RemembersWhatWasPublished()
    {
        var before = Process();
        (await before.TryClaimAsync("p/m1", Token)).ShouldBeTrue();
        await before.ConfirmAsync("p/m1", Token);
        await before.DisposeAsync();

        (await Process().TryClaimAsync("p/m1", Token)).ShouldBeFalse();
    }

    [Fact]
    public async Task Release_AfterAFailedPublish_LetsAnotherProcessRetry()
    {
        var first = Process();
        var retry = Process();
        (await first.TryClaimAsync("p/m1", Token)).ShouldBeTrue();

        await first.ReleaseAsync("p/m1", Token);

        var watch = Stopwatch.StartNew();
        (await retry.TryClaimAsync("p/m1", Token)).ShouldBeTrue();
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "a released claim is free at once, not after the claim timeout");
    }

    [Fact]
    public async Task TryClaim_WhileAnotherProcessIsPublishing_WaitsForItsOutcome()
    {
        var first = Process();
        var second = Process();
        (await first.TryClaimAsync("p/m1", Token)).ShouldBeTrue();
        (await first.TryClaimAsync("p/m2", Token)).ShouldBeTrue();

        var duplicate = second.TryClaimAsync("p/m1", Token).AsTask();
        var retried = second.TryClaimAsync("p/m2", Token).AsTask();
        await Task.Delay(300, Token);
        duplicate.IsCompleted.ShouldBeFalse("a pending claim is not yet a duplicate: its publish may still fail");
        retried.IsCompleted.ShouldBeFalse();

        await first.ConfirmAsync("p/m1", Token);
        await first.ReleaseAsync("p/m2", Token);

        (await duplicate.WaitAsync(TimeSpan.FromSeconds(5), Token)).ShouldBeFalse("the broker confirmed the first publish");
        (await retried.WaitAsync(TimeSpan.FromSeconds(5), Token)).ShouldBeTrue("the first publish failed: the retry must go through");
    }

    [Fact]
    public async Task TryClaim_PendingClaimOfACrashedPublisher_IsTakenOverAfterTheClaimTimeout()
    {
        var timeout = TimeSpan.FromMilliseconds(700);
        var crashed = Process(claimTimeout: timeout);
        var retry = Process(claimTimeout: timeout);
        (await crashed.TryClaimAsync("p/m1", Token)).ShouldBeTrue();
        var watch = Stopwatch.StartNew();

        (await retry.TryClaimAsync("p/m1", Token)).ShouldBeTrue();

        watch.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(500), "a fresh pending claim is waited for");
        // The slow publisher's late release must not free the claim the retry now holds.
        await crashed.ReleaseAsync("p/m1", Token);
        await retry.ConfirmAsync("p/m1", Token);
        (await Process(claimTimeout: timeout).TryClaimAsync("p/m1", Token)).ShouldBeFalse();
    }

    [Fact]
    public async Task Claims_OlderThanTheWindow_AreNoDuplicateAndArePurged()
    {
        var window = TimeSpan.FromSeconds(1);
        var publisher = Process(window, TimeSpan.FromMilliseconds(500));
        foreach (var key in new[] { "p/old1", "p/old2", "p/old3" })
        {
            (await publisher.TryClaimAsync(key, Token)).ShouldBeTrue();
            await publisher.ConfirmAsync(key, Token);
        }

        await Task.Delay(window + TimeSpan.FromMilliseconds(300), Token);
        (await publisher.TryClaimAsync("p/new", Token)).ShouldBeTrue();
        await publisher.ConfirmAsync("p/new", Token);
        (await publisher.TryClaimAsync("p/old1", Token)).ShouldBeTrue("expired, even before it is deleted");
        await publisher.ConfirmAsync("p/old1", Token);

        (await publisher.PurgeExpiredAsync(Token)).ShouldBe(2);

        var later = Process(window, TimeSpan.FromMilliseconds(500));
        (await later.TryClaimAsync("p/old2", Token)).ShouldBeTrue();
        (await later.TryClaimAsync("p/new", Token)).ShouldBeFalse();
        (await later.TryClaimAsync("p/old1", Token)).ShouldBeFalse("claimed again within the window");
    }
}

public sealed class PostgresPublishDeduplicatorTests : DatabasePublishDeduplicatorTests
{
    PostgresDatabase? _database;

    public override async ValueTask InitializeAsync() => _database = await TestServices.CreatePostgresDatabaseAsync(Token);

    protected override DatabasePublishDeduplicator CreateCore(TimeSpan window, TimeSpan claimTimeout) =>
        new PostgresPublishDeduplicator(_database!.ConnectionString, window, claimTimeout);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task TryClaim_UnreachableDatabase_IsUnavailableWithoutThePassword()
    {
        await using var deduplicator = new PostgresPublishDeduplicator("Host=127.0.0.1;Port=1;Username=u;Password=topsecret;Timeout=2", TimeSpan.FromDays(1));

        var error = await Should.ThrowAsync<Lightning.Core.Errors.LightningException>(() => deduplicator.TryClaimAsync("p/m1", Token).AsTask());

        error.Code.ShouldBe("bus.dedupe_unavailable");
        error.Message.ShouldStartWith("Cannot use the PostgreSQL database of the publish deduplication at 127.0.0.1:1/");
        error.Message.ShouldNotContain("topsecret");
    }
}

public sealed class SqlitePublishDeduplicatorTests : DatabasePublishDeduplicatorTests
{
    readonly TempDirectory _data = new();

    protected override DatabasePublishDeduplicator CreateCore(TimeSpan window, TimeSpan claimTimeout) =>
        new SqlitePublishDeduplicator(_data.Combine("bus", "claims.db"), window, claimTimeout);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
