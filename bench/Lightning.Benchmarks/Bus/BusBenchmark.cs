using System.Diagnostics;
using System.Text.Json;
using Lightning.Collaboration.Messaging;

namespace Lightning.Benchmarks.Bus;

/// <summary>
/// Durable publish, consume and ack through one consumer agent: the embedded bus, RabbitMQ and Redis Streams, alternating,
/// each run in a fresh namespace. P publishers each await their own publish (so a bus that can pipeline confirms does);
/// the consumer acks every delivery as it receives it, the acks running concurrently up to the prefetch.
/// </summary>
internal sealed class BusBenchmark(BenchOptions options, TextWriter output)
{
    public const string Agent = "bench-consumer";
    public static readonly int[] PayloadSizes = [100, 10 * 1024];

    /// <summary>No run may take longer than this; a bus that stalls fails the run instead of hanging the benchmark.</summary>
    static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    public async Task<BusResult> RunAsync(CancellationToken cancellationToken)
    {
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        var busOptions = new BusOptions();
        var targets = BusTarget.Available(options.DataParent, busOptions, skipped);
        foreach (var (name, reason) in skipped)
        {
            output.WriteLine($"  {name}: skipped, {reason}");
        }

        foreach (var target in targets)
        {
            output.WriteLine($"  {target.Name}: {target.Configuration}");
        }

        var warmupMessages = Math.Max(1, options.BusMessages / 10);
        output.WriteLine($"  warm-up: {warmupMessages} messages of each size through each bus (not counted)");
        foreach (var target in targets)
        {
            foreach (var size in PayloadSizes)
            {
                var warm = await RunOnceAsync(target, size, warmupMessages, cancellationToken);
                if (warm.Errors > 0)
                {
                    output.WriteLine($"  warm-up of {target.Name} at {size} B had {warm.Errors} error(s)");
                }
            }
        }

        List<BusRunResult> runs = [];
        for (var round = 0; round < options.Rounds; round++)
        {
            // Rotate the order every round, so no bus always runs first (right after another one's disk traffic) or last.
            var order = targets.Skip(round % targets.Count).Concat(targets.Take(round % targets.Count)).ToList();
            foreach (var size in PayloadSizes)
            {
                foreach (var target in order)
                {
                    var run = await RunOnceAsync(target, size, options.BusMessages, cancellationToken);
                    runs.Add(run);
                    output.WriteLine($"  round {round + 1}, {Describe(size)}, {target.Name,-8}: publish {run.PublishPerSecond,8:#,0} msg/s (p99 {run.PublishP99Ms:0.00} ms), "
                        + $"end-to-end {run.EndToEndPerSecond,8:#,0} msg/s (p99 {run.EndToEndP99Ms:0.00} ms), consume {run.ConsumePerSecond,8:#,0} msg/s{(run.Errors > 0 ? $", {run.Errors} error(s)" : string.Empty)}");
                }
            }
        }

        return new BusResult(runs, skipped, options.BusPublishers, options.BusPrefetch);
    }

    public static string Describe(int size) => size >= 1024 ? $"{size / 1024} KB" : $"{size} B";

    async Task<BusRunResult> RunOnceAsync(BusTarget target, int payloadBytes, int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RunTimeout);
        var token = timeout.Token;
        var name = "bench-" + Guid.NewGuid().ToString("N")[..12];
        var opened = await target.OpenAsync(name, token);
        try
        {
            return await MeasureAsync(target.Name, opened.Bus, payloadBytes, count, token);
        }
        catch (Exception ex) when (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            output.WriteLine($"  {target.Name}, {Describe(payloadBytes)}: the run did not finish within {RunTimeout.TotalMinutes:0} minutes");
            return new BusRunResult(target.Name, payloadBytes, count, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, count);
        }
        finally
        {
            await opened.Bus.DisposeAsync();
            try
            {
                await opened.CleanupAsync();
            }
            catch (Exception ex)
            {
                output.WriteLine($"  {target.Name}: cleaning up {name} failed: {ex.Message}");
            }
        }
    }

    async Task<BusRunResult> MeasureAsync(string busName, IMessageBus bus, int payloadBytes, int count, CancellationToken cancellationToken)
    {
        // The payload is a JSON string, so it is exactly payloadBytes bytes of JSON inside the envelope.
        var payload = JsonSerializer.SerializeToElement(new string('x', payloadBytes - 2));
        var receiver = Address.Agent(Agent);
        var publishStarted = new long[count];
        var publishMs = new double[count];
        var endToEndMs = new double[count];
        var received = new int[count];
        var errors = 0;
        var acked = 0;
        long lastPublished = 0;
        long lastAcked = 0;
        long firstReceived = 0;

        await using var consumer = await bus.SubscribeAsync(new Subscription(Agent, [], options.BusPrefetch), cancellationToken);

        var consuming = Task.Run(async () =>
        {
            List<Task> acks = new(count);
            for (var i = 0; i < count; i++)
            {
                var delivery = await consumer.ReceiveAsync(cancellationToken);
                var now = Stopwatch.GetTimestamp();
                if (i == 0)
                {
                    firstReceived = now;
                }
                var index = int.Parse(delivery.Message.Id.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
                if (Interlocked.Increment(ref received[index]) == 1)
                {
                    endToEndMs[index] = Stopwatch.GetElapsedTime(Volatile.Read(ref publishStarted[index]), now).TotalMilliseconds;
                }
                else
                {
                    Interlocked.Increment(ref errors); // delivered twice: the run had no failures, so nothing should be redelivered
                }

                acks.Add(AckAsync(delivery));
            }

            await Task.WhenAll(acks);
        }, cancellationToken);

        async Task AckAsync(Delivery delivery)
        {
            try
            {
                await delivery.AckAsync(cancellationToken);
                if (Interlocked.Increment(ref acked) == count)
                {
                    Volatile.Write(ref lastAcked, Stopwatch.GetTimestamp());
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Interlocked.Increment(ref errors);
            }
        }

        var next = -1;
        var start = Stopwatch.GetTimestamp();
        var publishers = Enumerable.Range(0, Math.Min(options.BusPublishers, count)).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var message = new CollaborationMessage
                {
                    Id = "m" + index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ConversationId = "bench",
                    Sender = "bench-publisher",
                    Receiver = receiver,
                    Performative = Performative.Inform,
                    CreatedAt = DateTimeOffset.UtcNow,
                    Payload = payload,
                };
                var begun = Stopwatch.GetTimestamp();
                Volatile.Write(ref publishStarted[index], begun);
                try
                {
                    var result = await bus.PublishAsync(message, cancellationToken);
                    if (result.Outcome != PublishOutcome.Accepted)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Interlocked.Increment(ref errors);
                    output.WriteLine($"  {busName}: publish failed: {ex.GetType().Name}: {ex.Message}");
                }

                var done = Stopwatch.GetTimestamp();
                publishMs[index] = Stopwatch.GetElapsedTime(begun, done).TotalMilliseconds;
                InterlockedMax(ref lastPublished, done);
            }
        }, cancellationToken)).ToArray();

        await Task.WhenAll(publishers);
        if (errors > 0)
        {
            // Some messages will never arrive; do not wait the whole timeout for them.
            return new BusRunResult(busName, payloadBytes, count, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, errors);
        }

        await consuming;
        if (Volatile.Read(ref acked) != count)
        {
            return new BusRunResult(busName, payloadBytes, count, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, errors + count - acked);
        }

        var missing = received.Count(r => r == 0);
        var sortedPublish = publishMs.Order().ToArray();
        var sortedEndToEnd = endToEndMs.Where((_, i) => received[i] > 0).Order().ToArray();
        return new BusRunResult(
            busName,
            payloadBytes,
            count,
            count / Stopwatch.GetElapsedTime(start, lastPublished).TotalSeconds,
            count / Stopwatch.GetElapsedTime(start, lastAcked).TotalSeconds,
            count / Stopwatch.GetElapsedTime(firstReceived, lastAcked).TotalSeconds,
            Reporting.Stats.Percentile(sortedPublish, 0.5),
            Reporting.Stats.Percentile(sortedPublish, 0.99),
            Reporting.Stats.Percentile(sortedEndToEnd, 0.5),
            Reporting.Stats.Percentile(sortedEndToEnd, 0.99),
            errors + missing);
    }

    static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
