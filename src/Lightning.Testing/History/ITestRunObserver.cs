namespace Lightning.Testing.History;

/// <summary>
/// Told of every run once it is recorded, live or imported: notifications, flaky-test tracking and other follow-ups
/// plug in here (register with <c>TryAddEnumerable</c>). An observer that throws is logged and does not change the run.
/// </summary>
public interface ITestRunObserver
{
    /// <param name="run">The run as stored, with its final status and totals.</param>
    /// <param name="projects">Each project's complete results (cases, attempts, output).</param>
    Task OnRunRecordedAsync(TestRunView run, IReadOnlyList<TestRunProjectResult> projects, CancellationToken cancellationToken);
}
