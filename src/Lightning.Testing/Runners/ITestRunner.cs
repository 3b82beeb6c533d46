using Lightning.Testing.Results.Events;

namespace Lightning.Testing.Runners;

/// <summary>Runs the tests of a repository with their real frameworks and reports every event as it happens.</summary>
public interface ITestRunner
{
    /// <summary>
    /// Runs each selected project in turn; <paramref name="onEvent"/> receives the project's relative root and each
    /// event live (run-started first and run-finished last for every project). Cancelling kills the process trees.
    /// </summary>
    Task<IReadOnlyList<ProjectRunResult>> RunAsync(
        TestRunRequest request, Func<string, TestEvent, ValueTask>? onEvent, CancellationToken cancellationToken);
}
