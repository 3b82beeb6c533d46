using System.Text.Json;
using Lightning.Benchmarks.Hosting;
using Lightning.Benchmarks.Reporting;
using Lightning.Benchmarks.Scheduler;

namespace Lightning.Benchmarks;

// --only scheduler (and the scheduler part of --quick): the collaboration engine with no-op agents.
internal static partial class BenchmarkRunner
{
    /// <summary>The issue's targets for the scheduler.</summary>
    const double SchedulerThroughputTarget = 5_000;
    const double ReadyToStartP50TargetMs = 2;
    const double ReadyToStartP99TargetMs = 10;
    const double ResumeTargetMs = 2_000;
    const double LogBytesPerSubtaskTarget = 2_048;
    const double ReplayTargetMs = 1_000;

    static async Task<int> RunSchedulerAsync(BenchOptions options, MachineInfo machine, double busyBefore, TextWriter output, bool writeJson, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine($"4. Scheduler: graphs of no-op subtasks (the built-in echo tool) on {SchedulerHost.AgentCount} no-op agents (capability '{SchedulerHost.Capability}', "
            + $"{SchedulerHost.AgentConcurrency} slots each), engine hosted in this process, MaxParallel {SchedulerBenchmark.MaxParallel}, "
            + $"event log SQLite WAL synchronous=FULL with group commit, a fresh data directory per run; {options.Rounds} alternating round(s)");
        SchedulerResult result;
        try
        {
            result = await new SchedulerBenchmark(options, output).RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine($"error: the scheduler benchmark failed: {ex}");
            return ExitFailed;
        }

        var busyAfter = await MachineInfo.BusyFractionAsync(TimeSpan.FromSeconds(1), cancellationToken);
        output.WriteLine();
        output.WriteLine($"load after: load average {MachineInfo.LoadAverageNow()}; {Percent(busyAfter)} of all cores busy in the second after the runs");
        List<string> targets = [];
        foreach (var (workload, description) in result.Workloads)
        {
            output.WriteLine();
            targets.AddRange(PrintSchedulerWorkload(result, workload, description, options, output));
        }

        output.WriteLine();
        targets.AddRange(PrintRecovery(result, output));
        output.WriteLine();
        targets.AddRange(PrintReplay(result, output));
        output.WriteLine();
        output.WriteLine("No comparator: the issue names absolute targets for the scheduler, not a peer system, so the tables show ours against the target.");
        output.WriteLine();
        PrintTargets(options, targets, output);

        if (writeJson && options.JsonPath is { } path)
        {
            var document = new
            {
                date = DateTimeOffset.UtcNow,
                machine,
                busyBefore,
                busyAfter,
                options = new { options.Quick, options.Rounds, options.DataParent },
                scheduler = result,
            };
            await using (var stream = File.Create(path))
            {
                await JsonSerializer.SerializeAsync(stream, document, JsonOptions, cancellationToken);
            }

            output.WriteLine($"Results written to {path}");
        }

        var errors = result.Runs.Sum(r => r.Errors) + (result.Recovery?.Errors ?? 1) + (result.Replay?.Errors ?? 1);
        if (errors > 0)
        {
            Console.Error.WriteLine($"error: {errors} scheduler run(s) failed (not finished, failed subtasks, a committed subtask re-run or a subtask lost); see above.");
            return ExitFailed;
        }

        if (writeJson)
        {
            output.WriteLine(options.Quick ? "OK: every scheduler run finished without errors." : "Done.");
        }

        return ExitOk;
    }

    static List<string> PrintSchedulerWorkload(SchedulerResult result, string workload, string description, BenchOptions options, TextWriter output)
    {
        var runs = result.Runs.Where(r => r.Workload == workload).ToList();
        var table = new TextTable("figure", "ours", "target", "verdict");
        Spread Of(Func<SchedulerRunResult, double> value) => Stats.Across(runs.Select(value));
        void Row(string figure, Func<SchedulerRunResult, double> value, Func<double, string> format, string target = "", Func<double, string>? verdict = null)
        {
            var spread = Of(value);
            table.Add(figure, Format.WithRange(spread, format), target, verdict?.Invoke(spread.Median) ?? string.Empty);
        }

        static string AtLeast(double value, double target, Func<double, string> format) =>
            double.IsNaN(value) ? "not measured" : value >= target ? "met" : $"MISSED by {format(target - value)}";
        static string AtMost(double value, double target, Func<double, string> format) =>
            double.IsNaN(value) ? "not measured" : value <= target ? "met" : $"MISSED by {format(value - target)}";

        var queueing = workload != SchedulerBenchmark.Chains;
        Row("**completions/s** (submit → finished event durable)", r => r.CompletionsPerSecond, v => Format.Number(v),
            $"≥ {SchedulerThroughputTarget:#,0}", v => AtLeast(v, SchedulerThroughputTarget, x => Format.Number(x)));
        Row("submit → finished (s)", r => r.Seconds, v => Format.Number(v, "0.00"));
        Row("  of which SubmitAsync returned after (s)", r => r.SubmitSeconds, v => Format.Number(v, "0.00"));
        Row("  submit → last subtask finished in memory (s)", r => r.LastCompletionSeconds, v => Format.Number(v, "0.00"));
        Row($"**ready→start p50** (ms){(queueing ? ", incl. queueing behind the cap" : ", scheduler overhead")}", r => r.ReadyToStartP50Ms, Format.Ms,
            $"≤ {ReadyToStartP50TargetMs:0}", v => AtMost(v, ReadyToStartP50TargetMs, Format.Ms));
        Row("ready→start p95 (ms)", r => r.ReadyToStartP95Ms, Format.Ms);
        Row($"**ready→start p99** (ms){(queueing ? ", incl. queueing behind the cap" : ", scheduler overhead")}", r => r.ReadyToStartP99Ms, Format.Ms,
            $"≤ {ReadyToStartP99TargetMs:0}", v => AtMost(v, ReadyToStartP99TargetMs, Format.Ms));
        Row("ready→start max (ms)", r => r.ReadyToStartMaxMs, Format.Ms);
        Row("**events.db growth per subtask** (bytes, after a WAL checkpoint)", r => r.EventLogBytesPerSubtask, v => Format.Number(v),
            $"≤ {LogBytesPerSubtaskTarget:#,0}", v => AtMost(v, LogBytesPerSubtaskTarget, x => Format.Number(x)));
        Row("events.db growth (MiB)", r => r.EventLogBytes / 1024.0 / 1024.0, v => Format.Number(v, "0.0"));
        table.Add("collaboration finished", string.Join(", ", runs.Select(r => $"{r.Status} ({r.Succeeded:#,0} of {r.Subtasks:#,0})").Distinct(StringComparer.Ordinal)),
            "succeeded, all subtasks", runs.Count > 0 && runs.All(r => r.Errors == 0) ? "met" : "MISSED");
        Row("bench process CPU (cores busy)", r => r.ProcessCores, v => Format.Number(v, "0.00"));
        Row("GC pauses (% of the run)", r => r.GcPauseShare * 100, v => Format.Number(v, "0.0"));
        Row("gen2 GCs", r => r.Gen2Collections, v => Format.Number(v));
        Row("other processes (cores busy)", r => r.ForeignCores, v => Format.Number(v, "0.00"));

        var subtasks = runs.FirstOrDefault()?.Subtasks ?? 0;
        output.WriteLine($"{workload}: {description}; {subtasks:#,0} subtasks per run; median of {runs.Count} run(s) [min–max]");
        output.Write(table.ToString());

        var throughput = Of(r => r.CompletionsPerSecond).Median;
        var p50 = Of(r => r.ReadyToStartP50Ms).Median;
        var p99 = Of(r => r.ReadyToStartP99Ms).Median;
        var bytes = Of(r => r.EventLogBytesPerSubtask).Median;
        var what = queueing ? "includes waiting behind the cap of subtasks in flight" : "ready work never exceeds the cap: scheduler overhead";
        return
        [
            $"Target ({workload}): ≥ {SchedulerThroughputTarget:#,0} completions/s: {Format.Number(throughput)}/s, {AtLeast(throughput, SchedulerThroughputTarget, x => Format.Number(x))}; "
                + $"ready→start p50 ≤ {ReadyToStartP50TargetMs:0} ms and p99 ≤ {ReadyToStartP99TargetMs:0} ms ({what}): p50 {Format.Ms(p50)} ms {AtMost(p50, ReadyToStartP50TargetMs, Format.Ms)}, "
                + $"p99 {Format.Ms(p99)} ms {AtMost(p99, ReadyToStartP99TargetMs, Format.Ms)}; log ≤ {LogBytesPerSubtaskTarget:#,0} B/subtask: {Format.Number(bytes)} B, "
                + $"{AtMost(bytes, LogBytesPerSubtaskTarget, x => Format.Number(x))}; completes: {(runs.Count > 0 && runs.All(r => r.Errors == 0) ? "met" : "MISSED")}",
        ];
    }

    static List<string> PrintRecovery(SchedulerResult result, TextWriter output)
    {
        if (result.Recovery is not { } r)
        {
            return ["Target (recovery): not measured"];
        }

        var table = new TextTable("figure", "ours", "target", "verdict");
        table.Add("subtasks in the graph (layered, probe tool appending each call to a file)", Format.Number(r.Subtasks), string.Empty, string.Empty);
        table.Add("probe calls before the kill -9 (tool executions, durable or not)", Format.Number(r.CallsBeforeKill), string.Empty, string.Empty);
        table.Add("subtask-succeeded events committed before the kill", Format.Number(r.CommittedBeforeKill), $"~{r.KillAfter:#,0}", string.Empty);
        table.Add("restart → engine started, resuming (ms)", Format.Ms(r.RestartToEngineStartedMs), string.Empty, string.Empty);
        table.Add("**restart → first new completion** (ms, new process start included)", Format.Ms(r.RestartToFirstCompletionMs), $"≤ {ResumeTargetMs:#,0}",
            double.IsNaN(r.RestartToFirstCompletionMs) ? "not measured" : r.RestartToFirstCompletionMs <= ResumeTargetMs ? "met" : $"MISSED by {Format.Ms(r.RestartToFirstCompletionMs - ResumeTargetMs)}");
        table.Add("  of which the child's Main → first new completion (ms)", Format.Ms(r.ChildMainToFirstCompletionMs), string.Empty, string.Empty);
        table.Add("restart → collaboration finished (ms)", Format.Ms(r.RestartToFinishedMs), string.Empty, string.Empty);
        table.Add("probe calls after the restart", Format.Number(r.CallsAfterKill), string.Empty, string.Empty);
        table.Add("**committed subtasks called again**", Format.Number(r.CommittedReRun), "0", r.Error is null && r.CommittedReRun == 0 ? "met" : "MISSED");
        table.Add("**subtasks never completed (lost)**", Format.Number(r.NeverCompleted), "0", r.Error is null && r.NeverCompleted == 0 ? "met" : "MISSED");
        table.Add("interrupted subtasks (called, success not committed) run again, same idempotency key", Format.Number(r.InterruptedReRun), "allowed", string.Empty);
        table.Add("final status", r.Status, "succeeded", r.Status == "succeeded" ? "met" : "MISSED");
        output.WriteLine($"Recovery: {r.Subtasks:#,0}-subtask graph in a child process (server GC), SIGKILL once the log has committed ~{r.KillAfter:#,0} subtask successes, a new child resumes on the same data directory");
        output.Write(table.ToString());
        if (r.Error is { } error)
        {
            output.WriteLine($"  error: {error}");
        }

        var resumeOk = r.RestartToFirstCompletionMs <= ResumeTargetMs;
        return
        [
            $"Target (recovery): resume within {ResumeTargetMs / 1000:0} s, 0 committed re-run, 0 lost: {(resumeOk && r.CommittedReRun == 0 && r.NeverCompleted == 0 && r.Error is null ? "met" : "MISSED")} — "
                + $"first new completion {Format.Ms(r.RestartToFirstCompletionMs)} ms after the restart; {r.CommittedReRun} committed re-run; {r.NeverCompleted} lost",
        ];
    }

    static List<string> PrintReplay(SchedulerResult result, TextWriter output)
    {
        if (result.Replay is not { } r)
        {
            return ["Target (replay): not measured"];
        }

        var table = new TextTable("figure", "ours", "target", "verdict");
        table.Add("**replay request → finished event durable, median** (ms)", Format.Ms(r.MedianMs), $"≤ {ReplayTargetMs:#,0}",
            double.IsNaN(r.MedianMs) ? "not measured" : r.MedianMs <= ReplayTargetMs ? "met" : $"MISSED by {Format.Ms(r.MedianMs - ReplayTargetMs)}");
        table.Add("replay, slowest (ms)", Format.Ms(r.MaxMs), $"≤ {ReplayTargetMs:#,0}", r.MaxMs <= ReplayTargetMs ? "met" : "MISSED");
        table.Add("**results identical byte for byte**", $"{r.Identical} of {r.Replays}", "all", r.Identical == r.Replays ? "met" : "MISSED");
        output.WriteLine($"Replay: a {r.Subtasks}-subtask collaboration (layered 10 × 10, echo) re-executed from its recording {r.Replays} times, no agent called");
        output.Write(table.ToString());
        var met = r.MaxMs <= ReplayTargetMs && r.Identical == r.Replays;
        return
        [
            $"Target (replay): a {r.Subtasks}-subtask recording within {ReplayTargetMs / 1000:0} s: {(met ? "met" : "MISSED")} — median {Format.Ms(r.MedianMs)} ms, slowest {Format.Ms(r.MaxMs)} ms, {r.Identical} of {r.Replays} identical",
        ];
    }
}
