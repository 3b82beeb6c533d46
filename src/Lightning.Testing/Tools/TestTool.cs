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
using Lightning.Testing.Generation;
using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Selection;

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
    Flaky.FlakyTestStore flaky,
    TestSelectionService selection,
    TestGenerationService generation) : IAgentTool
{
    const int DefaultMaxFailures = 20;
    const int MaxListedTests = 200;
    static readonly string[] Operations = ["detect", "run", "select", "flaky", "generate"];

    public string Name => "test";

    public string Description =>
        "Find and run the tests of a repository in the workspace (path, default \".\") or a registered one (repository): operation = detect, run, select, flaky (the known flaky and broken tests, with evidence, from history) or generate. "
        + "run: framework?, project? (a detected root), tests? (ids), retries? (default: Lightning:Testing:Retries, per framework), timeoutSeconds? (per project), shards? (split pytest, Jest, go, RSpec, PHPUnit, JUnit 5 and dotnet test projects), order? (\"smart\": recently failed and failure-prone first, then fastest), allowFailures?, maxFailures? (listed, default 20), coverage? (measure it), goals? (\"src/**: 80% lines\"; a miss fails), "
        + "changes? (run only what a git change needs: {base?, head?, mode?: safe|fast}; without base, the working tree against HEAD), "
        + "custom? (a command of yours that writes JUnit XML, TRX, TAP or go test -json, run instead of detected frameworks: {command: [program, args...], directory?, reports?: [globs], preparation?: [[program, args...]], name?}). "
        + "select: base?, head?, mode? (safe: every test the change may affect; fast: ranked by failure history), confidence? — the tests with why each runs. "
        + "generate: file? (one source file), language?, max? (candidates) — tests that compile, pass 5 runs of 5 and add coverage, stored for review (nothing is written until accepted). "
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

        ToolInput.Text(input, "file", errors, required: false);
        ToolInput.Text(input, "language", errors, required: false);
        ToolInput.Number(input, "max", errors);
        ValidateSelection(input, errors);
        Custom(input, errors);
        if (input.TryGetProperty("changes", out var changes) && changes.ValueKind != JsonValueKind.Null)
        {
            if (changes.ValueKind != JsonValueKind.Object)
            {
                errors.Add("'changes' must be an object: {base?, head?, mode?, confidence?}.");
            }
            else
            {
                ValidateSelection(changes, errors);
            }
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
                "select" => ToolResult.Success(Json(Shown(await SelectAsync(target, invocation.Input, cancellationToken)))),
                "generate" => await GenerateAsync(invocation, target, cancellationToken),
                _ when invocation.Input.TryGetProperty("changes", out var changes) && changes.ValueKind == JsonValueKind.Object
                    => await RunSelectedAsync(invocation, target, changes, cancellationToken),
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
        var details = await RunOneAsync(invocation, Template(invocation, target), cancellationToken);
        return Conclude(invocation.Input, [details], selected: null);
    }

    /// <summary>
    /// <c>run</c> with <c>changes</c>: selects what the change needs, then runs it (one run per project with selected
    /// tests, or one of everything when some change's impact is unknown); nothing affected runs nothing and succeeds.
    /// </summary>
    async Task<ToolResult> RunSelectedAsync(ToolCall invocation, TestTarget target, JsonElement changes, CancellationToken cancellationToken)
    {
        var ignored = new List<string>();
        if (ToolInput.Text(invocation.Input, "project", ignored, required: false) is not null
            || ToolInput.Text(invocation.Input, "framework", ignored, required: false) is not null
            || (ToolInput.StringList(invocation.Input, "tests", ignored, required: false) ?? []).Count > 0)
        {
            return ToolResult.Failure("'changes' chooses the projects and tests itself: leave out project, framework and tests.", retryable: false);
        }

        var chosen = await SelectAsync(target, changes, cancellationToken);
        var all = new List<TestRunDetails>();
        foreach (var start in SelectionRunPlan.Plan(chosen, Template(invocation, target)))
        {
            all.Add(await RunOneAsync(invocation, start, cancellationToken));
        }

        return Conclude(invocation.Input, all, chosen);
    }

    /// <summary>The <c>custom</c> input as the custom runner's command; null when absent or malformed (the error says why).</summary>
    static Runners.CustomTestCommand? Custom(JsonElement input, List<string> errors)
    {
        if (!input.TryGetProperty("custom", out var custom) || custom.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        const string Shape = "'custom' must be an object: {command: [program, args...], directory?, reports?: [globs], preparation?: [[program, args...]], name?}.";
        if (custom.ValueKind != JsonValueKind.Object || !custom.TryGetProperty("command", out var command) || command.ValueKind != JsonValueKind.Array
            || command.GetArrayLength() == 0 || command.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(a.GetString())))
        {
            errors.Add(Shape);
            return null;
        }

        try
        {
            return custom.Deserialize<Runners.CustomTestCommand>(LightningJson.Options) ?? throw new JsonException();
        }
        catch (JsonException)
        {
            errors.Add(Shape);
            return null;
        }
    }

    static TestRunStart Template(ToolCall invocation, TestTarget target)
    {
        var input = invocation.Input;
        var ignored = new List<string>();
        var timeout = ToolInput.Number(input, "timeoutSeconds", ignored) is { } seconds ? TimeSpan.FromSeconds(seconds) : invocation.Timeout;
        return new TestRunStart(target)
        {
            Project = ToolInput.Text(input, "project", ignored, required: false),
            Framework = ToolInput.Text(input, "framework", ignored, required: false),
            Tests = ToolInput.StringList(input, "tests", ignored, required: false) ?? [],
            Retries = ToolInput.Number(input, "retries", ignored),
            Coverage = ToolInput.Bool(input, "coverage", ignored),
            CoverageGoals = ToolInput.StringList(input, "goals", ignored, required: false) ?? [],
            Shards = ToolInput.Number(input, "shards", ignored) ?? 1,
            Order = ToolInput.Text(input, "order", ignored, required: false),
            Custom = Custom(input, ignored),
            Timeout = timeout is { } t && t > TestRunService.MaxTimeout ? TestRunService.MaxTimeout : timeout,
            Trigger = invocation.Collaboration is null ? TestRunTriggers.Agent : TestRunTriggers.Collaboration,
            RequestedBy = invocation.Agent,
        };
    }

    async Task<TestRunDetails> RunOneAsync(ToolCall invocation, TestRunStart start, CancellationToken cancellationToken)
    {
        var started = await runs.StartAsync(start, cancellationToken);
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

        return await runs.Store.GetAsync(started.Id, outcome: null, cancellationToken) ?? throw TestHistoryStore.NotFound(started.Id);
    }

    /// <summary>The step's result: one run's totals and failures (as before), or, for several runs, their sum and each run's line.</summary>
    static ToolResult Conclude(JsonElement input, List<TestRunDetails> all, TestSelection? selected)
    {
        var ignored = new List<string>();
        var maxFailures = ToolInput.Number(input, "maxFailures", ignored) ?? DefaultMaxFailures;
        var failures = all.SelectMany(details => details.Results).Where(r => r.Outcome is TestOutcome.Failed or TestOutcome.Errored).ToList();
        var failed = all.Where(details => details.Run.Status != TestRunStatus.Passed).ToList();
        var listedFailures = failures.Take(maxFailures).Select(f => new { id = f.Id, project = f.Project, framework = f.Framework, outcome = f.Outcome, message = f.FailureMessage, file = f.File, line = f.Line });
        object output;
        if (all.Count == 1 && selected is null)
        {
            var details = all[0];
            var run = details.Run;
            output = new
            {
                runId = run.Id,
                status = run.Status,
                repository = run.Repository,
                commitSha = run.CommitSha,
                totals = run.Totals,
                duration = run.Duration,
                error = run.Error,
                projects = details.Projects,
                failures = listedFailures,
                failuresNotListed = Math.Max(0, failures.Count - maxFailures),
                flaky = details.Results.Where(r => r.Outcome == TestOutcome.Flaky).Select(r => r.Id),
                coverage = details.Coverage is { } measured
                    ? new { totals = measured.Totals, files = measured.Files, goalsPassed = measured.Goals?.Passed, goals = measured.Goals?.Goals.Select(g => g.Message), unavailable = measured.Unavailable }
                    : null,
            };
        }
        else
        {
            output = new
            {
                status = all.Count == 0 ? "nothing-affected" : failed.Count == 0 ? "passed" : "failed",
                selection = selected is null ? null : Shown(selected),
                runs = all.Select(details => new { runId = details.Run.Id, status = details.Run.Status, project = details.Run.Project, totals = details.Run.Totals, error = details.Run.Error }),
                totals = all.Aggregate(TestTotals.Empty, (sum, details) => sum.Add(details.Run.Totals)),
                failures = listedFailures,
                failuresNotListed = Math.Max(0, failures.Count - maxFailures),
                flaky = all.SelectMany(d => d.Results).Where(r => r.Outcome == TestOutcome.Flaky).Select(r => r.Id),
            };
        }

        var json = Json(output);
        if (failed.Count == 0 || (failed.TrueForAll(d => d.Run.Status == TestRunStatus.Failed) && ToolInput.Bool(input, "allowFailures", ignored)))
        {
            return ToolResult.Success(json);
        }

        var summaries = failed.Select(details =>
        {
            var run = details.Run;
            var runFailures = details.Results.Where(r => r.Outcome is TestOutcome.Failed or TestOutcome.Errored).ToList();
            return run.Status switch
            {
                // Tests passed but a coverage goal was missed: the error says which.
                TestRunStatus.Failed when runFailures.Count == 0 && run.Error is not null => $"The test run failed: {run.Error}",
                TestRunStatus.Failed => $"{run.Totals.Failed + run.Totals.Errored} of {run.Totals.Total} tests failed"
                    + (runFailures.Count > 0 ? $": {string.Join(", ", runFailures.Take(5).Select(f => f.Id))}{(runFailures.Count > 5 ? ", ..." : string.Empty)}" : string.Empty)
                    + (run.Error is null ? "." : $". {run.Error}"),
                _ => $"The test run {run.Status.ToName()}: {run.Error ?? "no detail."}",
            };
        });
        return ToolResult.Failure(string.Join(" ", summaries), json, retryable: false);
    }

    async Task<TestSelection> SelectAsync(TestTarget target, JsonElement input, CancellationToken cancellationToken)
    {
        var ignored = new List<string>();
        var mode = ToolInput.Text(input, "mode", ignored, required: false) is { } name && Enum.TryParse<SelectionMode>(name, ignoreCase: true, out var parsed)
            ? parsed : SelectionMode.Safe;
        var request = new SelectionRequest(target.FullPath)
        {
            Base = ToolInput.Text(input, "base", ignored, required: false),
            Head = ToolInput.Text(input, "head", ignored, required: false),
            Mode = mode,
            Confidence = ToolInput.Fraction(input, "confidence", ignored) ?? SelectionRequest.DefaultConfidence,
            HistoryName = target.Repository,
        };
        TestSelectionService.Validate(request);
        return await selection.SelectAsync(request, cancellationToken);
    }

    /// <summary>A selection as the step shows it: every test with its reasons (up to 200), what made it run everything, and notes.</summary>
    static object Shown(TestSelection chosen) => new
    {
        mode = chosen.Mode.ToString().ToLowerInvariant(),
        runAll = chosen.RunAll,
        fallbacks = chosen.Fallbacks,
        changedFiles = chosen.Changes.Files.Select(file => file.Path),
        tests = chosen.Tests.Take(MaxListedTests).Select(test => new { project = test.Project, framework = test.Framework, id = test.Id, reasons = test.Reasons }),
        testsNotListed = Math.Max(0, chosen.Tests.Count - MaxListedTests),
        dropped = chosen.Dropped.Count,
        projects = chosen.Projects,
        notes = chosen.Notes,
    };

    /// <summary>Generates tests and stores them for review; the step's output is the report and the batch to accept or reject.</summary>
    async Task<ToolResult> GenerateAsync(ToolCall invocation, TestTarget target, CancellationToken cancellationToken)
    {
        var ignored = new List<string>();
        var input = invocation.Input;
        var queued = await generation.StartAsync(target, ToolInput.Text(input, "file", ignored, required: false), ToolInput.Text(input, "language", ignored, required: false),
            ToolInput.Number(input, "max", ignored), invocation.Agent, useModel: true, cancellationToken);
        await generation.WaitAsync(queued.Id, cancellationToken);
        var batch = await generation.GetAsync(queued.Id, cancellationToken) ?? throw new LightningException(ErrorKind.NotFound, "testing.generation_not_found", $"Generation batch {queued.Id} is gone.");
        if (batch.Report is not { } report)
        {
            return ToolResult.Failure($"Test generation {batch.Status.ToString().ToLowerInvariant()}: {batch.Error ?? "no report."}", Json(new { batchId = batch.Id, status = batch.Status }), retryable: false);
        }

        return ToolResult.Success(Json(new
        {
            batchId = batch.Id,
            status = batch.Status,
            review = $"Kept tests wait for review: POST /api/v2/testing/generate/{batch.Id}/accept writes them, /reject drops them.",
            language = report.Language,
            framework = report.Framework,
            tried = report.Tried,
            compiled = report.Compiled,
            passedFiveOfFive = report.PassedRuns,
            addedCoverage = report.AddedCoverage,
            coveredLinesBefore = report.CoveredBefore,
            coveredLinesAfter = report.CoveredAfter,
            coverableLines = report.CoverableLines,
            kept = report.Candidates.Where(c => c.Status == CandidateStatus.Kept).Select(c => new { id = c.Id, name = c.Name, target = c.Target }),
            notes = report.Notes,
        }));
    }

    static void ValidateSelection(JsonElement input, List<string> errors)
    {
        ToolInput.Text(input, "base", errors, required: false);
        if (ToolInput.Text(input, "head", errors, required: false) is not null && ToolInput.Text(input, "base", [], required: false) is null)
        {
            errors.Add("'head' needs a 'base' to compare it with.");
        }

        if (ToolInput.Text(input, "mode", errors, required: false) is { } mode && !Enum.TryParse<SelectionMode>(mode, ignoreCase: true, out _))
        {
            errors.Add($"Unknown mode '{mode}': use safe (every affected test) or fast (ranked, cut at the confidence).");
        }

        if (ToolInput.Fraction(input, "confidence", errors) is { } confidence && (double.IsNaN(confidence) || confidence <= 0 || confidence > 1))
        {
            errors.Add("'confidence' is a number above 0 and at most 1.");
        }
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
