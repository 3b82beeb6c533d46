using System.Text;
using Lightning.Core.Workspaces;
using Lightning.Testing.Detection;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners;
using Microsoft.Extensions.Options;

namespace Lightning.TestUtilities;

/// <summary>
/// A test double of <see cref="ITestRunner"/> for tests of what is built around runners (history, API, CLI, tool):
/// it detects the projects for real, then replays a report per project (the golden corpus, or text a test writes)
/// as live events, and returns it parsed. <see cref="Gate"/> holds the run after its first case until released,
/// so tests can watch or cancel a run in the middle.
/// </summary>
public sealed class ReplayTestRunner(Func<DetectedTestProject, string> report) : ITestRunner
{
    readonly TestFrameworkDetector _detector = new(
        Options.Create(new TestDetectionOptions()), Options.Create(new Lightning.Testing.Detection.Toolchains.TestToolchainOptions()));

    readonly TestReportReader _reader = new();

    /// <summary>Every request received, in order.</summary>
    public List<TestRunRequest> Requests { get; } = [];

    /// <summary>When set, the run waits here after its first case has started (and is cancellable while it waits).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completes when a run reaches <see cref="Gate"/>.</summary>
    public TaskCompletionSource AtGate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs in progress, for tests of the queue.</summary>
    public int Running => _running;

    /// <summary>The most runs that were in progress at once.</summary>
    public int MostRunning => _mostRunning;

    int _running;
    int _mostRunning;

    public async Task<IReadOnlyList<ProjectRunResult>> RunAsync(
        TestRunRequest request, Func<string, TestEvent, ValueTask>? onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (Requests)
        {
            Requests.Add(request);
        }

        var now = Interlocked.Increment(ref _running);
        InterlockedMax(ref _mostRunning, now);
        try
        {
            var detected = request.Workspace is { } workspace
                ? await _detector.DetectAsync(workspace, request.Repository, cancellationToken)
                : await _detector.DetectAsync(new Workspace(request.Repository), ".", cancellationToken);
            var framework = request.Framework is { } name ? TestFrameworks.Parse(name) : (TestFramework?)null;
            var results = new List<ProjectRunResult>();
            foreach (var project in detected.Projects.Where(p => p.Supported
                && (request.Project is null || p.Root == request.Project) && (framework is null || p.Framework == framework)))
            {
                var run = await _reader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(report(project))), "replayed", cancellationToken);
                var first = true;
                foreach (var testEvent in TestEvents.From(run))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (onEvent is not null)
                    {
                        await onEvent(project.Root, testEvent);
                    }

                    if (first && testEvent is CaseStartedEvent && Gate is { } gate)
                    {
                        first = false;
                        AtGate.TrySetResult();
                        await gate.Task.WaitAsync(cancellationToken);
                    }
                }

                results.Add(new ProjectRunResult(project, run, run.Totals.Succeeded ? 0 : 1, TimedOut: false, Error: null));
            }

            return results;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
