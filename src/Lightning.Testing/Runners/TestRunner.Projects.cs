using System.Globalization;
using Lightning.Core.Errors;
using Lightning.Core.Processes;
using Lightning.Testing.Detection;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners.Custom;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners;

public sealed partial class TestRunner
{
    /// <summary>Everything one project's run accumulates across its passes.</summary>
    sealed class ProjectRun(LiveRun live, BoundedText stdout, BoundedText stderr, TimeSpan timeout, long deadline)
    {
        public TimeSpan Timeout { get; } = timeout;
        public LiveRun Live { get; } = live;
        public BoundedText Stdout { get; } = stdout;
        public BoundedText Stderr { get; } = stderr;
        public long Deadline { get; } = deadline;
        public List<TestRunMessage> Messages { get; } = [];
    }

    /// <summary>One detected project, events tagged with its root; <see cref="Parallel.ParallelTestRunner"/> calls it per project and per shard.</summary>
    internal async Task<ProjectRunResult> RunProjectAsync(
        TestDetectionReport detection, DetectedTestProject project, TestRunRequest request, Func<string, TestEvent, ValueTask>? onEvent,
        CancellationToken cancellationToken)
    {
        var name = TestFrameworks.NameOf(project.Framework);
        var live = new LiveRun(testEvent => onEvent is null ? ValueTask.CompletedTask : onEvent(project.Root, testEvent), _time);
        var timeout = request.Timeout ?? TimeSpan.FromSeconds(_options.TimeoutSeconds);
        var run = new ProjectRun(live, new BoundedText(_options.MaxKeptOutputChars), new BoundedText(_options.MaxKeptOutputChars), timeout,
            _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency));
        await live.StartRunAsync(project.Root, name);
        Log.ProjectStarted(_logger, project.Root, name, detection.Repository);

        if (!project.Supported || !_adapters.TryGetValue(project.Framework, out var adapter))
        {
            return await EndAsync(project, run, null, exitCode: null, timedOut: false,
                project.Note ?? TestFrameworks.NotSupportedNote(project.Framework));
        }

        var directory = project.Root == "." ? detection.FullPath : Path.Combine(detection.FullPath, project.Root);
        var searchPath = _toolchains.EffectiveSearchPath;
        var toolchain = project.Framework == TestFramework.Custom
            ? CustomAdapter.Toolchain(project, directory, searchPath)
            : request.Toolchains?.GetValueOrDefault(project.Root) ?? await _probe.ProbeAsync(detection, project, cancellationToken);
        if (!toolchain.Ready)
        {
            return await EndAsync(project, run, null, null, false, NotReadyMessage(toolchain));
        }

        var scratch = CreateScratch();
        try
        {
            var context = new ProjectContext(project, directory, toolchain, searchPath, scratch) { Prebuilt = request.Prebuilt };
            if (adapter.MissingTool(context) is { } missing)
            {
                return await EndAsync(project, run, null, null, false, missing);
            }

            foreach (var step in project.Preparation)
            {
                var failed = await PrepareAsync(context, adapter.Preparation(context, step), run, cancellationToken);
                if (failed is not null)
                {
                    return failed;
                }
            }

            var selectors = request.Tests.Select(test => adapter.SelectorFor(context, test)).Distinct(StringComparer.Ordinal).ToList();
            // Coverage: the first pass runs under the project's coverage tool; retries run as usual.
            var measuring = request.Coverage ? await StartCoverageAsync(adapter, context, request.PerTestCoverageDirectory, cancellationToken) : null;
            var history = request.Order == TestRunOrder.Smart ? request.OrderedTests?.Where(test => test.Project == project.Root).ToList() ?? [] : [];
            var order = adapter.CanOrder ? history : [];
            // A framework that takes no order but filters (dotnet) runs a smart order as two invocations, failure-prone tests first.
            var split = request.Order == TestRunOrder.Smart && adapter.SplitsOrder ? PlanSplit(adapter, context, history, selectors, measuring?.Context is not null) : null;
            var firstPass = new RunPass(measuring?.Context ?? context, 1, selectors, PassDirectory(scratch, 1))
            {
                Order = order,
                ShuffleSeed = request.ShuffleSeed,
                OneAtATime = request.OneAtATime,
            };
            var first = split is { First.Count: > 0 }
                ? await RunSplitAsync(adapter, firstPass, split, run, cancellationToken)
                : await RunPassAsync(adapter, firstPass, run, cancellationToken);
            var coverage = measuring is null ? null : await FinishCoverageAsync(adapter, measuring, first, detection.FullPath, run, cancellationToken);
            if (first.Error is not null && first.Report is null)
            {
                return await EndAsync(project, run, null, first.Process?.ExitCode, first.TimedOut, first.Error, coverage);
            }

            var report = first.Report!;
            var timedOut = first.TimedOut;
            var retries = request.RetriesFor(project.Framework);
            if (retries > 0 && first.Error is null && adapter.CanSelect)
            {
                (report, timedOut) = await RetryAsync(adapter, context, report, retries, request.RetryReason, run, cancellationToken);
            }

            if (request.Order == TestRunOrder.Smart)
            {
                report = report with { Messages = [.. report.Messages, new TestRunMessage("Informational", split?.Note ?? OrderNote(adapter, project, order), null, null)] };
            }

            return await EndAsync(project, run, report, first.Process?.ExitCode, timedOut,
                first.Error ?? (timedOut ? TimedOutMessage(project, timeout) : null), coverage);
        }
        finally
        {
            DeleteScratch(scratch);
        }
    }

    /// <summary>One run of a test process and its report, or why there is none.</summary>
    sealed record PassOutcome(ProcessResult? Process, TestRun? Report, bool TimedOut, string? Error);

    async Task<PassOutcome> RunPassAsync(
        FrameworkAdapter adapter, RunPass pass, ProjectRun run, CancellationToken cancellationToken, IReadOnlySet<string>? retrying = null)
    {
        Directory.CreateDirectory(pass.Scratch);
        run.Live.BeginPass(pass.Attempt, retrying);
        ProcessResult? process;
        try
        {
            var plan = await adapter.PlanAsync(pass, cancellationToken);
            if (plan.FollowsEventsFile)
            {
                // Created before the process starts, so the tail can open it at once and plugins only ever append.
                await File.WriteAllBytesAsync(pass.EventsFile, [], cancellationToken);
            }

            var capture = new PassCapture(
                plan.FollowsEventsFile ? pass.EventsFile : null,
                plan.StdoutCopy,
                plan.CopyStderr,
                plan.KeepStdout ? run.Stdout : null,
                run.Stderr);
            process = await RunProcessAsync(pass.Context, plan.Command, plan.Environment, adapter.CreateTranslator(pass, run.Live), run, capture, cancellationToken);
        }
        catch (Exception ex) when (ex is LightningException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // The program would not start (not executable, a broken interpreter line), or its plugin could not be made.
            return new PassOutcome(null, null, TimedOut: false, $"{Display(pass.Context.Project)} could not run: {ex.Message}");
        }

        if (process is null)
        {
            return new PassOutcome(null, null, TimedOut: true, TimedOutMessage(pass.Context.Project, run.Timeout));
        }

        await ThrowIfCancelledAsync(process, run, cancellationToken);
        TestRun? report = null;
        string? error = null;
        try
        {
            report = await adapter.ReadReportAsync(pass, _reports, cancellationToken);
        }
        catch (LightningException ex)
        {
            // Malformed or unknown reports: the message names the file (and line).
            error = ex.Message;
        }

        var timedOut = process.Outcome == ProcessOutcome.TimedOut;
        // A killed process explains a missing or broken report better than the report can.
        var killed = process.Outcome switch
        {
            ProcessOutcome.TimedOut => TimedOutMessage(pass.Context.Project, run.Timeout),
            ProcessOutcome.OutputLimitExceeded => string.Create(CultureInfo.InvariantCulture,
                $"{Display(pass.Context.Project)} wrote more than {_options.MaxProcessOutputBytes} bytes of output: the process tree was killed."),
            _ => null,
        };
        error = killed ?? error ?? (report is null ? NoReportMessage(adapter, pass.Context, process, run) : null);
        return new PassOutcome(process, report, timedOut, error);
    }

    /// <summary>A preparation step (a compiler); a result to end the project with when it failed, else null.</summary>
    async Task<ProjectRunResult?> PrepareAsync(ProjectContext context, IReadOnlyList<string> step, ProjectRun run, CancellationToken cancellationToken)
    {
        var capture = new PassCapture(null, null, false, run.Stdout, run.Stderr);
        ProcessResult? process;
        try
        {
            process = await RunProcessAsync(context, step, new Dictionary<string, string>(StringComparer.Ordinal), new SilentTranslator(), run, capture, cancellationToken);
        }
        catch (LightningException ex)
        {
            return await EndAsync(context.Project, run, null, null, false, $"Preparing {Display(context.Project)} failed: {ex.Message}");
        }

        if (process is not null)
        {
            await ThrowIfCancelledAsync(process, run, cancellationToken);
        }

        if (process is null || process.Outcome == ProcessOutcome.TimedOut)
        {
            return await EndAsync(context.Project, run, null, null, true, TimedOutMessage(context.Project, run.Timeout) + $" (while preparing: {Quote(step)})");
        }

        if (process.Succeeded)
        {
            return null;
        }

        var why = process.ExitCode is { } code ? $"exited with code {code}" : $"was stopped ({process.Outcome})";
        return await EndAsync(context.Project, run, null, null, false,
            $"Preparing {Display(context.Project)} failed: {Quote(step)} {why}: {LastLines(process.Output)}");
    }

    /// <summary>Runs a process in the project's directory until the project's deadline; null when the deadline has already passed.</summary>
    async Task<ProcessResult?> RunProcessAsync(
        ProjectContext context, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, LiveTranslator translator,
        ProjectRun run, PassCapture capture, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        var remaining = TimeSpan.FromSeconds((run.Deadline - _time.GetTimestamp()) / (double)_time.TimestampFrequency);
        if (remaining <= TimeSpan.Zero)
        {
            return null;
        }

        var variables = new Dictionary<string, string>(context.Environment ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        variables["PATH"] = context.SearchPath;
        var spec = new ProcessSpec(command[0], command.Skip(1).ToList())
        {
            WorkingDirectory = workingDirectory ?? context.Directory,
            Environment = variables,
            Timeout = remaining,
            MaxOutputBytes = _options.MaxProcessOutputBytes,
        };
        var result = await PassExecution.RunAsync(_processes, spec, translator, run.Live, capture, cancellationToken);
        if (result.Outcome == ProcessOutcome.TimedOut)
        {
            Log.ProjectTimedOut(_logger, context.Project.Root, command[0]);
        }

        return result;
    }

    /// <summary>A cancelled run still finishes its stream (what ran so far), then throws like any cancelled operation.</summary>
    async Task ThrowIfCancelledAsync(ProcessResult process, ProjectRun run, CancellationToken cancellationToken)
    {
        if (process.Outcome != ProcessOutcome.Cancelled && !cancellationToken.IsCancellationRequested)
        {
            return;
        }

        var partial = run.Live.Assembled with { Messages = [new TestRunMessage("error", "The run was cancelled: the process tree was killed.", _time.GetUtcNow(), null)] };
        await run.Live.FinishRunAsync(partial);
        throw new OperationCanceledException("The test run was cancelled.", cancellationToken);
    }

    async Task<ProjectRunResult> EndAsync(
        DetectedTestProject project, ProjectRun run, TestRun? report, int? exitCode, bool timedOut, string? error, Coverage.Runs.ProjectCoverage? coverage = null)
    {
        var result = report ?? run.Live.Assembled;
        var messages = error is null ? run.Messages : [.. run.Messages, new TestRunMessage("error", error, _time.GetUtcNow(), null)];
        result = result with
        {
            Name = project.Root,
            Framework = TestFrameworks.NameOf(project.Framework),
            Stdout = ReportValues.Append(report?.Stdout, run.Stdout.ToStringOrNull()),
            Stderr = ReportValues.Append(report?.Stderr, run.Stderr.ToStringOrNull()),
            Messages = [.. (report?.Messages ?? []), .. messages],
        };
        await run.Live.FinishRunAsync(result);
        Log.ProjectFinished(_logger, project.Root, result.Totals.Passed, result.Totals.Failed + result.Totals.Errored, result.Totals.Flaky, error);
        return new ProjectRunResult(project, result, exitCode, timedOut, error) { Coverage = coverage };
    }

    static string NotReadyMessage(Detection.Toolchains.ToolchainReport toolchain)
    {
        try
        {
            toolchain.ThrowIfNotReady();
            return "The toolchain is not ready.";
        }
        catch (LightningException ex)
        {
            return ex.Message;
        }
    }

    static string TimedOutMessage(DetectedTestProject project, TimeSpan timeout) =>
        $"{Display(project)} timed out: it did not finish within {timeout.ToString("c", CultureInfo.InvariantCulture)}, so its process tree was killed.";

    static string NoReportMessage(FrameworkAdapter adapter, ProjectContext context, ProcessResult process, ProjectRun run)
    {
        var stdout = run.Stdout.ToStringOrNull();
        var output = run.Stderr.ToStringOrNull() is { Length: > 0 } stderr ? stderr : stdout ?? process.Output;
        // The adapter may tell why from either stream (dotnet's build errors are on stdout, after which stderr may hold more).
        var why = adapter.WhyNoReport(context, string.Join('\n', stdout ?? process.Output, run.Stderr.ToStringOrNull() ?? string.Empty));
        return $"{Display(context.Project)} wrote no report (exit code {process.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}): {why ?? LastLines(output)}";
    }

    static string Display(DetectedTestProject project) =>
        $"{TestFrameworks.Info(project.Framework).DisplayName} in '{project.Root}'";

    static string Quote(IReadOnlyList<string> command) => string.Join(' ', command.Select(part => part.Contains(' ', StringComparison.Ordinal) ? $"\"{part}\"" : part));

    /// <summary>The end of some output, where errors are, on one line.</summary>
    static string LastLines(string? output)
    {
        var lines = (output ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return "it wrote nothing.";
        }

        var text = string.Join(" | ", lines.TakeLast(5));
        return text.Length > 600 ? "..." + text[^600..] : text;
    }

    string CreateScratch()
    {
        var root = _options.ScratchDirectory ?? Path.GetTempPath();
        var path = Path.Combine(root, "lightning-run-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    static string PassDirectory(string scratch, int attempt) => Path.Combine(scratch, "pass-" + attempt.ToString(CultureInfo.InvariantCulture));

    static void DeleteScratch(string scratch)
    {
        try
        {
            Directory.Delete(scratch, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still hold a file for a moment; the system's temp cleaning gets it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
