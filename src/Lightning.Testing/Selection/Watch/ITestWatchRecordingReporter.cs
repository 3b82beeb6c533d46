using Lightning.Testing.History;

namespace Lightning.Testing.Selection.Watch;

/// <summary>
/// A <see cref="ITestWatchReporter"/> that also names the runs recorded in history: after each
/// <see cref="ITestWatchReporter.RunFinishedAsync"/>, the session waits for that run to be recorded and calls
/// <see cref="RunRecordedAsync"/> before it watches on (calls still never overlap).
/// </summary>
public interface ITestWatchRecordingReporter : ITestWatchReporter
{
    /// <summary>The runs recorded for the run that just finished, one per project; empty when the session does not record, nothing ran or recording failed.</summary>
    ValueTask RunRecordedAsync(IReadOnlyList<TestRunView> runs);
}
