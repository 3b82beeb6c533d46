using System.Diagnostics;
using Lightning.Benchmarks.Reporting;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Tasks;
using Microsoft.Data.Sqlite;

namespace Lightning.Benchmarks.Scheduler;

/// <summary>
/// Replay: a 100-subtask collaboration (layered 10 × 10, echo tool) runs once for real, then is re-executed from its
/// recording again and again; each replay is timed from the request to its <c>finished</c> event being durable, and its
/// result compared byte for byte with the original's.
/// </summary>
internal static class ReplayBenchmark
{
    public const int Subtasks = 100;

    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<ReplayResult> RunAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var replays = options.Quick ? 3 : 30;
        var dataDirectory = options.DataParent is null
            ? Directory.CreateTempSubdirectory("lightning-bench-replay-").FullName
            : Directory.CreateDirectory(Path.Combine(options.DataParent, $"lightning-bench-replay-{Guid.NewGuid():N}")).FullName;
        try
        {
            await using var host = await SchedulerHost.StartAsync(dataDirectory, SchedulerBenchmark.MaxParallel, null, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            var original = await host.Collaborations.SubmitAsync(
                new ComplexTask { Title = "replay bench", Plan = SchedulerGraphs.Layered(10, Subtasks / 10, "echo") }, "bench", timeout.Token);
            var originalStatus = await FinishedAsync(host, original.Id, timeout.Token);
            List<double> times = [];
            var identical = 0;
            var errors = originalStatus == CollaborationStatus.Succeeded ? 0 : 1;
            for (var i = 0; i < replays; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var replay = await host.Collaborations.ReplayAsync(original.Id, "bench", timeout.Token);
                var status = await FinishedAsync(host, replay.Id, timeout.Token);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                var diff = await host.Collaborations.DiffAsync(original.Id, replay.Id, timeout.Token);
                if (diff.ResultIdentical && diff.Subtasks.Count == 0 && status == originalStatus)
                {
                    identical++;
                }
                else
                {
                    errors++;
                }
            }

            times.Sort();
            var result = new ReplayResult(Subtasks, replays, times.Count == 0 ? double.NaN : times[times.Count / 2], times.Count == 0 ? double.NaN : times[^1], identical, errors);
            output.WriteLine($"  replay: {Subtasks}-subtask recording re-executed {replays} times: median {Format.Ms(result.MedianMs)} ms, max {Format.Ms(result.MaxMs)} ms; "
                + $"{identical} of {replays} results identical byte for byte");
            return result;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>Waits until the log's summary row says the collaboration finished (its last event is durable).</summary>
    static async Task<CollaborationStatus> FinishedAsync(SchedulerHost host, string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await host.Store.FindAsync(id, cancellationToken) is { Status: not CollaborationStatus.Running } summary)
            {
                return summary.Status;
            }

            await Task.Delay(1, cancellationToken);
        }
    }
}

internal sealed record ReplayResult(int Subtasks, int Replays, double MedianMs, double MaxMs, int Identical, int Errors);
