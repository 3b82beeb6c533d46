namespace Lightning.Testing.History;

/// <summary>
/// The run's own event types. Between <see cref="Detected"/> and <see cref="Finished"/> come the test events of each
/// project (<c>run-started</c>, <c>case-started</c>, <c>passed</c>, <c>failed</c>, <c>skipped</c>, <c>output</c>,
/// <c>attempt</c>, <c>suite-started</c>, <c>suite-finished</c>, <c>run-finished</c>) and a <see cref="ProjectFinished"/> per project.
/// </summary>
public static class TestRunEventTypes
{
    /// <summary>The run was accepted (data: the run).</summary>
    public const string Queued = "queued";

    /// <summary>A slot was free and the run began (data: the run).</summary>
    public const string Started = "started";

    /// <summary>The projects that will run (data: <c>{ repository, projects: [...] }</c>).</summary>
    public const string Detected = "detected";

    /// <summary>A project's process ended (data: root, framework, exit code, timed out, error, totals).</summary>
    public const string ProjectFinished = "project-finished";

    /// <summary>A run with coverage measured it (data: totals, goals and their results, why projects measured nothing).</summary>
    public const string Coverage = "coverage";

    /// <summary>Someone asked to cancel (data: who).</summary>
    public const string CancelRequested = "cancel-requested";

    /// <summary>Output events beyond <see cref="TestRunOptions.MaxEventsPerRun"/> were not kept (data: how many were dropped).</summary>
    public const string EventsDropped = "events-dropped";

    /// <summary>The last event of every run (data: the run with its status and totals).</summary>
    public const string Finished = "finished";
}
