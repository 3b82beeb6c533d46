using System.Diagnostics;
using Lightning.Core.Errors;
using Lightning.Testing.History;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Runners;

namespace Lightning.Testing.Selection.Watch;

/// <summary>
/// Continuous testing: runs everything once (unless <see cref="TestWatchOptions.ChangedOnly"/>), then for each debounced
/// batch of saves selects the affected tests and runs them, live. Per save the work is kept small: the detection,
/// the toolchain probes and the import graph are reused (only the saved files are re-read), and a git diff limited to
/// the saved files gives their changed lines. A new or deleted file, a changed configuration file, a changed
/// package/namespace declaration or dropped watcher events rebuild the context first. With
/// <see cref="TestWatchOptions.RecordAs"/>, each run is recorded in history after its results were reported
/// (<see cref="WatchRunRecorder"/>, in the background), tagged <c>trigger: watch</c>.
/// </summary>
public sealed class TestWatchSession(TestSelectionService selection, ITestRunner runner, ToolchainProbe probe, IServiceProvider services)
{
    public async Task RunAsync(TestWatchOptions options, ITestWatchReporter reporter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reporter);
        var directory = Path.GetFullPath(options.Directory);
        var git = await InGitAsync(directory, cancellationToken);
        var head = git ? await selection.Changes.HeadAsync(directory, cancellationToken) : null;
        var context = await selection.CreateContextAsync(directory, head, cancellationToken);
        var toolchains = await ProbeAsync(context, null, cancellationToken);
        var recorder = options.RecordAs is null ? null : (WatchRunRecorder)(services.GetService(typeof(WatchRunRecorder))
            ?? throw new InvalidOperationException("Recording watch runs needs the run history (AddTestHistory)."));
        try
        {
            await WatchAsync(directory, git, head, context, toolchains, recorder, options, reporter, cancellationToken);
        }
        finally
        {
            // What ran is recorded even when the user stops watching (Ctrl+C) right after a run.
            if (recorder is not null)
            {
                await recorder.DrainAsync(CancellationToken.None);
            }
        }
    }

    async Task WatchAsync(
        string directory, bool git, string? head, SelectionContext context, IReadOnlyDictionary<string, ToolchainReport> toolchains,
        WatchRunRecorder? recorder, TestWatchOptions options, ITestWatchReporter reporter, CancellationToken cancellationToken)
    {

        using var watcher = new FileChangeWatcher(directory) { Quiet = options.Quiet };
        await using var batches = watcher.WatchAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        // Watching starts before the first run, so saves made while it runs are not lost.
        var next = batches.MoveNextAsync().AsTask();
        if (!options.ChangedOnly)
        {
            await reporter.RunStartingAsync(null, null);
            await RunAsync(toolchains, options, [new TestRunRequest { Repository = directory, Detection = context.Detection }], reporter, Record(head), cancellationToken);
        }

        while (await next)
        {
            var batch = batches.Current;
            next = batches.MoveNextAsync().AsTask();
            // Directories, and files that came and went within the burst (an editor's scratch copy), are not changes;
            // a deleted file is one while the context that knew it is still at hand.
            var paths = batch.Paths.Where(path => File.Exists(Path.Combine(directory, path)) || context.Builder.Files.Contains(path)).ToList();
            if (paths.Count == 0 && !batch.Overflowed)
            {
                continue;
            }
            if (Structural(context, batch))
            {
                var previous = context;
                head = git ? await selection.Changes.HeadAsync(directory, cancellationToken) : null;
                context = await selection.CreateContextAsync(directory, head, cancellationToken);
                toolchains = await ProbeAsync(context, (previous, toolchains), cancellationToken);
            }

            var changes = await ChangesAsync(directory, git, paths, cancellationToken);
            var selected = TestSelector.Select(context, changes, options.Mode, options.Confidence);
            if (batch.Overflowed)
            {
                selected = selected with { Fallbacks = [.. selected.Fallbacks, new SelectionNote(".", "The file watcher dropped events (too many at once): any file may have changed, so every test runs.")] };
            }

            await reporter.RunStartingAsync(batch, selected);
            var requests = selected.RunAll
                ? [new TestRunRequest { Repository = directory, Detection = context.Detection }]
                : selected.Projects.Where(project => project.Selected > 0).Select(project => new TestRunRequest
                {
                    Repository = directory,
                    Detection = context.Detection,
                    Project = project.Root,
                    Tests = SelectionRunPlan.TestsOf(selected, project),
                }).ToList();
            await RunAsync(toolchains, options, requests, reporter, Record(head), cancellationToken);
        }

        Func<IReadOnlyList<ProjectRunResult>, Task<IReadOnlyList<TestRunView>>>? Record(string? commit) =>
            recorder is null ? null : results => recorder.Enqueue(options.RecordAs!, commit, results);
    }

    async Task RunAsync(
        IReadOnlyDictionary<string, ToolchainReport> toolchains, TestWatchOptions options, IReadOnlyList<TestRunRequest> requests,
        ITestWatchReporter reporter, Func<IReadOnlyList<ProjectRunResult>, Task<IReadOnlyList<TestRunView>>>? record, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var results = new List<ProjectRunResult>();
        foreach (var request in requests)
        {
            results.AddRange(await runner.RunAsync(request with { Toolchains = toolchains, Timeout = options.Timeout }, reporter.EventAsync, cancellationToken));
        }

        await reporter.RunFinishedAsync(results, stopwatch.Elapsed);
        var recording = record?.Invoke(results);
        if (reporter is ITestWatchRecordingReporter recordings)
        {
            // Only reporters that name the recorded runs wait for this run's recording (not the token: a Ctrl+C
            // waits for it in the drain anyway); the others watch on while it is stored in the background.
            await recordings.RunRecordedAsync(recording is null ? [] : await recording);
        }
    }

    /// <summary>Whether the saves change what selection stands on; if not, the saved sources' imports are re-read in place.</summary>
    static bool Structural(SelectionContext context, FileChangeBatch batch)
    {
        if (batch.Overflowed)
        {
            return true;
        }

        foreach (var path in batch.Paths)
        {
            var exists = File.Exists(Path.Combine(context.Repository, path));
            var known = context.Builder.Files.Contains(path);
            if (exists != known && !Directory.Exists(Path.Combine(context.Repository, path)))
            {
                return true; // created or deleted
            }

            if (TestSelector.IsConfiguration(Path.GetFileName(path)))
            {
                return true;
            }
        }

        // Re-read the saved sources; a changed package or namespace line needs the whole graph again.
        return !batch.Paths.Where(path => context.Graph.Contains(path)).All(path => context.Builder.Update(context.Graph, path));
    }

    async Task<ChangeSet> ChangesAsync(string directory, bool git, List<string> paths, CancellationToken cancellationToken)
    {
        var found = new List<ChangedFile>();
        string? baseCommit = null;
        if (git && paths.Count > 0)
        {
            var diff = await selection.Changes.WorkingTreeAsync(directory, paths, cancellationToken);
            found.AddRange(diff.Files);
            baseCommit = diff.Base;
        }

        // Saved back to what HEAD has (or outside git): the file changed since the last run all the same.
        foreach (var path in paths.Where(path => found.All(file => file.Path != path)))
        {
            found.Add(new ChangedFile(path, File.Exists(Path.Combine(directory, path)) ? ChangeKind.Modified : ChangeKind.Deleted) { WholeFile = true });
        }

        return new ChangeSet(ChangeSet.Watcher, found) { Base = baseCommit };
    }

    async Task<IReadOnlyDictionary<string, ToolchainReport>> ProbeAsync(
        SelectionContext context, (SelectionContext Context, IReadOnlyDictionary<string, ToolchainReport> Toolchains)? previous, CancellationToken cancellationToken)
    {
        // The same projects as before: their tools did not change.
        if (previous is { } before && before.Context.Detection.Projects.SequenceEqual(context.Detection.Projects, ProjectComparer.Instance))
        {
            return before.Toolchains;
        }

        var reports = await probe.ProbeAllAsync(context.Detection, cancellationToken);
        return reports.Where(report => report.Project is not null).GroupBy(report => report.Project!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
    }

    async Task<bool> InGitAsync(string directory, CancellationToken cancellationToken)
    {
        try
        {
            await selection.Changes.TopLevelAsync(directory, cancellationToken);
            return true;
        }
        catch (LightningException ex) when (ex.Code == "testing.not_a_git_repository")
        {
            return false;
        }
    }

    sealed class ProjectComparer : IEqualityComparer<Detection.DetectedTestProject>
    {
        public static readonly ProjectComparer Instance = new();

        public bool Equals(Detection.DetectedTestProject? x, Detection.DetectedTestProject? y) =>
            x?.Root == y?.Root && x?.Framework == y?.Framework && (x?.Command ?? []).SequenceEqual(y?.Command ?? [], StringComparer.Ordinal);

        public int GetHashCode(Detection.DetectedTestProject obj) => HashCode.Combine(obj.Root, obj.Framework);
    }
}
