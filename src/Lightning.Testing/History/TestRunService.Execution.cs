using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Lightning.Testing.Detection;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;

namespace Lightning.Testing.History;

public sealed partial class TestRunService
{
    /// <summary>One run in the background, from the queue to its record. Never throws: every ending is recorded.</summary>
    async Task ExecuteAsync(ActiveRun active, TestRunStart start, Optimization.RetryPlan retries, string directory)
    {
        var token = active.Cancel.Token;
        IReadOnlyList<TestRunProjectResult> projects = [];
        IReadOnlySet<string>? quarantined = null;
        TestRunStatus status;
        string? error;
        var acquired = false;
        try
        {
            await _slots.WaitAsync(token);
            acquired = true;
            var startedAt = timeProvider.GetUtcNow();
            var (commit, branch) = await CommitOfAsync(directory, token);
            await store.MarkStartedAsync(active.RunId, startedAt, commit, branch, token);
            await active.PublishAsync(TestRunEventTypes.Started, startedAt, null, new { commitSha = commit, branch });
            active.Announce(TestRunChangeTypes.Started, run => run with { Status = TestRunStatus.Running, StartedAt = startedAt, CommitSha = commit, Branch = branch });

            string? nothing = null;
            if (start.Custom is { } custom)
            {
                // The custom runner's command is the one project: nothing to detect.
                await active.PublishAsync(TestRunEventTypes.Detected, timeProvider.GetUtcNow(), null, new
                {
                    repository = start.Target.Repository,
                    projects = new[] { new { root = custom.Directory, framework = TestFrameworks.NameOf(TestFramework.Custom), name = custom.Name ?? "custom", command = custom.Command } },
                });
            }
            else
            {
                var report = await detector.DetectAsync(start.Target.Workspace, start.Target.Path, token);
                var selected = Select(report, start);
                active.Detected = selected;
                active.Announce(null, run => run, selected.Select(p => (string?)TestFrameworks.NameOf(p.Framework)));
                await active.PublishAsync(TestRunEventTypes.Detected, timeProvider.GetUtcNow(), null, new
                {
                    repository = start.Target.Repository,
                    projects = selected.Select(p => new { root = p.Root, framework = TestFrameworks.NameOf(p.Framework), name = p.Name, variant = p.Variant, testFileCount = p.TestFileCount }),
                    warnings = report.Warnings,
                });
                nothing = selected.Count == 0 ? NothingToRun(report, start) : null;
            }

            if (nothing is not null)
            {
                (status, error) = (TestRunStatus.Errored, nothing);
            }
            else
            {
                var request = new TestRunRequest
                {
                    Repository = start.Target.Path,
                    Workspace = start.Target.Workspace,
                    Project = start.Project,
                    Framework = start.Framework,
                    Tests = start.Tests,
                    Timeout = start.Timeout,
                    Retries = retries.Default,
                    FrameworkRetries = retries.Frameworks,
                    RetryReason = start.Retries is null ? retries.Reason : null,
                    Custom = start.Custom,
                    Coverage = start.Coverage,
                    Shards = start.Shards,
                    RecordedAs = start.Target.Repository,
                    Order = Runners.TestRunOrder.Parse(start.Order),
                };
                var results = await runner.RunAsync(request, active.OnTestEventAsync, token);
                projects = [.. results.Select(ToProjectResult)];
                foreach (var project in projects)
                {
                    await active.PublishAsync(TestRunEventTypes.ProjectFinished, timeProvider.GetUtcNow(), project.Root, new
                    {
                        root = project.Root,
                        framework = project.Framework,
                        exitCode = project.ExitCode,
                        timedOut = project.TimedOut,
                        error = project.Error,
                        totals = project.Run.Totals,
                    });
                }

                quarantined = await quarantine.ActiveIdsAsync(start.Target.Repository, token);
                (status, error) = Conclude(projects, quarantined);
                if (start.Coverage)
                {
                    (status, error) = await RecordCoverageAsync(active, start, directory, commit, branch, results, status, error, token);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            status = TestRunStatus.Cancelled;
            error = active.CancelledBy is { } who ? $"Cancelled by {who}." : "Cancelled: the server was stopping.";
            projects = active.PartialResults();
        }
        catch (LightningException ex)
        {
            (status, error) = (TestRunStatus.Errored, ex.Message);
            projects = active.PartialResults();
        }
#pragma warning disable CA1031 // Whatever went wrong, the run is recorded as errored rather than left running.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.RunCrashed(logger, ex, active.RunId);
            (status, error) = (TestRunStatus.Errored, $"The test run failed unexpectedly: {ex.Message}");
            projects = active.PartialResults();
        }
        finally
        {
            if (acquired)
            {
                _slots.Release();
            }
        }

        await FinishAsync(active, status, error, projects, quarantined);
    }

    async Task FinishAsync(ActiveRun active, TestRunStatus status, string? error, IReadOnlyList<TestRunProjectResult> projects, IReadOnlySet<string>? quarantined)
    {
        try
        {
            var finishedAt = timeProvider.GetUtcNow();
            var view = await store.CompleteAsync(active.RunId, status, finishedAt, error, projects, CancellationToken.None, quarantined);
            await active.PublishAsync(TestRunEventTypes.Finished, finishedAt, null, view);
            active.AnnounceFinal(view, projects.Select(p => (string?)p.Framework));
            await active.FlushAsync(CancellationToken.None);
            Log.RunFinished(logger, active.RunId, status.ToName(), view.Totals.Passed, view.Totals.Failed + view.Totals.Errored, view.Totals.Total);
            await NotifyObserversAsync(view, projects);
        }
#pragma warning disable CA1031 // The database went away: the run stays as it was recorded last, and the next start marks it interrupted.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.RunNotRecorded(logger, ex, active.RunId);
        }
        finally
        {
            active.Live.Complete();
            _active.TryRemove(active.RunId, out _);
            active.Dispose();
        }
    }

    /// <summary>Tells every <see cref="ITestRunObserver"/> of a recorded run; one that fails is logged and the others still run.</summary>
    async Task NotifyObserversAsync(TestRunView view, IReadOnlyList<TestRunProjectResult> projects)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnRunRecordedAsync(view, projects, _shutdown.Token);
            }
#pragma warning disable CA1031 // A follow-up (a notification, a statistic) never changes how the run was recorded.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.ObserverFailed(logger, ex, observer.GetType().Name, view.Id);
            }
        }
    }

    /// <summary>The detected projects the run asks for: supported ones, narrowed by project root and framework.</summary>
    static List<DetectedTestProject> Select(TestDetectionReport report, TestRunStart start)
    {
        var project = start.Project is { } root ? NormaliseRoot(root) : null;
        return report.Projects
            .Where(p => p.Supported)
            .Where(p => project is null || string.Equals(p.Root, project, StringComparison.Ordinal))
            .Where(p => start.Framework is null || string.Equals(TestFrameworks.NameOf(p.Framework), start.Framework, StringComparison.Ordinal))
            .ToList();
    }

    static string NormaliseRoot(string root)
    {
        var trimmed = root.Trim().Replace('\\', '/').Trim('/');
        while (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        return trimmed.Length == 0 ? "." : trimmed;
    }

    static string NothingToRun(TestDetectionReport report, TestRunStart start)
    {
        var where = string.IsNullOrEmpty(report.Repository) || report.Repository == "." ? start.Target.Repository : report.Repository;
        var found = report.Projects.Count == 0
            ? "none was found"
            : "found: " + string.Join(", ", report.Projects.Select(p => $"{TestFrameworks.NameOf(p.Framework)} in {p.Root}{(p.Supported ? string.Empty : " (not supported)")}"));
        var wanted = (start.Project, start.Framework) switch
        {
            (null, null) => "No test project that can run here",
            ({ } project, null) => $"No test project at '{project}'",
            (null, { } framework) => $"No {framework} project",
            ({ } project, { } framework) => $"No {framework} project at '{project}'",
        };
        return $"{wanted} in '{where}' ({found}).";
    }

    static TestRunProjectResult ToProjectResult(ProjectRunResult result) => new(
        result.Project.Root, TestFrameworks.NameOf(result.Project.Framework), result.Project.Name, result.Project.Variant,
        result.ExitCode, result.TimedOut, result.Error, result.Run);

    /// <summary>
    /// How a run ended, from its projects: a timeout first, then failed tests, then errors that left no result.
    /// Failures of <paramref name="quarantined"/> tests do not count (they are still recorded and shown).
    /// </summary>
    internal static (TestRunStatus Status, string? Error) Conclude(IReadOnlyList<TestRunProjectResult> projects, IReadOnlySet<string>? quarantined = null)
    {
        projects = Flaky.QuarantinedResults.Excluding(projects, quarantined);
        static string Describe(TestRunProjectResult project, string problem) => $"{project.Framework} in {project.Root}: {problem}";

        var timedOut = projects.Where(p => p.TimedOut).ToList();
        if (timedOut.Count > 0)
        {
            return (TestRunStatus.TimedOut, string.Join(" ", timedOut.Select(p => Describe(p, p.Error ?? "timed out."))));
        }

        var errors = projects.Where(p => p.Error is not null).Select(p => Describe(p, p.Error!)).ToList();
        var totals = projects.Aggregate(TestTotals.Empty, (sum, p) => sum.Add(p.Run.Totals));
        if (!totals.Succeeded)
        {
            return (TestRunStatus.Failed, errors.Count > 0 ? string.Join(" ", errors) : null);
        }

        if (errors.Count > 0)
        {
            return (TestRunStatus.Errored, string.Join(" ", errors));
        }

        var silent = projects.Where(p => p.ExitCode is not (null or 0) && p.Run.Totals.Total == 0).ToList();
        if (silent.Count > 0)
        {
            return (TestRunStatus.Errored, string.Join(" ", silent.Select(p => Describe(p, $"exited with code {p.ExitCode} and reported no test."))));
        }

        var nonZero = projects.Where(p => p.ExitCode is not (null or 0)).ToList();
        if (nonZero.Count > 0)
        {
            return (TestRunStatus.Failed, string.Join(" ", nonZero.Select(p => Describe(p, $"exited with code {p.ExitCode} although no test failed."))));
        }

        return (TestRunStatus.Passed, null);
    }

    /// <summary>The commit and branch of the directory's repository, when it is in one and git is installed.</summary>
    async Task<(string? Commit, string? Branch)> CommitOfAsync(string directory, CancellationToken cancellationToken)
    {
        try
        {
            var request = new GitCliRequest { AcceptedExitCodes = [0, 1, 128], Timeout = TimeSpan.FromSeconds(15) };
            var head = await git.RunAsync(directory, ["rev-parse", "--verify", "-q", "HEAD"], cancellationToken, request);
            if (head.ExitCode != 0)
            {
                return (null, null);
            }

            var branch = await git.RunAsync(directory, ["symbolic-ref", "--short", "-q", "HEAD"], cancellationToken, request);
            return (head.StandardOutput.Trim(), branch.ExitCode == 0 && branch.StandardOutput.Trim() is { Length: > 0 } name ? name : null);
        }
        catch (LightningException)
        {
            // No git on this machine: the run is recorded without a commit.
            return (null, null);
        }
    }
}
