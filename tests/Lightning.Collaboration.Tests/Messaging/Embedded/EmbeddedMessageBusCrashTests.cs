using System.Globalization;
using System.Text.Json;
using System.Collections.Concurrent;
using Lightning.Collaboration.Messaging;
using Lightning.Collaboration.Messaging.Embedded;
using Lightning.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using static Lightning.TestUtilities.Messaging.BusTestKit;

namespace Lightning.Collaboration.Tests.Messaging.Embedded;

/// <summary>
/// A real <c>kill -9</c>: this test assembly runs itself as a child process (the xUnit in-process runner, one explicit
/// test), which publishes, acks and leases while logging what completed; the parent kills it mid-publish and reopens the
/// journal.
/// </summary>
public sealed class EmbeddedMessageBusCrashTests : IDisposable
{
    const string DatabaseVariable = "LIGHTNING_CRASH_CHILD_DB";
    const string ProgressVariable = "LIGHTNING_CRASH_CHILD_PROGRESS";
    const string Agent = "crasher";

    readonly TempDirectory _directory = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task KillDashNine_WhilePublishing_LosesNothingCommittedAndRedeliversOnlyUnacked()
    {
        var database = _directory.Combine("crash.db");
        var progress = _directory.Combine("progress.log");
        using var child = CrashChild.Start(typeof(EmbeddedMessageBusCrashTests), nameof(CrashChild_PublishesUntilKilled),
            new Dictionary<string, string> { [DatabaseVariable] = database, [ProgressVariable] = progress });
        try
        {
            await CrashChild.WaitForAsync(() => CrashChild.ReadLines(progress).Contains("ready"), TimeSpan.FromSeconds(60), Token);
            // Let it publish a little longer, so the kill lands while group commits are in flight.
            await Task.Delay(300, Token);
        }
        finally
        {
            await CrashChild.KillAsync(child, Token);
        }

        var lines = CrashChild.ReadLines(progress);
        var published = Ids(lines, "published ");
        var acked = Ids(lines, "acked ");
        var leased = Ids(lines, "leased ");
        published.Count.ShouldBeGreaterThan(200);
        acked.Count.ShouldBe(10);
        leased.Count.ShouldBe(10);

        await using var bus = new EmbeddedMessageBus(database, new BusOptions(), TimeProvider.System, NullLogger<EmbeddedMessageBus>.Instance);
        await using var consumer = await bus.SubscribeAsync(new Subscription(Agent, [], Prefetch: 100_000), Token);
        var received = new Dictionary<string, Delivery>(StringComparer.Ordinal);
        while (await TryReceiveAsync(consumer, TimeSpan.FromSeconds(1)) is { } delivery)
        {
            received.TryAdd(delivery.Message.Id, delivery).ShouldBeTrue($"{delivery.Message.Id} was delivered twice");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"child logged {published.Count} publishes, {acked.Count} acks, {leased.Count} leases; {received.Count} delivered after reopen");
        published.Except(acked).Except(received.Keys).ShouldBeEmpty("every publish that returned is durable");
        acked.Intersect(received.Keys).ShouldBeEmpty("acknowledged messages never come back");
        foreach (var (id, delivery) in received)
        {
            delivery.Message.Payload.GetRawText().ShouldBe(CrashMessage(id).Payload.GetRawText(), $"{id} came back with another body");
        }

        foreach (var id in leased)
        {
            received[id].Message.Attempt.ShouldBe(1);
            received[id].History.ShouldHaveSingleItem().Outcome.ShouldBe("lease-expired");
        }

        foreach (var id in acked)
        {
            (await bus.PublishAsync(Message(id, Address.Agent(Agent)), Token)).Outcome.ShouldBe(PublishOutcome.Duplicate);
        }
    }

    /// <summary>The child's side; it does nothing unless the crash test started it.</summary>
    [Fact(Explicit = true)]
    public async Task CrashChild_PublishesUntilKilled()
    {
        var database = Environment.GetEnvironmentVariable(DatabaseVariable);
        var progressPath = Environment.GetEnvironmentVariable(ProgressVariable);
        if (database is null || progressPath is null)
        {
            return;
        }

        using var progress = CrashChild.OpenLog(progressPath);
        var gate = new Lock();
        void Log(string line)
        {
            lock (gate)
            {
                progress.WriteLine(line);
            }
        }

        // Never disposed: the parent kills this process.
        var bus = new EmbeddedMessageBus(database, new BusOptions(), TimeProvider.System, NullLogger<EmbeddedMessageBus>.Instance);
        var consumer = await bus.SubscribeAsync(new Subscription(Agent, [], Prefetch: 20), CancellationToken.None);
        var next = 0;
        async Task PublishAsync(int count)
        {
            var publishes = Enumerable.Range(0, count).Select(async _ =>
            {
                var id = "m" + Interlocked.Increment(ref next);
                await bus.PublishAsync(CrashMessage(id), CancellationToken.None);
                Log("published " + id);
            });
            await Task.WhenAll(publishes);
        }

        await PublishAsync(200);
        for (var i = 0; i < 20; i++)
        {
            var delivery = await consumer.ReceiveAsync(CancellationToken.None);
            if (i % 2 == 0)
            {
                await delivery.AckAsync(CancellationToken.None);
                Log("acked " + delivery.Message.Id);
            }
            else
            {
                Log("leased " + delivery.Message.Id);
            }
        }

        Log("ready");
        while (true)
        {
            await PublishAsync(50);
        }
    }

    /// <summary>Every other message is 10 KB, so the kill also lands while bodies go to segment files.</summary>
    static CollaborationMessage CrashMessage(string id) => int.Parse(id.AsSpan(1), CultureInfo.InvariantCulture) % 2 == 0
        ? Message(id, Address.Agent(Agent)) with { Payload = JsonSerializer.SerializeToElement(new { text = string.Concat(Enumerable.Repeat(id, 10_240 / id.Length)) }) }
        : Message(id, Address.Agent(Agent));

    static HashSet<string> Ids(List<string> lines, string prefix) =>
        lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..]).ToHashSet(StringComparer.Ordinal);
}
