using System.Globalization;
using System.Text.RegularExpressions;
using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Collectors;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;

namespace Lightning.Testing.Generation;

public sealed partial class TestGenerator
{
    sealed record Filtered(IReadOnlyList<TestCandidate> Candidates, int CoveredBefore, int CoveredAfter, int Coverable, IReadOnlyList<string> Notes);

    /// <summary>The three filters, in order; each candidate leaves with its status and, when rejected, the reason.</summary>
    async Task<Filtered> FilterAsync(
        LanguageSupport support, ToolchainReport toolchain, ScratchCopy scratch, IReadOnlyList<Draft> drafts, IReadOnlyList<string> targets, GenerationProgress progress, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var results = drafts.ToDictionary(draft => draft.Candidate.Id, draft => draft.Candidate, StringComparer.Ordinal);
        progress.Judged = results; // each verdict below lands here, for a cancelled generation's report
        foreach (var draft in drafts)
        {
            var path = Path.Combine(scratch.Project, draft.File);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, support.RenderAt(draft.File, draft.Candidate.Imports, [draft.Candidate.Code]), cancellationToken);
        }

        // 1. Compiles (pytest collects it; node parses it).
        var compileFailures = await CompileAsync(support, toolchain, scratch, drafts.Where(d => d.Candidate.Status == CandidateStatus.Pending).ToList(), cancellationToken);
        foreach (var draft in drafts)
        {
            if (draft.Candidate.Status == CandidateStatus.FailedToCompile)
            {
                Remove(scratch, draft);
            }
            else if (compileFailures.TryGetValue(draft.File, out var reason))
            {
                results[draft.Candidate.Id] = draft.Candidate with { Status = CandidateStatus.FailedToCompile, Reason = reason };
                Remove(scratch, draft);
            }
        }

        var compiled = drafts.Where(d => results[d.Candidate.Id].Status == CandidateStatus.Pending).ToList();
        var detection = await detector.DetectAsync(scratch.Workspace, "repo", cancellationToken);
        var project = detection.Projects.Where(p => p.Framework == support.Framework).OrderBy(p => p.Root == (support.TestProjectRoot ?? ".") ? 0 : 1).FirstOrDefault();
        if (project is null)
        {
            var why = $"no {TestFrameworks.Info(support.Framework).DisplayName} project was detected in the repository"
                + (support.Framework == TestFramework.Jest ? " (jest must be in package.json)" : string.Empty);
            foreach (var draft in compiled)
            {
                results[draft.Candidate.Id] = results[draft.Candidate.Id] with { Status = CandidateStatus.FailedRuns, Reason = why, Passes = 0 };
            }

            notes.Add($"Candidates could not be run: {why}.");
            return new Filtered([.. drafts.Select(d => results[d.Candidate.Id])], 0, 0, 0, notes);
        }

        // Probed once, for the project as detected: the runs below reuse it (their command may differ, see below).
        var projectToolchain = await probe.ProbeAsync(detection, project, cancellationToken);
        if (support.Language == GenerationLanguage.JavaScript && JavaScript.JavaScriptSupport.IsNativeEsm(scratch.Project, targets))
        {
            // Jest runs ES modules natively only under node --experimental-vm-modules.
            var original = project;
            project = JavaScript.JavaScriptSupport.WithVmModules(project, projectToolchain);
            detection = detection with { Projects = [.. detection.Projects.Select(p => ReferenceEquals(p, original) ? project : p)] };
        }

        var projectDirectory = Path.Combine(scratch.Project, project.Root);
        string Relative(Draft draft) => Path.GetRelativePath(projectDirectory, Path.Combine(scratch.Project, draft.File)).Replace('\\', '/');

        // 2. Passes every one of the runs, through the platform's runner and the real framework.
        var passes = compiled.ToDictionary(d => d.Candidate.Id, _ => 0, StringComparer.Ordinal);
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        if (compiled.Count > 0)
        {
            var selectors = compiled.Select(d => support.Selector(Relative(d), d.Candidate.Name)).ToList();
            for (var run = 1; run <= _options.Runs; run++)
            {
                var outcome = (await runner.RunAsync(new TestRunRequest
                {
                    Workspace = scratch.Workspace,
                    Repository = "repo",
                    Project = project.Root,
                    Framework = TestFrameworks.NameOf(support.Framework),
                    Detection = detection,
                    Toolchains = new Dictionary<string, ToolchainReport>(StringComparer.Ordinal) { [project.Root] = projectToolchain },
                    Tests = selectors,
                    Timeout = TimeSpan.FromSeconds(_options.RunTimeoutSeconds),
                }, null, cancellationToken)) is { Count: > 0 } ran ? ran[0] : null;
                var cases = outcome?.Run.EnumerateCases().ToList() ?? [];
                foreach (var draft in compiled)
                {
                    var found = cases.FirstOrDefault(c => c.Name == draft.Candidate.Name && (c.File is null || c.File.EndsWith(Path.GetFileName(draft.File), StringComparison.Ordinal)))
                        ?? cases.FirstOrDefault(c => c.Name == draft.Candidate.Name);
                    if (found?.Outcome == TestOutcome.Passed)
                    {
                        passes[draft.Candidate.Id]++;
                    }
                    else if (!failures.ContainsKey(draft.Candidate.Id))
                    {
                        failures[draft.Candidate.Id] = found is null
                            ? $"run {run} of {_options.Runs}: the framework did not report it{(outcome?.Error is { } error ? $" ({OneLine(error)})" : string.Empty)}"
                            : $"run {run} of {_options.Runs}: {found.Outcome.ToString().ToLowerInvariant()}{(found.Failure?.Message is { } message ? ": " + OneLine(message) : string.Empty)}";
                    }
                }
            }
        }

        var stable = new List<Draft>();
        foreach (var draft in compiled)
        {
            var count = passes[draft.Candidate.Id];
            if (count == _options.Runs)
            {
                results[draft.Candidate.Id] = results[draft.Candidate.Id] with { Passes = count };
                stable.Add(draft);
            }
            else
            {
                results[draft.Candidate.Id] = results[draft.Candidate.Id] with
                {
                    Status = CandidateStatus.FailedRuns,
                    Passes = count,
                    Reason = $"passed {count} of {_options.Runs} runs; {failures.GetValueOrDefault(draft.Candidate.Id, "failed")}",
                };
                Remove(scratch, draft);
            }
        }

        // 3. Adds line coverage of its target over the existing tests and the candidates kept before it.
        var measured = await MeasureAsync(support, projectToolchain, project, projectDirectory, scratch, stable, Relative, cancellationToken);
        if (measured.Problem is { } problem)
        {
            notes.Add(problem);
        }

        string TargetInProject(string target) => Path.GetRelativePath(projectDirectory, Path.Combine(scratch.Project, target)).Replace('\\', '/');
        var accumulated = targets.ToDictionary(t => t, t => new HashSet<string>(measured.Baseline.GetValueOrDefault(TargetInProject(t)) ?? [], StringComparer.Ordinal), StringComparer.Ordinal);
        static int Lines(HashSet<string> units) => units.Count(unit => unit[0] == 'L');
        var before = accumulated.Values.Sum(Lines);
        foreach (var draft in stable)
        {
            var candidate = results[draft.Candidate.Id];
            var target = TargetInProject(candidate.Target);
            var lines = measured.PerCandidate.GetValueOrDefault(draft.Candidate.Id)?.GetValueOrDefault(target);
            if (lines is null)
            {
                results[draft.Candidate.Id] = candidate with
                {
                    Status = CandidateStatus.NoCoverageGain,
                    Reason = measured.Problem is null ? $"its run covered no line of {candidate.Target}" : $"coverage could not be measured: {measured.Problem}",
                };
                continue;
            }

            var set = accumulated.TryGetValue(candidate.Target, out var known) ? known : accumulated[candidate.Target] = new(StringComparer.Ordinal);
            var added = lines.Where(unit => !set.Contains(unit)).ToList();
            if (added.Count == 0)
            {
                results[draft.Candidate.Id] = candidate with
                {
                    Status = CandidateStatus.NoCoverageGain,
                    Reason = string.Create(CultureInfo.InvariantCulture,
                        $"covers {Lines(lines)} lines of {candidate.Target} ({lines.Count - Lines(lines)} branches), all already covered by the existing tests or the candidates kept before it"),
                };
                continue;
            }

            set.UnionWith(added);
            results[draft.Candidate.Id] = candidate with
            {
                Status = CandidateStatus.Kept,
                AddedLines = [.. added.Where(unit => unit[0] == 'L').Select(unit => int.Parse(unit.AsSpan(1), CultureInfo.InvariantCulture)).Order()],
                AddedBranches = added.Count(unit => unit[0] == 'B'),
                Reason = null,
            };
        }

        var coverable = targets.Sum(t => measured.Coverable.GetValueOrDefault(TargetInProject(t)));
        return new Filtered([.. drafts.Select(d => results[d.Candidate.Id])], before, accumulated.Values.Sum(Lines), coverable, notes);
    }

    async Task<Dictionary<string, string>> CompileAsync(LanguageSupport support, ToolchainReport toolchain, ScratchCopy scratch, List<Draft> drafts, CancellationToken cancellationToken)
    {
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        if (drafts.Count == 0)
        {
            return failures;
        }

        if (support.Language == GenerationLanguage.Go)
        {
            return await CompileGoAsync(toolchain, scratch, drafts, cancellationToken);
        }

        if (support is CSharp.CSharpSupport csharp)
        {
            return await CompileCSharpAsync(csharp, toolchain, scratch, drafts, cancellationToken);
        }

        var timeout = TimeSpan.FromSeconds(_options.RunTimeoutSeconds);
        if (support.Language == GenerationLanguage.Python)
        {
            var result = await RunAsync(toolchain.Resolve(["python3", "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", .. drafts.Select(d => d.File)]),
                scratch.Project, timeout, cancellationToken);
            var collected = new HashSet<string>(result.Output.Split('\n').Select(line => line.Trim()), StringComparer.Ordinal);
            foreach (var draft in drafts)
            {
                if (!collected.Contains($"{draft.File}::{draft.Candidate.Name}"))
                {
                    failures[draft.File] = "pytest did not collect it: " + (CollectionError(result.Output, draft.File) ?? $"no test named {draft.Candidate.Name} in its file");
                }
            }

            return failures;
        }

        if (support.Language == GenerationLanguage.TypeScript)
        {
            // The TypeScript checker (the project's typescript, through the helper): syntax and type errors.
            var helper = Path.Combine(scratch.Directory("helper"), support.HelperFile);
            var checkedFiles = await RunAsync(toolchain.Resolve(["node", helper, "check", .. drafts.Select(d => d.File)]), scratch.Project, timeout, cancellationToken);
            using var errors = System.Text.Json.JsonDocument.Parse(JsonStart(checkedFiles.Output));
            foreach (var draft in drafts)
            {
                if (!checkedFiles.Succeeded)
                {
                    failures[draft.File] = "the TypeScript checker did not run: " + OneLine(checkedFiles.Output);
                }
                else if (errors.RootElement.TryGetProperty(draft.File, out var error))
                {
                    failures[draft.File] = "tsc rejects it: " + error.GetString();
                }
                else if (!Regex.IsMatch(draft.Candidate.Code, @"\b(?:test|it)\s*\(", RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    failures[draft.File] = "it declares no Jest test (test(...) or it(...)).";
                }
            }

            return failures;
        }

        foreach (var draft in drafts)
        {
            var result = await RunAsync(toolchain.Resolve(["node", "--check", draft.File]), scratch.Project, timeout, cancellationToken);
            if (!result.Succeeded)
            {
                var error = result.Output.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => Regex.IsMatch(line, @"^\w*Error\b", RegexOptions.None, TimeSpan.FromSeconds(1))) ?? OneLine(result.Output);
                failures[draft.File] = "node cannot parse it: " + error;
            }
            else if (!Regex.IsMatch(draft.Candidate.Code, @"\b(?:test|it)\s*\(", RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                failures[draft.File] = "it declares no Jest test (test(...) or it(...)).";
            }
        }

        return failures;
    }

    /// <summary>The first error line pytest printed while collecting <paramref name="file"/>.</summary>
    static string? CollectionError(string output, string file)
    {
        var lines = output.Split('\n');
        var start = Array.FindIndex(lines, line => line.Contains("ERROR collecting", StringComparison.Ordinal) && line.Contains(file, StringComparison.Ordinal));
        if (start < 0)
        {
            return null;
        }

        for (var index = start + 1; index < lines.Length && !lines[index].Contains("ERROR collecting", StringComparison.Ordinal); index++)
        {
            var line = lines[index].TrimStart();
            if (line.StartsWith("E ", StringComparison.Ordinal) && line.Length > 2 && line[2..].Trim() is { Length: > 0 } text && !text.StartsWith('^'))
            {
                return text;
            }
        }

        return null;
    }

    sealed record Measurement(
        Dictionary<string, HashSet<string>> Baseline,
        Dictionary<string, Dictionary<string, HashSet<string>>> PerCandidate,
        Dictionary<string, int> Coverable,
        string? Problem);

    /// <summary>
    /// Which target lines the existing tests cover, and which each candidate covers. pytest: one run with coverage.py's
    /// per-test contexts. Jest: one run of the existing tests, then one per candidate (istanbul has no per-test data).
    /// </summary>
    async Task<Measurement> MeasureAsync(
        LanguageSupport support, ToolchainReport toolchain, DetectedTestProject project, string projectDirectory, ScratchCopy scratch, List<Draft> stable,
        Func<Draft, string> relative, CancellationToken cancellationToken)
    {
        var baseline = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var perCandidate = new Dictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
        var coverable = new Dictionary<string, int>(StringComparer.Ordinal);
        if (stable.Count == 0)
        {
            return new Measurement(baseline, perCandidate, coverable, null);
        }

        if (support.Language == GenerationLanguage.Go)
        {
            return await MeasureGoAsync(toolchain, project, projectDirectory, scratch, stable, cancellationToken);
        }

        if (support.Language == GenerationLanguage.CSharp)
        {
            return await MeasureCSharpAsync(toolchain, project, projectDirectory, scratch, stable, cancellationToken);
        }

        if (support.Language == GenerationLanguage.Python)
        {
            var (report, problem) = await CollectAsync(project, toolchain, projectDirectory, ["-p", "no:cacheprovider", "-q"], scratch.Directory("coverage"), contexts: true, cancellationToken);
            if (report is null)
            {
                return new Measurement(baseline, perCandidate, coverable, problem);
            }

            var byName = stable.ToDictionary(d => "." + d.Candidate.Name, d => d.Candidate.Id, StringComparer.Ordinal);
            foreach (var file in report.Files)
            {
                coverable[file.Path] = file.Lines.Count;
                foreach (var line in file.Lines.Where(line => line.Covered))
                {
                    var owners = line.Contexts.Select(context => byName.FirstOrDefault(pair => context.EndsWith(pair.Key, StringComparison.Ordinal) && context.Contains("lgen_", StringComparison.Ordinal)).Value).ToList();
                    // No context: the line ran at import (a def, a constant), which no test can take credit for.
                    if (line.Contexts.Count == 0 || owners.Any(owner => owner is null))
                    {
                        Add(baseline, file.Path, line, branches: false);
                    }

                    foreach (var owner in owners.OfType<string>())
                    {
                        // Contexts are per line: a candidate is credited with lines only, not with branches others took there.
                        Add(perCandidate.TryGetValue(owner, out var map) ? map : perCandidate[owner] = new(StringComparer.Ordinal), file.Path, line, branches: false);
                    }
                }
            }

            return new Measurement(baseline, perCandidate, coverable, null);
        }

        string? firstProblem = null;
        var (existing, existingProblem) = await CollectAsync(project, toolchain, projectDirectory,
            ["--passWithNoTests", "--testPathIgnorePatterns=/node_modules/", "--testPathIgnorePatterns=lgen_[^/]*\\.test\\.[cm]?[jt]s$"], scratch.Directory("coverage-base"), contexts: false, cancellationToken);
        firstProblem ??= existingProblem;
        foreach (var file in existing?.Files ?? [])
        {
            coverable[file.Path] = file.Lines.Count;
            foreach (var line in file.Lines.Where(line => line.Covered))
            {
                Add(baseline, file.Path, line, branches: true);
            }
        }

        foreach (var draft in stable)
        {
            var pattern = Regex.Escape(relative(draft)) + "$";
            var (report, problem) = await CollectAsync(project, toolchain, projectDirectory, ["--passWithNoTests", pattern],
                scratch.Directory("coverage-" + draft.Candidate.Id), contexts: false, cancellationToken);
            firstProblem ??= problem;
            foreach (var file in report?.Files ?? [])
            {
                coverable[file.Path] = Math.Max(coverable.GetValueOrDefault(file.Path), file.Lines.Count);
                foreach (var line in file.Lines.Where(line => line.Covered))
                {
                    Add(perCandidate.TryGetValue(draft.Candidate.Id, out var map) ? map : perCandidate[draft.Candidate.Id] = new(StringComparer.Ordinal), file.Path, line, branches: true);
                }
            }
        }

        return new Measurement(baseline, perCandidate, coverable, firstProblem);
    }

    /// <summary>Runs the project's tests under its coverage collector (files, steps before, command, steps after) and reads the report.</summary>
    async Task<(CoverageReport? Report, string? Problem)> CollectAsync(
        DetectedTestProject project, ToolchainReport toolchain, string projectDirectory, IReadOnlyList<string> arguments, string output, bool contexts,
        CancellationToken cancellationToken, string? reportBase = null)
    {
        var resolved = project with { Command = [.. toolchain.Resolve(project.Command), .. arguments] };
        var collection = CoverageCollectors.For(resolved, projectDirectory, output, new CoverageCollectorOptions { PerTestContexts = contexts });
        Directory.CreateDirectory(collection.OutputDirectory);
        foreach (var file in collection.Files)
        {
            await File.WriteAllTextAsync(file.Path, file.Content, cancellationToken);
        }

        var timeout = TimeSpan.FromSeconds(_options.RunTimeoutSeconds);
        foreach (var step in project.Preparation.Select(toolchain.Resolve).Concat(collection.Before.Select(step => step.Command)))
        {
            await RunAsync(step, projectDirectory, timeout, cancellationToken, collection.Environment);
        }

        var result = await RunAsync(collection.Command, projectDirectory, timeout, cancellationToken, collection.Environment);
        foreach (var step in collection.After)
        {
            await RunAsync(step.Command, step.WorkingDirectory ?? projectDirectory, timeout, cancellationToken, collection.Environment);
        }

        var reports = collection.FindReports();
        if (reports.Count == 0)
        {
            return (null, $"the coverage run wrote no {collection.Report} ({Describe(result)})");
        }

        var loaded = await coverage.LoadAsync(reports, reportBase ?? projectDirectory, cancellationToken);
        return (loaded.Report, null);
    }

    /// <summary>Adds a covered line (<c>L12</c>) and, where the report counts branches one by one, each taken branch (<c>B12:1</c>).</summary>
    static void Add(Dictionary<string, HashSet<string>> map, string path, LineCoverage line, bool branches)
    {
        if (!map.TryGetValue(path, out var set))
        {
            map[path] = set = new(StringComparer.Ordinal);
        }

        set.Add(Unit(line.Number));
        if (branches && line.BranchHits is { } hits)
        {
            for (var index = 0; index < hits.Count; index++)
            {
                if (hits[index] > 0)
                {
                    set.Add(string.Create(CultureInfo.InvariantCulture, $"B{line.Number}:{index}"));
                }
            }
        }
    }

    static string Unit(int line) => string.Create(CultureInfo.InvariantCulture, $"L{line}");

    static void Remove(ScratchCopy scratch, Draft draft) => File.Delete(Path.Combine(scratch.Project, draft.File));

    static string OneLine(string text)
    {
        var line = text.Trim().Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty;
        return line.Length <= 300 ? line : line[..297] + "...";
    }
}
