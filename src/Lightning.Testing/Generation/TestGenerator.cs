using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Core.Processes;
using Lightning.Core.Serialization;
using Lightning.Core.Workspaces;
using Lightning.Testing.Coverage;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Runners;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Generation;

/// <summary>
/// Generates tests for a project and keeps only the good ones. In a scratch copy of the project: analyses the source
/// files for test points (the language's own parser or runtime), runs each public function on generated inputs and
/// writes characterisation tests pinning what it observed (and, with a chat model, asks it for tests too); then every
/// candidate must compile (collect), pass <see cref="TestGenerationOptions.Runs"/> runs out of as many through the real
/// framework (<see cref="ITestRunner"/>), and add line coverage of its target over the existing tests and the
/// candidates kept before it (the platform's coverage collectors and readers). Nothing is written into the repository:
/// <see cref="TestGenerationWriter"/> does that for accepted tests.
/// </summary>
public sealed partial class TestGenerator(
    TestFrameworkDetector detector,
    ToolchainProbe probe,
    ITestRunner runner,
    IProcessRunner processes,
    CoverageLoader coverage,
    IOptions<TestGenerationOptions> options,
    IOptions<TestToolchainOptions> toolchains,
    IChatClient? chat = null,
    ILogger<TestGenerator>? logger = null)
{
    public const string NoTestPointsCode = "testing.generation_no_test_points";

    static readonly string[] PythonProjectFiles = ["pyproject.toml", "setup.py", "setup.cfg", "pytest.ini", "requirements.txt"];

    readonly TestGenerationOptions _options = options.Value;
    readonly ILogger _logger = logger ?? NullLogger<TestGenerator>.Instance;

    /// <summary>Whether a chat model is configured (model-written candidates besides the characterisation ones).</summary>
    public bool HasModel => chat is not null;

    public async Task<GenerationReport> GenerateAsync(TestGenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var max = request.Max ?? _options.DefaultCandidates;
        if (max < 1 || max > _options.MaxCandidates)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["max"] = [$"max must be between 1 and {_options.MaxCandidates}."],
            });
        }

        // Confinement first: the project and the file must be inside the workspace, links included.
        var projectDirectory = request.Workspace.Resolve(request.Repository);
        if (!Directory.Exists(projectDirectory))
        {
            throw new LightningException(ErrorKind.NotFound, "testing.repository_not_found",
                File.Exists(projectDirectory) ? $"'{request.Repository}' is a file, not a project directory." : $"'{request.Repository}' does not exist in the workspace.");
        }

        var project = new Workspace(projectDirectory);
        string? file = null;
        if (!string.IsNullOrWhiteSpace(request.File))
        {
            var full = project.Resolve(request.File.Trim());
            if (!File.Exists(full))
            {
                throw new LightningException(ErrorKind.NotFound, "testing.generation_file_not_found", $"'{request.File}' is not a file of '{request.Repository}'.");
            }

            file = project.Relative(full);
        }

        var language = Language(request, file, projectDirectory);
        var support = LanguageSupport.For(language);
        var targets = file is not null ? [file] : Sources(projectDirectory, support);
        if (targets.Count == 0)
        {
            throw new LightningException(ErrorKind.Invalid, NoTestPointsCode,
                $"'{request.Repository}' has no {GenerationLanguages.NameOf(language)} source files to generate tests for (test files and dependencies are left out).");
        }

        if (language == GenerationLanguage.TypeScript)
        {
            JavaScript.TypeScriptSupport.EnsureRunnable(projectDirectory, request.Repository);
        }

        var progress = request.Progress ?? new GenerationProgress();
        progress.Language = language;
        progress.Framework = TestFrameworks.NameOf(support.Framework);
        progress.Targets = targets;
        var toolchain = await probe.ProbeAsync(support.Framework, cancellationToken);
        toolchain.ThrowIfNotReady();
        using var scratch = ScratchCopy.Create(projectDirectory, _options.ScratchDirectory);
        var helper = Path.Combine(scratch.Directory("helper"), support.HelperFile);
        await File.WriteAllTextAsync(helper, support.HelperText(), cancellationToken);
        var helperCommand = await support.HelperCommandAsync(helper,
            (command, directory, token) => RunAsync(toolchain.Resolve(command), directory, TimeSpan.FromSeconds(_options.RunTimeoutSeconds), token), _logger, cancellationToken);

        // The progress's own lists, so that a cancelled generation's report has what was found until then.
        var notes = progress.Notes;
        var analyses = progress.Analyses;
        var candidates = new List<Draft>();
        var perTarget = new List<(string Target, CodeAnalysis Analysis, List<(CallPlan Call, Observation Observation)> Paths)>();
        foreach (var target in targets)
        {
            var analysis = await AnalyzeAsync(support, toolchain, helperCommand, scratch, target, notes, cancellationToken);
            if (analysis is null || analysis.Points.Count == 0)
            {
                notes.Add($"{target}: no public functions or methods to test.");
                continue;
            }

            analyses.Add(analysis);
            var calls = CallPlanner.Plan(analysis, notes);
            var observations = await ExecuteAsync(support, toolchain, helperCommand, scratch, target, calls, notes, cancellationToken);
            perTarget.Add((target, analysis, [.. CallPlanner.NewPaths(calls, observations)]));
        }

        if (analyses.Count == 0)
        {
            throw new LightningException(ErrorKind.Invalid, NoTestPointsCode, file is not null
                ? $"'{file}' has no test points: no public functions or methods were found in it."
                : $"No test points in '{request.Repository}': its {GenerationLanguages.NameOf(language)} files have no public functions or methods. {string.Join(" ", notes.Take(3))}".TrimEnd());
        }

        // Characterisation candidates, spread over the targets and their functions (round robin) up to the budget.
        var budget = chat is not null && request.UseModel && _options.UseModel ? Math.Max(1, max - Math.Max(1, max / 4)) : max;
        foreach (var draft in Characterise(support, scratch.Project, perTarget, budget))
        {
            candidates.Add(draft);
        }

        var modelUsed = false;
        if (chat is not null && request.UseModel && _options.UseModel)
        {
            var room = max - candidates.Count;
            foreach (var (target, analysis, _) in perTarget)
            {
                if (room <= 0)
                {
                    break;
                }

                var written = await ModelCandidatesAsync(chat, support, scratch.Project, target, analysis, room, candidates.Count, notes, cancellationToken);
                modelUsed = true;
                candidates.AddRange(written);
                room -= written.Count;
            }
        }

        progress.Candidates.AddRange(candidates.Select(draft => draft.Candidate));
        var filtered = await FilterAsync(support, toolchain, scratch, candidates, targets, progress, cancellationToken);
        var report = new GenerationReport
        {
            Language = language,
            Framework = TestFrameworks.NameOf(support.Framework),
            Targets = targets,
            Analyses = [.. analyses],
            Candidates = filtered.Candidates,
            CoveredBefore = filtered.CoveredBefore,
            CoveredAfter = filtered.CoveredAfter,
            CoverableLines = filtered.Coverable,
            ModelUsed = modelUsed,
            Notes = [.. notes, .. filtered.Notes],
            TestFiles = [.. filtered.Candidates.Where(c => c.Status == CandidateStatus.Kept).Select(c => c.Target).Distinct(StringComparer.Ordinal)
                .Select(target => support.AcceptedFile(projectDirectory, target))],
        };
        Log.Generated(_logger, request.Repository, GenerationLanguages.NameOf(language), report.Tried, report.Compiled, report.PassedRuns, _options.Runs, report.AddedCoverage);
        return report;
    }

    /// <summary>The language asked for, else the file's, else the project's test framework's.</summary>
    GenerationLanguage Language(TestGenerationRequest request, string? file, string projectDirectory)
    {
        if (!string.IsNullOrWhiteSpace(request.Language))
        {
            return GenerationLanguages.Parse(request.Language);
        }

        if (file is not null)
        {
            return GenerationLanguages.FromFile(file) ?? throw new LightningException(ErrorKind.Invalid, GenerationLanguages.UnknownCode,
                $"Tests cannot be generated for '{file}': its language is not supported (python: .py, javascript: .js/.cjs/.mjs, typescript: .ts, go: .go, csharp: .cs).");
        }

        if (File.Exists(Path.Combine(projectDirectory, "package.json")))
        {
            return File.Exists(Path.Combine(projectDirectory, "tsconfig.json")) ? GenerationLanguage.TypeScript : GenerationLanguage.JavaScript;
        }

        if (File.Exists(Path.Combine(projectDirectory, "go.mod")))
        {
            return GenerationLanguage.Go;
        }

        // A C# project file near the top (not a whole-tree walk: large repositories of other languages stay quick).
        if (Directory.EnumerateFiles(projectDirectory, "*.csproj", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2, IgnoreInaccessible = true }).Any())
        {
            return GenerationLanguage.CSharp;
        }

        if (PythonProjectFiles.Any(name => File.Exists(Path.Combine(projectDirectory, name)))
            || Sources(projectDirectory, LanguageSupport.For(GenerationLanguage.Python), 1).Count > 0)
        {
            return GenerationLanguage.Python;
        }

        throw new LightningException(ErrorKind.Invalid, GenerationLanguages.UnknownCode,
            $"The language of '{request.Repository}' is not clear: name a file or a language (python, javascript, typescript, go, csharp).");
    }

    IReadOnlyList<string> Sources(string projectDirectory, LanguageSupport support, int? limit = null)
    {
        var root = new DirectoryInfo(projectDirectory);
        var found = new List<string>();
        var pending = new Stack<DirectoryInfo>([root]);
        while (pending.Count > 0 && found.Count < 10_000)
        {
            var directory = pending.Pop();
            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null || entry.Name.StartsWith('.'))
                {
                    continue;
                }

                var relative = Path.GetRelativePath(projectDirectory, entry.FullName).Replace('\\', '/');
                if (entry is DirectoryInfo child)
                {
                    if (child.Name is not ("node_modules" or "__pycache__" or "venv" or "bin" or "obj" or "coverage" or "dist" or "build"))
                    {
                        pending.Push(child);
                    }
                }
                else if (support.IsSource(relative) && new FileInfo(entry.FullName).Length > 0)
                {
                    found.Add(relative);
                }
            }
        }

        return [.. found.Order(StringComparer.Ordinal).Take(limit ?? _options.MaxFiles)];
    }

    async Task<CodeAnalysis?> AnalyzeAsync(
        LanguageSupport support, ToolchainReport toolchain, IReadOnlyList<string> helper, ScratchCopy scratch, string target, List<string> notes, CancellationToken cancellationToken)
    {
        if (support is CSharp.CSharpSupport csharp)
        {
            return await AnalyzeCSharpAsync(csharp, scratch, target, notes, cancellationToken);
        }

                var result = await RunAsync(toolchain.Resolve([.. helper, "analyze", target]), scratch.Project, TimeSpan.FromSeconds(_options.ExecutionTimeoutSeconds), cancellationToken);
        if (!result.Succeeded)
        {
            notes.Add($"{target}: analysis failed ({Describe(result)}).");
            return null;
        }

        using var document = JsonDocument.Parse(JsonStart(result.Output));
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            notes.Add($"{target}: {error.GetString()}");
            return null;
        }

        // What the helper saw but cannot test (Go: generic functions) is said, not dropped silently.
        if (root.TryGetProperty("skipped", out var skipped) && skipped.ValueKind == JsonValueKind.Array)
        {
            notes.AddRange(skipped.EnumerateArray().Select(entry => $"{target}: {entry.GetString()}."));
        }

        var points = root.GetProperty("points").Deserialize<List<TestPoint>>(LightningJson.Options) ?? [];
        var classes = root.GetProperty("classes").Deserialize<List<TestPointClass>>(LightningJson.Options) ?? [];
        var exportsFunction = root.TryGetProperty("moduleShape", out var shape) && shape.GetString() == "function";
        return new CodeAnalysis(target, support.Language, points, classes) { ExportsFunction = exportsFunction, ModuleKind = shape.ValueKind == JsonValueKind.String ? shape.GetString() : null };
    }

    async Task<IReadOnlyDictionary<string, Observation>> ExecuteAsync(
        LanguageSupport support, ToolchainReport toolchain, IReadOnlyList<string> helper, ScratchCopy scratch, string target, IReadOnlyList<CallPlan> calls,
        List<string> notes, CancellationToken cancellationToken)
    {
        if (support is CSharp.CSharpSupport csharp)
        {
            return await ExecuteCSharpAsync(csharp, toolchain, scratch, target, calls, notes, cancellationToken);
        }

        var observations = new Dictionary<string, Observation>(StringComparer.Ordinal);
        if (calls.Count == 0)
        {
            return observations;
        }

        var work = scratch.Directory("calls");
        var callsFile = Path.Combine(work, $"{Path.GetFileName(target)}-{Guid.NewGuid():N}.json");
        var outFile = callsFile + ".out";
        var payload = calls.Select(call => new
        {
            id = call.Id,
            function = call.Point.Name,
            className = call.Point.ClassName,
            @static = call.Point.Static,
            arguments = call.Arguments.Select(argument => argument.Input.Source).ToList(),
            keywords = call.Arguments.Select(argument => argument.Name is { } name && call.Point.Parameters.Any(p => p.Name == name && p.KeywordOnly) ? name : null).ToList(),
            constructorArguments = call.ConstructorArguments.Select(input => input.Source).ToList(),
        });
        await File.WriteAllTextAsync(callsFile, JsonSerializer.Serialize(payload), cancellationToken);
        var command = support.Language == GenerationLanguage.Python
            ? toolchain.Resolve([.. helper, "execute", scratch.Project, Path.Combine(scratch.Project, target), callsFile, outFile])
            : toolchain.Resolve([.. helper, "execute", Path.Combine(scratch.Project, target), callsFile, outFile]);
        var result = await RunAsync(command, scratch.Project, TimeSpan.FromSeconds(_options.ExecutionTimeoutSeconds), cancellationToken);
        if (!File.Exists(outFile))
        {
            notes.Add($"{target}: the observed execution did not finish ({Describe(result)}); no characterisation tests for it.");
            return observations;
        }

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(outFile, cancellationToken));
        var root = document.RootElement;
        if (root.TryGetProperty("importError", out var importError))
        {
            notes.Add($"{target}: cannot be imported ({importError.GetString()}); no characterisation tests for it.");
            return observations;
        }

        foreach (var item in root.GetProperty("results").EnumerateArray())
        {
            var observation = new Observation
            {
                Id = item.GetProperty("id").GetString()!,
                Kind = item.GetProperty("kind").GetString()!,
                Value = Text(item, "value"),
                Type = Text(item, "type"),
                TypeModule = Text(item, "typeModule"),
                Stable = item.TryGetProperty("stable", out var stable) && stable.GetBoolean(),
                Covered = Set(item, "lines", "blocks", negative: false),
                Uncovered = Set(item, "blocks", null, negative: true),
            };
            observations[observation.Id] = observation;
        }

        return observations;
    }

    static IEnumerable<Draft> Characterise(LanguageSupport support, string projectDirectory, IReadOnlyList<(string Target, CodeAnalysis Analysis, List<(CallPlan Call, Observation Observation)> Paths)> perTarget, int budget)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var queues = perTarget.SelectMany(entry => entry.Paths.GroupBy(path => path.Call.Point)
            .Select(group => (entry.Target, entry.Analysis, Queue: new Queue<(CallPlan Call, Observation Observation)>(group)))).ToList();
        var produced = 0;
        while (produced < budget && queues.Any(q => q.Queue.Count > 0))
        {
            foreach (var (target, analysis, queue) in queues)
            {
                if (produced >= budget || queue.Count == 0)
                {
                    continue;
                }

                var (call, observation) = queue.Dequeue();
                switch (support)
                {
                    case Python.PythonSupport python:
                        python.SetTarget(target);
                        break;
                    case JavaScript.JavaScriptSupport javascript:
                        javascript.SetTarget(target);
                        break;
                    case Go.GoSupport go:
                        go.SetTarget(projectDirectory, target, analysis);
                        break;
                    case CSharp.CSharpSupport csharp:
                        csharp.SetTarget(target);
                        break;
                }

                if (support.Characterise(call, observation, used) is not { } test)
                {
                    continue;
                }

                var index = produced + 1;
                var file = support.CandidateFile(projectDirectory, target, index);
                produced++;
                yield return new Draft(new TestCandidate
                {
                    Id = $"c{index}",
                    Origin = CandidateOrigin.Characterisation,
                    Target = target,
                    Function = call.Point.QualifiedName,
                    Name = test.Name,
                    Code = test.Code,
                    Imports = support.Imports(projectDirectory, target, file, analysis, [observation]),
                }, file);
            }
        }
    }

    async Task<ProcessResult> RunAsync(IReadOnlyList<string> command, string directory, TimeSpan timeout, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["PATH"] = toolchains.Value.SearchPath ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty,
            ["PYTHONDONTWRITEBYTECODE"] = "1",
        };
        var result = await processes.RunAsync(
            new ProcessSpec(command[0], [.. command.Skip(1)]) { WorkingDirectory = directory, Environment = variables, Timeout = timeout, MaxOutputBytes = 16L * 1024 * 1024 },
            onOutput: null,
            cancellationToken);
        // The runner killed the process tree and returned what it had: half an output is no verdict on a candidate.
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    static string Describe(ProcessResult result)
    {
        var tail = result.Output.Trim().Split('\n').TakeLast(3);
        return result.Outcome == ProcessOutcome.TimedOut
            ? $"timed out after {result.Duration.TotalSeconds:0} s; its process tree was killed"
            : $"exit code {result.ExitCode}: {string.Join(" | ", tail)}";
    }

    static string JsonStart(string output)
    {
        var start = output.IndexOf('{', StringComparison.Ordinal);
        return start < 0 ? "{}" : output[start..];
    }

    static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static HashSet<string> Set(JsonElement item, string first, string? second, bool negative)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in new[] { first, second })
        {
            if (name is null || !item.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var entry in array.EnumerateArray())
            {
                var text = entry.ValueKind == JsonValueKind.Number ? entry.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : entry.GetString() ?? string.Empty;
                if (text.StartsWith('!') == negative)
                {
                    set.Add(negative ? text[1..] : text);
                }
            }
        }

        return set;
    }

    /// <summary>A candidate and its own file in the scratch copy (relative to the project).</summary>
    internal sealed record Draft(TestCandidate Candidate, string File);
}
