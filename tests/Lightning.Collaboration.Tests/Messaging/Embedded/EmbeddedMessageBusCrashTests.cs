using System.Collections.Concurrent;
using System.Diagnostics;
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
        using var child = StartChild(database, progress);
        try
        {
            await WaitForAsync(() => ReadProgress(progress).Contains("ready"), TimeSpan.FromSeconds(60));
            // Let it publish a little longer, so the kill lands while group commits are in flight.
            await Task.Delay(300, Token);
        }
        finally
        {
            child.Kill(entireProcessTree: true); // SIGKILL on Unix: no finally blocks, no dispose, no flush
            await child.WaitForExitAsync(Token);
        }

        var lines = ReadProgress(progress);
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

        using var progress = new StreamWriter(new FileStream(progressPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
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
                await bus.PublishAsync(Message(id, Address.Agent(Agent)), CancellationToken.None);
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

    static Process StartChild(string database, string progress)
    {
        var assembly = typeof(EmbeddedMessageBusCrashTests).Assembly.Location;
        var host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet"
            ? Environment.ProcessPath!
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", assembly, "-method", $"{typeof(EmbeddedMessageBusCrashTests).FullName}.{nameof(CrashChild_PublishesUntilKilled)}", "-explicit", "only", "-noLogo" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[DatabaseVariable] = database;
        start.Environment[ProgressVariable] = progress;
        var child = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the child process.");
        child.OutputDataReceived += (_, _) => { };
        child.ErrorDataReceived += (_, _) => { };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return child;
    }

    static List<string> ReadProgress(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        // A line cut off by the kill has no newline and does not count.
        var text = reader.ReadToEnd();
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return [.. complete.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    static HashSet<string> Ids(List<string> lines, string prefix) =>
        lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..]).ToHashSet(StringComparer.Ordinal);

    static async Task WaitForAsync(Func<bool> condition, TimeSpan within)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > within)
            {
                throw new TimeoutException("The child process did not get ready.");
            }

            await Task.Delay(100, Token);
        }
    }

}
