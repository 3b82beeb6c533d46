using System.Text.Json;
using Lightning.Agents.Actions;
using Lightning.Agents.Registry;
using Lightning.Agents.Tools;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;
using Lightning.Core.Workspaces;
using Lightning.Git.Registry;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.History;
using Lightning.Testing.Results;

namespace Lightning.Testing.Tools;

/// <summary>
/// The test tool agent: lets a collaboration find the test projects of a repository and run them. It works on a
/// directory of the agent's (or the collaboration's shared) workspace, or on a repository registered by name. A run
/// goes through <see cref="TestRunService"/>, so it is queued, streamed and kept in history like any other; the result
/// is the totals and the failures. Failing tests fail the step (not retried: the same tests would fail again) unless
/// <c>allowFailures</c> is set.
/// </summary>
public sealed class TestTool(
    ActionExecutor executor,
    GitRepositoryRegistry registry,
    TestRunService runs,
    ToolchainProbe toolchains,
    Flaky.FlakyTestStore flaky) : IAgentTool
{
    const int DefaultMaxFailures = 20;
    static readonly string[] Operations = ["detect", "run", "flaky"];

    public string Name => "test";

    public string Description =>
        "Find and run the tests of a repository in the workspace (path, default \".\") or a registered one (repository): operation = detect, run or flaky (the known flaky and broken tests, with evidence, from history). "
        + "run: framework?, project? (a detected root), tests? (ids), retries?, timeoutSeconds? (per project), shards? (split pytest projects), order? (\"smart\": recently failed and failure-prone first, then fastest), allowFailures?, maxFailures? (listed, default 20), coverage? (measure it), goals? (\"src/**: 80% lines\"; a miss fails). "
        + "Frameworks: " + string.Join(", ", TestFrameworks.SupportedNames) + ".";

    public string? Capability => Capabilities.Testing;

    public IReadOnlyList<string> Validate(JsonElement input)
    {
        var errors = new List<string>();
        if (!ToolInput.IsObject(input, errors, Name))
        {
            return errors;
        }

        var operation = ToolInput.Text(input, "operation", errors, required: true);
        if (operation is not null && !Operations.Contains(operation, StringComparer.Ordinal))
        {
            errors.Add($"'operation' must be one of: {string.Join(", ", Operations)}.");
        }

        ToolInput.Text(input, "path", errors, required: false);
        ToolInput.Text(input, "repository", errors, required: false);
        ToolInput.Text(input, "project", errors, required: false);
        ToolInput.StringList(input, "tests", errors, required: false);
        ToolInput.Bool(input, "allowFailures", errors);
        ToolInput.Bool(input, "coverage", errors);
        ToolInput.StringList(input, "goals", errors, required: false);
        if (ToolInput.Text(input, "framework", errors, required: false) is { } framework)
        {
            try
            {
                TestFrameworks.ParseSupported(framework);
            }
            catch (LightningException ex)
            {
                errors.Add(ex.Message);
            }
        }

        if (ToolInput.Number(input, "retries", errors) is { } retries && retries is < 0 or > TestRunService.MaxRetries)
        {
            errors.Add($"'retries' must be between 0 and {TestRunService.MaxRetries}.");
        }

        if (ToolInput.Number(input, "shards", errors) is { } shards && shards is < 1 or > Parallel.ShardPlanner.MaxShards)
        {
            errors.Add($"'shards' must be between 1 and {Parallel.ShardPlanner.MaxShards}.");
        }

        if (!Runners.TestRunOrder.IsValid(ToolInput.Text(input, "order", errors, required: false)))
        {
            errors.Add("'order' is \"smart\" or \"default\".");
        }

        if (ToolInput.Number(input, "timeoutSeconds", errors) is { } timeout && (timeout < 1 || timeout > TestRunService.MaxTimeout.TotalSeconds))
        {
            errors.Add($"'timeoutSeconds' must be between 1 and {TestRunService.MaxTimeout.TotalSeconds:0}.");
        }

        if (ToolInput.Number(input, "maxFailures", errors) is { } max && max is < 0 or > 1000)
        {
            errors.Add("'maxFailures' must be between 0 and 1000.");
        }

        return errors;
    }

    public async Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var errors = Validate(invocation.Input);
        if (errors.Count > 0)
        {
            return ToolResult.Failure(string.Join(" ", errors), retryable: false);
        }

        try
        {
            var target = await TargetAsync(invocation, cancellationToken);
            var ignored = new List<string>();
            return ToolInput.Text(invocation.Input, "operation", ignored, required: false) switch
            {
                "detect" => ToolResult.Success(Json(await DetectAsync(target, cancellationToken))),
                "flaky" => ToolResult.Success(Json(await FlakyAsync(target, cancellationToken))),
                _ => await RunTestsAsync(invocation, target, cancellationToken),
            };
        }
        catch (LightningException ex) when (ex.Kind is not (ErrorKind.Unavailable or ErrorKind.RateLimited or ErrorKind.Upstream))
        {
            return ToolResult.Failure(ex.Message, retryable: false);
        }
    }

    /// <summary>What history says: flaky tests (never hidden, quarantined or not) and broken ones, with a summary and the evidence.</summary>
    async Task<object> FlakyAsync(TestTarget target, CancellationToken cancellationToken)
    {
        var verdicts = await flaky.ListAsync(target.Repository, null, 200, cancellationToken);
        object Shown(Flaky.FlakyVerdict v) => new
        {
            id = v.Id, kind = Flaky.FlakyAnalyzer.KindName(v.Kind), score = v.Score, quarantined = v.Quarantined, summary = v.Summary,
            evidence = v.Evidence.Select(e => e.Detail),
        };
        return new
        {
            repository = target.Repository,
            flaky = verdicts.Where(v => v.Status == Flaky.FlakyStatus.Flaky).Select(Shown),
            broken = verdicts.Where(v => v.Status == Flaky.FlakyStatus.Broken).Select(Shown),
            inconclusive = verdicts.Where(v => v.Status == Flaky.FlakyStatus.Inconclusive).Select(v => v.Id),
        };
    }

    async Task<object> DetectAsync(TestTarget target, CancellationToken cancellationToken)
    {
        var report = await runs.DetectAsync(target, cancellationToken);
        var probes = await toolchains.ProbeAllAsync(report, cancellationToken);
        return new
        {
            repository = target.Repository,
            projects = report.Projects.Select(project =>
            {
                var probe = probes.FirstOrDefault(p => p.Framework == project.Framework && string.Equals(p.Project, project.Root, StringComparison.Ordinal))
                    ?? probes.FirstOrDefault(p => p.Framework == project.Framework);
                return new
                {
                    root = project.Root,
                    framework = TestFrameworks.NameOf(project.Framework),
                    name = project.Name,
                    variant = project.Variant,
                    supported = project.Supported,
                    note = project.Note,
                    testFileCount = project.TestFileCount,
                    command = project.Command,
                    ready = probe?.Ready ?? false,
                    missing = probe?.Missing.Select(tool => new { tool.Tool, tool.Package, tool.Install }) ?? [],
                };
            }),
            warnings = report.Warnings,
        };
    }

    async Task<ToolResult> RunTestsAsync(ToolCall invocation, TestTarget target, CancellationToken cancellationToken)
    {
        var input = invocation.Input;
        var ignored = new List<string>();
        var timeout = ToolInput.Number(input, "timeoutSeconds", ignored) is { } seconds ? TimeSpan.FromSeconds(seconds) : invocation.Timeout;
        var started = await runs.StartAsync(new TestRunStart(target)
        {
            Project = ToolInput.Text(input, "project", ignored, required: false),
            Framework = ToolInput.Text(input, "framework", ignored, required: false),
            Tests = ToolInput.StringList(input, "tests", ignored, required: false) ?? [],
            Retries = ToolInput.Number(input, "retries", ignored) ?? 0,
            Coverage = ToolInput.Bool(input, "coverage", ignored),
            CoverageGoals = ToolInput.StringList(input, "goals", ignored, required: false) ?? [],
            Shards = ToolInput.Number(input, "shards", ignored) ?? 1,
            Order = ToolInput.Text(input, "order", ignored, required: false),
            Timeout = timeout is { } t && t > TestRunService.MaxTimeout ? TestRunService.MaxTimeout : timeout,
            Trigger = invocation.Collaboration is null ? TestRunTriggers.Agent : TestRunTriggers.Collaboration,
            RequestedBy = invocation.Agent,
        }, cancellationToken);
        try
        {
            await runs.WaitAsync(started.Id, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The step was cancelled or timed out: the run goes too, and history says so.
            await runs.CancelAsync(started.Id, invocation.Agent, CancellationToken.None);
            throw;
        }

        var details = await runs.Store.GetAsync(started.Id, outcome: null, cancellationToken) ?? throw TestHistoryStore.NotFound(started.Id);
        var maxFailures = ToolInput.Number(input, "maxFailures", ignored) ?? DefaultMaxFailures;
        var failures = details.Results.Where(r => r.Outcome is TestOutcome.Failed or TestOutcome.Errored).ToList();
        var run = details.Run;
        var output = Json(new
        {
            runId = run.Id,
            status = run.Status,
            repository = run.Repository,
            commitSha = run.CommitSha,
            totals = run.Totals,
            duration = run.Duration,
            error = run.Error,
            projects = details.Projects,
            failures = failures.Take(maxFailures).Select(f => new { id = f.Id, project = f.Project, framework = f.Framework, outcome = f.Outcome, message = f.FailureMessage, file = f.File, line = f.Line }),
            failuresNotListed = Math.Max(0, failures.Count - maxFailures),
            flaky = details.Results.Where(r => r.Outcome == TestOutcome.Flaky).Select(r => r.Id),
            coverage = details.Coverage is { } measured
                ? new { totals = measured.Totals, files = measured.Files, goalsPassed = measured.Goals?.Passed, goals = measured.Goals?.Goals.Select(g => g.Message), unavailable = measured.Unavailable }
                : null,
        });
        if (run.Status == TestRunStatus.Passed || (run.Status == TestRunStatus.Failed && ToolInput.Bool(input, "allowFailures", ignored)))
        {
            return ToolResult.Success(output);
        }

        var summary = run.Status switch
        {
            // Tests passed but a coverage goal was missed: the error says which.
            TestRunStatus.Failed when failures.Count == 0 && run.Error is not null => $"The test run failed: {run.Error}",
            TestRunStatus.Failed => $"{run.Totals.Failed + run.Totals.Errored} of {run.Totals.Total} tests failed"
                + (failures.Count > 0 ? $": {string.Join(", ", failures.Take(5).Select(f => f.Id))}{(failures.Count > 5 ? ", ..." : string.Empty)}" : string.Empty)
                + (run.Error is null ? "." : $". {run.Error}"),
            _ => $"The test run {run.Status.ToName()}: {run.Error ?? "no detail."}",
        };
        return ToolResult.Failure(summary, output, retryable: false);
    }

    async Task<TestTarget> TargetAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        var ignored = new List<string>();
        var path = ToolInput.Text(invocation.Input, "path", ignored, required: false);
        if (ToolInput.Text(invocation.Input, "repository", ignored, required: false) is { } name)
        {
            var repository = await registry.GetAsync(name, cancellationToken);
            var inside = new Workspace(repository.Path);
            return new TestTarget(inside, string.IsNullOrWhiteSpace(path) ? "." : inside.Relative(inside.Resolve(path)), repository.Name);
        }

        var workspace = invocation is { SharedWorkspace: true, Collaboration: { } collaboration }
            ? executor.SharedWorkspaceOf(collaboration)
            : executor.WorkspaceOf(invocation.Agent);
        var directory = workspace.Resolve(string.IsNullOrWhiteSpace(path) ? "." : path);
        var relative = workspace.Relative(directory);
        // History names the directory by where it is in the workspace, prefixed by whose workspace it is.
        var owner = invocation is { SharedWorkspace: true, Collaboration: { } shared } ? $"collaboration:{shared}" : $"agent:{invocation.Agent}";
        return new TestTarget(workspace, relative, relative == "." ? owner : $"{owner}/{relative}");
    }

    static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value, LightningJson.Options);
}
