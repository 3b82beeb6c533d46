using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners;
using Lightning.Testing.Selection;
using Lightning.Testing.Selection.Watch;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>test watch --json</c>: JSON lines on standard output, one object per line, in the envelope of a run's WebSocket
/// (<c>{ type, at, project, data }</c>, without the sequence: a watch stream cannot be resumed). Test events are
/// exactly that socket's test events: <c>type</c> is the event's, <c>project</c> its project root and <c>data</c> the
/// <see cref="TestEvent"/> as the JSON event stream writes it. The session's own lines have no project and
/// <c>watch</c> types (<see cref="Watching"/>, <see cref="RunStarting"/>, <see cref="RunFinished"/>), so they never
/// collide with a test event's <c>run-started</c>/<c>run-finished</c>.
/// </summary>
internal sealed class TestWatchJsonReporter(TextWriter output, TimeProvider time) : ITestWatchRecordingReporter
{
    public const string Watching = "watching";
    public const string RunStarting = "watch-run-starting";
    public const string RunFinished = "watch-run-finished";

    /// <summary>The first full run's reason, as a selection's fallback would give it.</summary>
    public const string FirstRunReason = "Watching starts with a full run (leave it out with --changed-only).";

    (TestTotals Totals, bool Succeeded, TimeSpan Elapsed, IReadOnlyList<object> Projects)? _finished;

    public Task WatchingAsync(string directory, SelectionMode mode, double confidence, bool changedOnly) =>
        WriteAsync(Watching, null, null, new { directory, mode, confidence = mode == SelectionMode.Fast ? confidence : (double?)null, changedOnly });

    public async ValueTask RunStartingAsync(FileChangeBatch? batch, TestSelection? selection)
    {
        if (selection is null)
        {
            await WriteAsync(RunStarting, null, null, new { saved = Array.Empty<string>(), runAll = true, reason = FirstRunReason, tests = Array.Empty<object>() });
            return;
        }

        await WriteAsync(RunStarting, null, null, new
        {
            saved = selection.Changes.Files.Select(file => file.Path),
            runAll = selection.RunAll,
            // Why everything runs, or why nothing does (the first file the selection ignored).
            reason = selection.RunAll ? selection.Fallbacks[0].Reason : selection.Tests.Count == 0 ? (selection.Ignored.Count > 0 ? selection.Ignored[0].Reason : null) : null,
            tests = selection.Tests.Select(test => new { test.Project, test.Framework, test.Id, reason = test.Reasons.Count > 0 ? test.Reasons[0] : null }),
        });
    }

    public async ValueTask EventAsync(string project, TestEvent testEvent)
    {
        // The same serialization as the run's live stream (TestRunService) and the event-stream export.
        var data = JsonSerializer.SerializeToElement(testEvent, LightningJson.Options);
        var type = data.TryGetProperty("type", out var name) ? name.GetString() ?? "test-event" : "test-event";
        await WriteAsync(type, testEvent.At, project, data);
    }

    public ValueTask RunFinishedAsync(IReadOnlyList<ProjectRunResult> results, TimeSpan elapsed)
    {
        // Written once the run is recorded (RunRecordedAsync), so the line can name the recorded runs.
        var totals = results.Select(result => result.Run.Totals).Aggregate(TestTotals.Empty, (sum, next) => sum.Add(next));
        var projects = results.Select(result => (object)new
        {
            root = result.Project.Root,
            framework = Lightning.Testing.Detection.TestFrameworks.NameOf(result.Project.Framework),
            totals = result.Run.Totals,
            error = result.Error,
        }).ToList();
        _finished = (totals, totals.Succeeded && results.All(result => result.Error is null), elapsed, projects);
        return ValueTask.CompletedTask;
    }

    public async ValueTask RunRecordedAsync(IReadOnlyList<TestRunView> runs)
    {
        if (_finished is not { } finished)
        {
            return;
        }

        _finished = null;
        await WriteAsync(RunFinished, null, null, new
        {
            totals = finished.Totals,
            succeeded = finished.Succeeded,
            elapsedMs = (long)finished.Elapsed.TotalMilliseconds,
            projects = finished.Projects,
            runs = runs.Select(run => new { run.Id, run.Project, run.Status }),
        });
    }

    async Task WriteAsync<T>(string type, DateTimeOffset? at, string? project, T data)
    {
        await output.WriteLineAsync(JsonSerializer.Serialize(new { type, at = at ?? time.GetUtcNow(), project, data }, LightningJson.Options));
        // A script or an editor reads each line as it comes, not when a buffer fills.
        await output.FlushAsync();
    }
}
