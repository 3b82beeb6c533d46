namespace Lightning.Benchmarks.Scheduler;

/// <summary>One run of one graph through the in-process engine.</summary>
internal sealed record SchedulerRunResult(
    string Workload,
    int Subtasks,
    double SubmitSeconds,
    double Seconds,
    double LastCompletionSeconds,
    double CompletionsPerSecond,
    int ReadyToStartSamples,
    double ReadyToStartP50Ms,
    double ReadyToStartP95Ms,
    double ReadyToStartP99Ms,
    double ReadyToStartMaxMs,
    long EventLogBytes,
    double EventLogBytesPerSubtask,
    string Status,
    long Succeeded,
    long Failed,
    double ProcessCores,
    double GcPauseShare,
    int Gen2Collections,
    double ForeignCores,
    int Errors);

/// <summary>The kill -9 drill: one child killed mid-run, a second resuming on the same data directory.</summary>
internal sealed record SchedulerRecoveryResult(
    int Subtasks,
    int KillAfter,
    long CallsBeforeKill,
    long CommittedBeforeKill,
    double RestartToEngineStartedMs,
    double RestartToFirstCompletionMs,
    double RestartToFinishedMs,
    double ChildMainToFirstCompletionMs,
    long CallsAfterKill,
    long CommittedReRun,
    long InterruptedReRun,
    long NeverCompleted,
    string Status,
    int Errors,
    string? Error);

internal sealed record SchedulerResult(
    IReadOnlyList<SchedulerRunResult> Runs,
    SchedulerRecoveryResult? Recovery,
    ReplayResult? Replay,
    int MaxParallel,
    IReadOnlyDictionary<string, string> Workloads);
