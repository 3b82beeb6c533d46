using System.Globalization;
using System.Text;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Lightning.Testing.Coverage.Goals;
using Lightning.Testing.Coverage.Reports;
using Lightning.Testing.Coverage.Sources;
using Lightning.Testing.Coverage.Suggestions;
using Lightning.Testing.Detection;
using Lightning.Testing.Runners;
using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Coverage.Runs;

/// <summary>
/// Coverage of recorded runs: merges what each project measured into one report per run, checks the goals (the
/// request's and the repository's <c>.lightning/coverage.json</c>), stores it, and serves it: totals and a file tree,
/// one file's lines with their source (from the run's commit), reports in four formats, improvement suggestions, a
/// trend over runs, and reports made elsewhere attached to a run.
/// </summary>
public sealed class TestCoverageService(TestCoverageStore store, CoverageReader reader, GitCli git, TimeProvider timeProvider, ILogger<TestCoverageService> logger)
{
    public const string NoCoverageCode = "testing.coverage_not_found";
    public const int MaxGoals = 100;
    const int FilesNamedPerGoal = 10;

    public TestCoverageStore Store => store;

    /// <summary>Goals as a request gives them (<c>src/**: 80% lines</c>, or <c>src/**=80</c>); <c>testing.coverage_goal_invalid</c> names the bad one.</summary>
    public static IReadOnlyList<CoverageGoal> ParseGoals(IReadOnlyList<string> goals)
    {
        ArgumentNullException.ThrowIfNull(goals);
        if (goals.Count > MaxGoals)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["goals"] = [$"At most {MaxGoals} coverage goals may be given."],
            });
        }

        return CoverageGoals.ParseAll(goals.Select(CoverageGoalFile.Expand));
    }

    /// <summary>
    /// Records a run's coverage from its projects' results: merged, goals checked, stored. <paramref name="root"/> is the
    /// directory the run's paths are relative to; its <c>.lightning/coverage.json</c> adds goals.
    /// </summary>
    public async Task<RunCoverageOutcome> RecordRunAsync(
        string runId, string repository, string? commitSha, string? branch, string root, IReadOnlyList<ProjectRunResult> projects,
        IReadOnlyList<string> requestedGoals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentNullException.ThrowIfNull(requestedGoals);
        var unavailable = new List<string>();
        foreach (var project in projects)
        {
            var name = $"{TestFrameworks.NameOf(project.Project.Framework)} in '{project.Project.Root}'";
            if (project.Coverage is null)
            {
                // The runner ends a project before coverage when it cannot run it at all (a missing toolchain, a failed build).
                unavailable.Add($"{name}: coverage unavailable: {(project.Error is null ? "the runner measured none." : "the tests did not run: " + project.Error)}");
            }
            else if (project.Coverage.Unavailable is { } why)
            {
                unavailable.Add($"{name}: coverage unavailable: {why}");
            }
        }

        var reports = projects.Select(p => p.Coverage?.Report).OfType<CoverageReport>().ToList();
        var report = reports.Count == 0 ? null : CoverageMerger.Merge(reports);
        string? failure = null;
        var goals = new List<CoverageGoal>(ParseGoals(requestedGoals));
        try
        {
            var (_, fromFile) = await CoverageGoalFile.ReadAsync(root, cancellationToken);
            goals.AddRange(fromFile);
        }
        catch (LightningException ex)
        {
            failure = $"Coverage goals could not be read: {ex.Message}";
        }

        var enforcement = goals.Count == 0 ? null : CoverageGoals.Evaluate(report ?? new CoverageReport(), goals);
        if (enforcement is { Passed: false })
        {
            failure = Join(failure, Describe(enforcement));
        }

        var summary = await store.SaveAsync(new RunCoverageRecord(runId, repository, commitSha, branch, root, timeProvider.GetUtcNow(), report, enforcement, unavailable), cancellationToken);
        var totals = summary.Totals;
        Log.CoverageRecorded(logger, runId, totals.LinesCovered, totals.LinesTotal, summary.Files,
            enforcement is null ? "none" : enforcement.Passed ? "passed" : "missed");
        return new RunCoverageOutcome(summary, failure);
    }

    /// <summary>A run's coverage with its file tree; <c>testing.coverage_not_found</c> when the run has none.</summary>
    public async Task<RunCoverageSummary> GetAsync(string runId, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(runId, cancellationToken);
        var files = stored.Report?.Files.Select(file => (file.Path, file.Totals)) ?? [];
        return stored.Summary with { Tree = CoverageTreeNode.Build(files) };
    }

    /// <summary>
    /// One file's lines with their source: from the run's commit (<c>git show</c>) when it has one, else from the working
    /// tree, saying whether the file changed since. <paramref name="path"/> is relative to the run's directory; one that
    /// leads out of it is <c>workspace.path_rejected</c>.
    /// </summary>
    public async Task<CoverageFileView> FileAsync(string runId, string path, CancellationToken cancellationToken)
    {
        var relative = Confine(path);
        var stored = await ReadAsync(runId, cancellationToken);
        var file = stored.Report?.File(relative) ?? throw new LightningException(ErrorKind.NotFound, "testing.coverage_file_not_found",
            $"The coverage of test run '{runId}' has no file '{relative}'.");
        var (text, source) = await SourceAsync(stored, relative, cancellationToken);
        var sourceLines = text is null ? [] : RepositorySources.Lines(text);
        if (sourceLines is [.., ""])
        {
            // The newline that ends the last line does not start another.
            sourceLines = sourceLines[..^1];
        }

        var count = Math.Max(sourceLines.Length, file.Lines.Count == 0 ? 0 : file.Lines[^1].Number);
        var lines = new List<CoverageLineView>(count);
        for (var number = 1; number <= count; number++)
        {
            lines.Add(CoverageLineView.From(number, number <= sourceLines.Length ? sourceLines[number - 1] : null, file.Line(number)));
        }

        return new CoverageFileView(runId, relative, file.Totals, source, lines, file.Functions);
    }

    /// <summary>Writes a run's coverage as <c>html</c>, <c>json</c> (Lightning coverage JSON), <c>cobertura</c> or <c>lcov</c>.</summary>
    public async Task WriteReportAsync(string runId, string format, Stream output, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(runId, cancellationToken);
        var report = stored.Report ?? new CoverageReport();
        switch (format)
        {
            case "html":
                var sources = stored.Root is { } root && Directory.Exists(root) ? new RepositorySources(root) : null;
                await CoverageHtmlWriter.WriteAsync(report, sources, output, cancellationToken,
                    new CoverageHtmlOptions { Title = $"{stored.Summary.Repository} ({runId})", Enforcement = stored.Summary.Goals });
                break;
            case "json":
                await CoverageJsonWriter.WriteAsync(report, output, cancellationToken);
                break;
            case "cobertura":
                await CoverageCoberturaWriter.WriteAsync(report, output, stored.Summary.RecordedAt, cancellationToken);
                break;
            case "lcov":
                await CoverageLcovWriter.WriteAsync(report, output, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Use ReportFormat to check the name first.");
        }
    }

    /// <summary>A report format as users name it; <c>html</c> when absent. Unknown names are a validation error naming the field.</summary>
    public static (string Format, string ContentType, string Extension) ReportFormat(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "html" => ("html", "text/html; charset=utf-8", ".html"),
        "json" => ("json", "application/json", ".json"),
        "cobertura" or "xml" => ("cobertura", "application/xml", ".cobertura.xml"),
        "lcov" or "info" => ("lcov", "text/plain; charset=utf-8", ".info"),
        _ => throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["format"] = [$"Unknown coverage report format '{name}': use html, json, cobertura or lcov."],
        }),
    };

    public async Task<IReadOnlyList<CoverageSuggestion>> SuggestionsAsync(string runId, int limit, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(runId, cancellationToken);
        return stored.Report is null ? [] : CoverageSuggestions.Rank(stored.Report, limit);
    }

    /// <summary>
    /// Attaches a coverage report made elsewhere (any format <see cref="CoverageReader"/> knows) to a run: its paths
    /// are mapped onto <paramref name="root"/> when the run's repository is on this machine (else relative paths are
    /// kept and absolute ones dropped), merged with what the run measured, and its goals checked again (the run's status
    /// is not changed). A malformed report throws <see cref="Results.MalformedReportException"/> naming the file and line.
    /// </summary>
    public async Task<RunCoverageSummary> ImportAsync(
        string runId, string repository, string? commitSha, string? branch, string? root, Stream report, string source, CancellationToken cancellationToken)
    {
        var read = await reader.ReadAsync(report, source, cancellationToken);
        var existing = await store.ReadAsync(runId, cancellationToken);
        root = existing?.Root ?? (root is not null && Directory.Exists(root) ? root : null);
        var mapped = root is null ? KeepRelative(read) : new CoveragePathMapper(root).Map(read).Report;
        if (root is not null)
        {
            mapped = await SourceFunctions.AddAsync(mapped, new RepositorySources(root), cancellationToken);
        }

        var merged = existing?.Report is { } measured ? CoverageMerger.Merge([measured, mapped]) : mapped;
        var goals = existing?.Summary.Goals is { } previous ? CoverageGoals.Evaluate(merged, previous.Goals.Select(goal => goal.Goal)) : null;
        var summary = await store.SaveAsync(new RunCoverageRecord(runId, existing?.Summary.Repository ?? repository,
            existing?.Summary.CommitSha ?? commitSha, existing?.Summary.Branch ?? branch, root, timeProvider.GetUtcNow(), merged, goals,
            existing?.Summary.Unavailable ?? []), cancellationToken);
        Log.CoverageImported(logger, runId, mapped.Files.Count, source);
        return summary;
    }

    public async Task<IReadOnlyList<CoverageTrendPoint>> TrendAsync(string repository, string? project, int limit, CancellationToken cancellationToken)
    {
        var directory = project is null ? null : Confine(project);
        return await store.TrendAsync(repository, directory == "." ? null : directory, limit, cancellationToken);
    }

    /// <summary>The failed goals and the files that missed them, on one paragraph (a run's error).</summary>
    public static string Describe(CoverageEnforcement enforcement)
    {
        ArgumentNullException.ThrowIfNull(enforcement);
        var text = new StringBuilder();
        foreach (var goal in enforcement.Failures)
        {
            text.Append(text.Length == 0 ? "Coverage goal missed: " : " Coverage goal missed: ").Append(goal.Message.TrimEnd('.'));
            if (goal.Missed.Count > 0)
            {
                text.Append("; below: ").AppendJoin(", ", goal.Missed.Take(FilesNamedPerGoal)
                    .Select(miss => string.Create(CultureInfo.InvariantCulture, $"{miss.Path} {miss.Percent:0.0}% ({miss.Covered}/{miss.Total})")));
                if (goal.Missed.Count > FilesNamedPerGoal)
                {
                    text.Append(CultureInfo.InvariantCulture, $" and {goal.Missed.Count - FilesNamedPerGoal} more");
                }
            }

            text.Append('.');
        }

        return text.ToString();
    }

    async Task<StoredRunCoverage> ReadAsync(string runId, CancellationToken cancellationToken) =>
        await store.ReadAsync(runId, cancellationToken) ?? throw new LightningException(ErrorKind.NotFound, NoCoverageCode,
            $"Test run '{runId}' has no coverage: start it with coverage (\"coverage\": true, lightning test run --coverage) or attach a report (POST /runs/{{id}}/coverage/import).");

    async Task<(string? Text, CoverageSourceView Source)> SourceAsync(StoredRunCoverage stored, string path, CancellationToken cancellationToken)
    {
        if (stored.Root is not { } root || !Directory.Exists(root))
        {
            return (null, new CoverageSourceView(CoverageSourceView.None, stored.Summary.CommitSha, null,
                "The run's repository is not on this machine, so its sources cannot be shown."));
        }

        var sources = new RepositorySources(root);
        var current = await sources.ReadAsync(path, cancellationToken);
        if (stored.Summary.CommitSha is { } commit)
        {
            var (text, problem) = await ShowAsync(root, commit, path, cancellationToken);
            if (text is not null)
            {
                return (text, new CoverageSourceView(CoverageSourceView.Commit, commit, current is null || !SameText(current, text),
                    current is null ? "The file is no longer in the working tree." : null));
            }

            Log.SourceNotInCommit(logger, path, commit, problem ?? "unknown");
            return (current, new CoverageSourceView(current is null ? CoverageSourceView.None : CoverageSourceView.WorkingTree, commit, null,
                $"The file could not be read at commit {commit[..Math.Min(12, commit.Length)]} ({problem}); {(current is null ? "nor from the working tree" : "shown as it is now, which may differ")}."));
        }

        if (current is null)
        {
            return (null, new CoverageSourceView(CoverageSourceView.None, null, null, "The file cannot be read from the working tree (missing, binary or too large)."));
        }

        var changed = File.GetLastWriteTimeUtc(Path.Combine(root, path)) > stored.Summary.RecordedAt.UtcDateTime;
        return (current, new CoverageSourceView(CoverageSourceView.WorkingTree, null, changed,
            changed ? "The file was modified after the run: lines may not match." : null));
    }

    /// <summary>The file's text at the commit, or why it cannot be read; bounded like working-tree sources.</summary>
    async Task<(string? Text, string? Problem)> ShowAsync(string root, string commit, string path, CancellationToken cancellationToken)
    {
        // "./path" is relative to the run's directory, which may be a folder of the repository.
        var spec = $"{commit}:./{path}";
        var request = new GitCliRequest { AcceptedExitCodes = [0, 1, 128], Timeout = TimeSpan.FromSeconds(15) };
        try
        {
            var size = await git.RunAsync(root, ["cat-file", "-s", spec], cancellationToken, request);
            if (size.ExitCode != 0)
            {
                return (null, size.StandardError.Trim() is { Length: > 0 } error ? error : "not in that commit");
            }

            if (long.TryParse(size.StandardOutput.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes) && bytes > RepositorySources.MaxFileBytes)
            {
                return (null, $"it is larger than {RepositorySources.MaxFileBytes} bytes");
            }

            var shown = await git.RunAsync(root, ["show", spec], cancellationToken, request);
            if (shown.ExitCode != 0)
            {
                return (null, shown.StandardError.Trim());
            }

            return shown.StandardOutput.Contains('\0', StringComparison.Ordinal) ? (null, "it is a binary file") : (shown.StandardOutput, null);
        }
        catch (LightningException ex)
        {
            return (null, ex.Message);
        }
    }

    static bool SameText(string a, string b) => string.Equals(a.ReplaceLineEndings("\n"), b.ReplaceLineEndings("\n"), StringComparison.Ordinal);

    /// <summary>A path inside the run's directory, as reports store it; anything that could lead out is rejected.</summary>
    static string Confine(string path)
    {
        var normalised = (path ?? string.Empty).Trim();
        var parts = normalised.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(part => part != ".").ToList();
        if (normalised.Length == 0 || normalised.StartsWith('/') || normalised.Contains('\\', StringComparison.Ordinal) || normalised.Contains('\0', StringComparison.Ordinal)
            || normalised.Contains(':', StringComparison.Ordinal) || parts.Contains(".."))
        {
            throw new LightningException(ErrorKind.Invalid, "workspace.path_rejected",
                $"Path '{path}' is rejected: name a file relative to the repository, without '..'.");
        }

        return parts.Count == 0 ? "." : string.Join('/', parts);
    }

    /// <summary>Without a repository to map onto: relative paths are kept (normalised), absolute ones and those leading out dropped.</summary>
    static CoverageReport KeepRelative(CoverageReport report)
    {
        var files = new List<FileCoverage>();
        foreach (var file in report.Files)
        {
            var path = file.Path.Replace('\\', '/');
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(part => part != ".").ToList();
            if (path.StartsWith('/') || path.Contains(':', StringComparison.Ordinal) || parts.Contains("..") || parts.Count == 0)
            {
                continue;
            }

            files.Add(file with { Path = string.Join('/', parts) });
        }

        return CoverageReport.Build(files, CoverageCombine.Sum, report.Origins);
    }

    static string? Join(string? first, string second) => first is null ? second : first + " " + second;
}
