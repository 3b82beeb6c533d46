using System.Diagnostics;
using Lightning.Benchmarks.Hosting;
using Lightning.Benchmarks.Reporting;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Tasks;
using Microsoft.Data.Sqlite;

namespace Lightning.Benchmarks.Scheduler;

/// <summary>
/// The collaboration engine's scheduler with no-op agents: graphs of echo subtasks submitted to the engine hosted in
/// this process (its SQLite event log durable, <c>synchronous=FULL</c>), each run on a fresh data directory, the
/// workloads alternating; then the kill -9 recovery drill in child processes.
/// </summary>
internal sealed class SchedulerBenchmark(BenchOptions options, TextWriter output)
{
    public const string Layered = "layered";
    public const string FanOut = "fan-out";
    public const string Chains = "chains";
    public const int MaxParallel = 256;

    static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The workloads and their graphs; quick mode shrinks them to prove the benchmark runs.</summary>
    public IReadOnlyList<(string Name, string Description, Func<TaskPlan> Plan)> Workloads() => options.Quick
        ?
        [
            (Layered, "layered DAG, 10 layers × 100 (1–2 dependencies on the layer before)", () => SchedulerGraphs.Layered(10, 100, "echo")),
            (FanOut, "flat fan-out of 500 independent subtasks", () => SchedulerGraphs.FanOut(500, "echo")),
            (Chains, "16 independent chains of 10 (ready work never above the cap)", () => SchedulerGraphs.Chains(16, 10, "echo")),
        ]
        :
        [
            (Layered, "layered DAG, 100 layers × 1,000 = 100,000 subtasks (1–2 dependencies on the layer before)", () => SchedulerGraphs.Layered(100, 1000, "echo")),
            (FanOut, "flat fan-out of 10,000 independent subtasks", () => SchedulerGraphs.FanOut(10_000, "echo")),
            (Chains, "128 independent chains of 50 = 6,400 subtasks (at most 128 ready at once, under the cap of 256: latency without queueing)", () => SchedulerGraphs.Chains(128, 50, "echo")),
        ];

    public int RecoverySubtasks => options.Quick ? 1_000 : 10_000;

    public int RecoveryKillAfter => options.Quick ? 300 : 3_000;

    public async Task<SchedulerResult> RunAsync(CancellationToken cancellationToken)
    {
        var workloads = Workloads();
        foreach (var (name, description, _) in workloads)
        {
            output.WriteLine($"  {name}: {description}");
        }

        if (!options.Quick)
        {
            output.WriteLine("  warm-up: one layered DAG of 20 × 500 (not counted)");
            var warm = await RunOnceAsync("warm-up", SchedulerGraphs.Layered(20, 500, "echo"), cancellationToken);
            output.WriteLine($"  warm-up: {warm.CompletionsPerSecond:#,0} subtasks/s, {warm.Status}");
        }

        List<SchedulerRunResult> runs = [];
        for (var round = 0; round < options.Rounds; round++)
        {
            // Rotate the order every round, so no workload always runs first or right after the biggest one.
            var order = workloads.Skip(round % workloads.Count).Concat(workloads.Take(round % workloads.Count));
            foreach (var (name, _, plan) in order)
            {
                var run = await RunOnceAsync(name, plan(), cancellationToken);
                runs.Add(run);
                output.WriteLine($"  round {round + 1}, {name,-8}: {run.Subtasks:#,0} subtasks in {run.Seconds:0.00} s = {run.CompletionsPerSecond,8:#,0}/s "
                    + $"(submit {run.SubmitSeconds:0.00} s); ready→start p50 {Format.Ms(run.ReadyToStartP50Ms)} p99 {Format.Ms(run.ReadyToStartP99Ms)} ms; "
                    + $"log {run.EventLogBytesPerSubtask:0} B/subtask; {run.Status}; process {run.ProcessCores:0.00} cores, GC {run.GcPauseShare * 100:0.0} %"
                    + (run.Errors > 0 ? $"; {run.Errors} error(s)" : string.Empty));
            }
        }

        output.WriteLine($"  recovery: {RecoverySubtasks:#,0}-subtask layered graph in a child process, kill -9 once ~{RecoveryKillAfter:#,0} completions are committed, resume in a new child");
        var recovery = await RecoveryDrill.RunAsync(RecoverySubtasks, RecoveryKillAfter, options.DataParent, output, cancellationToken);
        if (recovery.Error is { } error)
        {
            output.WriteLine($"  recovery failed: {error}");
        }
        else
        {
            output.WriteLine($"  recovery: restart → first new completion {Format.Ms(recovery.RestartToFirstCompletionMs)} ms, → finished {Format.Ms(recovery.RestartToFinishedMs)} ms; "
                + $"committed then re-run {recovery.CommittedReRun}, never completed {recovery.NeverCompleted}, interrupted and re-run {recovery.InterruptedReRun}; {recovery.Status}");
        }

        var replay = await ReplayBenchmark.RunAsync(options, output, cancellationToken);
        return new SchedulerResult(runs, recovery, replay, MaxParallel, workloads.ToDictionary(w => w.Name, w => w.Description, StringComparer.Ordinal));
    }

    async Task<SchedulerRunResult> RunOnceAsync(string workload, TaskPlan plan, CancellationToken cancellationToken)
    {
        var dataDirectory = options.DataParent is null
            ? Directory.CreateTempSubdirectory("lightning-bench-scheduler-").FullName
            : Directory.CreateDirectory(Path.Combine(options.DataParent, $"lightning-bench-scheduler-{Guid.NewGuid():N}")).FullName;
        var count = plan.Subtasks.Count;
        var eventsFile = SchedulerHost.EventsFileIn(dataDirectory);
        try
        {
            long before;
            double submitSeconds, seconds, lastSeconds, cores, gcShare, foreign;
            int gen2;
            double[] latencies;
            string status;
            long succeeded, failed;
            var errors = 0;
            await using (var host = await SchedulerHost.StartAsync(dataDirectory, MaxParallel, null, cancellationToken))
            {
                before = SchedulerHost.CheckpointedSize(eventsFile);
                GC.Collect();
                using var listener = new EngineMetricsListener(count, count);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(RunTimeout);
                var machine = MachineInfo.MachineBusySeconds();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var pause = GC.GetTotalPauseDuration();
                var gen2Before = GC.CollectionCount(2);
                var start = Stopwatch.GetTimestamp();
                var view = await host.Collaborations.SubmitAsync(new ComplexTask { Title = $"scheduler bench {workload}", Plan = plan }, "bench", timeout.Token);
                var submitted = Stopwatch.GetTimestamp();
                CollaborationSummary? summary;
                try
                {
                    // Finished = the collaboration's "finished" event is durable in the log (its summary row says so).
                    while ((summary = await host.Store.FindAsync(view.Id, timeout.Token)) is { Status: CollaborationStatus.Running })
                    {
                        await Task.Delay(listener.Finished >= count ? 1 : 10, timeout.Token);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    output.WriteLine($"  {workload}: did not finish within {RunTimeout.TotalMinutes:0} minutes ({listener.Finished:#,0} of {count:#,0} subtasks finished)");
                    summary = null;
                    errors++;
                }

                var end = Stopwatch.GetTimestamp();
                var wall = Stopwatch.GetElapsedTime(start, end).TotalSeconds;
                cores = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / wall;
                foreign = Math.Max(0, MachineInfo.MachineBusySeconds() - machine - (cores * wall)) / wall;
                gcShare = (GC.GetTotalPauseDuration() - pause).TotalSeconds / wall;
                gen2 = GC.CollectionCount(2) - gen2Before;
                submitSeconds = Stopwatch.GetElapsedTime(start, submitted).TotalSeconds;
                seconds = wall;
                lastSeconds = listener.LastFinishedAt == 0 ? double.NaN : Stopwatch.GetElapsedTime(start, listener.LastFinishedAt).TotalSeconds;
                latencies = listener.ReadyToStartSorted();
                status = summary is null ? "timed out" : System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(summary.Status.ToString());
                succeeded = summary?.Succeeded ?? listener.Finished - listener.Failed;
                failed = summary?.Failed ?? listener.Failed;
            }

            SqliteConnection.ClearAllPools();
            var growth = SchedulerHost.CheckpointedSize(eventsFile) - before;
            if (status != "succeeded" || succeeded != count || failed > 0)
            {
                errors++;
            }

            return new SchedulerRunResult(workload, count, submitSeconds, seconds, lastSeconds, count / seconds, latencies.Length,
                Stats.Percentile(latencies, 0.50), Stats.Percentile(latencies, 0.95), Stats.Percentile(latencies, 0.99), latencies.LastOrDefault(double.NaN),
                growth, (double)growth / count, status, succeeded, failed, cores, gcShare, gen2, foreign, errors);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless.
            }
        }
    }
}
