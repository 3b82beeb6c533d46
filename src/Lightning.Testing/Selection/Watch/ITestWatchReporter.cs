using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners;

namespace Lightning.Testing.Selection.Watch;

/// <summary>What a <see cref="TestWatchSession"/> tells as it goes; calls never overlap.</summary>
public interface ITestWatchReporter
{
    /// <summary>A run starts: the first full run (<paramref name="batch"/> null, <paramref name="selection"/> null), or the tests a batch of saves selected.</summary>
    ValueTask RunStartingAsync(FileChangeBatch? batch, TestSelection? selection);

    /// <summary>A test event of the run, live (the runner's <c>onEvent</c>).</summary>
    ValueTask EventAsync(string project, TestEvent testEvent);

    /// <summary>The run ended (no run when the selection was empty: <paramref name="results"/> is empty).</summary>
    ValueTask RunFinishedAsync(IReadOnlyList<ProjectRunResult> results, TimeSpan elapsed);
}
