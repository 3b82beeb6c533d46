using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lightning.Testing.Coverage;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Generation.CSharp;

namespace Lightning.Testing.Generation;

/// <summary>
/// C#'s steps: Roslyn analysis (in process, syntax only), the target's project built in the scratch copy and its
/// methods called by the harness in a child process, candidates compiled with one <c>dotnet build</c> of the test
/// project (candidates that break it are removed and the build repeated), and coverage by coverlet: one run of the
/// existing tests, one per candidate, all with <c>--no-build</c>.
/// </summary>
public sealed partial class TestGenerator
{
    static readonly Dictionary<string, string> DotnetEnvironment = Runners.Dotnet.DotnetAdapter.QuietEnvironment();

    static async Task<CodeAnalysis?> AnalyzeCSharpAsync(CSharpSupport support, ScratchCopy scratch, string target, List<string> notes, CancellationToken cancellationToken)
    {
        // Bad input first: a file outside any project, or a project no xUnit test project references.
        support.Projects(scratch.Project, target);
        var source = await File.ReadAllTextAsync(Path.Combine(scratch.Project, target), cancellationToken);
        var result = CSharpAnalyzer.Analyze(target, source, notes);
        support.Remember(target, result);
        return result.Analysis;
    }

    async Task<IReadOnlyDictionary<string, Observation>> ExecuteCSharpAsync(
        CSharpSupport support, ToolchainReport toolchain, ScratchCopy scratch, string target, IReadOnlyList<CallPlan> calls, List<string> notes,
        CancellationToken cancellationToken)
    {
        var observations = new Dictionary<string, Observation>(StringComparer.Ordinal);
        if (calls.Count == 0)
        {
            return observations;
        }

        var (library, _) = support.Projects(scratch.Project, target);
        var buildTimeout = TimeSpan.FromSeconds(_options.RunTimeoutSeconds);
        if (!support.Assemblies.TryGetValue(library.File, out var assembly))
        {
            var build = await RunAsync(toolchain.Resolve(["dotnet", "build", library.File, "-c", "Debug", "-nologo", "-v:q"]), scratch.Project, buildTimeout, cancellationToken, DotnetEnvironment);
            var property = build.Succeeded
                ? await RunAsync(toolchain.Resolve(["dotnet", "msbuild", library.File, "-nologo", "-p:Configuration=Debug", "-getProperty:TargetPath"]), scratch.Project, buildTimeout, cancellationToken, DotnetEnvironment)
                : null;
            assembly = property is { Succeeded: true } ? property.Output.Trim().Split('\n')[^1].Trim() : null;
            support.Assemblies[library.File] = assembly = assembly is { Length: > 0 } && File.Exists(assembly) ? assembly : null;
            if (assembly is null)
            {
                notes.Add($"{target}: {library.File} did not build ({Describe(property ?? build)}); no characterisation tests for it.");
            }
        }

        if (assembly is null)
        {
            return observations;
        }

        var harness = await CSharpHarness.EnsureBuiltAsync(
            (command, directory, timeout) => RunAsync(toolchain.Resolve(command), directory, timeout, cancellationToken, DotnetEnvironment), "dotnet", buildTimeout, cancellationToken);
        var work = scratch.Directory("calls");
        var callsFile = Path.Combine(work, $"{Path.GetFileName(target)}-{Guid.NewGuid():N}.json");
        var outFile = callsFile + ".out";
        var payload = new JsonArray();
        foreach (var call in calls)
        {
            var point = call.Point;
            var owner = ConstructedClass(call, support, target);
            var constructor = owner?.Constructor.Where(parameter => parameter.Default is null && parameter.Name is not null).ToList() ?? [];
            payload.Add(new JsonObject
            {
                ["id"] = call.Id,
                ["type"] = support.FullName(target, point.ClassName!),
                ["method"] = point.Name,
                ["static"] = point.Static,
                ["arity"] = point.Parameters.Count,
                // Generic methods: the picked type arguments as keywords ("<int, string>" → ["int", "string"]).
                ["typeArguments"] = new JsonArray([.. (point.TypeArgs?.Trim('<', '>').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [])
                    .Select(argument => (JsonNode)argument)]),
                ["arguments"] = new JsonArray([.. call.Arguments.Select(argument =>
                    CSharpInputs.Json(point.Parameters.First(p => p.Name == argument.Name).Type, argument.Input.Source))]),
                ["constructorArity"] = owner?.Constructor.Count ?? 0,
                ["constructorArguments"] = new JsonArray([.. call.ConstructorArguments.Select((input, index) => CSharpInputs.Json(constructor[index].Type, input.Source))]),
            });
        }

        await File.WriteAllTextAsync(callsFile, payload.ToJsonString(), cancellationToken);
        var result = await RunAsync(toolchain.Resolve(["dotnet", harness, assembly, callsFile, outFile]), scratch.Project,
            TimeSpan.FromSeconds(_options.ExecutionTimeoutSeconds), cancellationToken, DotnetEnvironment);
        if (!File.Exists(outFile))
        {
            notes.Add($"{target}: the observed execution did not finish ({Describe(result)}); no characterisation tests for it.");
            return observations;
        }

        var root = JsonNode.Parse(await File.ReadAllTextAsync(outFile, cancellationToken))!.AsObject();
        if (root["importError"] is { } importError)
        {
            notes.Add($"{target}: {Path.GetFileName(assembly)} cannot be loaded ({importError.GetValue<string>()}); no characterisation tests for it.");
            return observations;
        }

        var planned = calls.ToDictionary(call => call.Id, StringComparer.Ordinal);
        foreach (var item in root["results"]!.AsArray().OfType<JsonObject>())
        {
            var kind = item["kind"]!.GetValue<string>();
            if (kind == "skipped" && planned.TryGetValue(item["id"]!.GetValue<string>(), out var skippedCall)
                && $"{target}: {skippedCall.Point.QualifiedName}{skippedCall.Point.TypeArgs} was not called: {item["message"]?.GetValue<string>()}." is var skippedNote
                && !notes.Contains(skippedNote))
            {
                // Said once per method and reason (a violated generic constraint, a constructor that threw).
                notes.Add(skippedNote);
            }

            var type = item["type"]?.GetValue<string>();
            var value = item["value"]?.GetValue<string>();
            var visible = item["public"]?.GetValue<bool>() ?? true;
            // A type a test cannot name (internal, generic) is not pinned: an exception of one escapes, a result of one is not checked.
            kind = kind == "raised" && !visible ? "escaped" : kind;
            type = kind == "returned" && value is null && !visible ? null : type;
            var observation = new Observation
            {
                Id = item["id"]!.GetValue<string>(),
                Kind = kind,
                Value = value,
                Type = type,
                TypeModule = item["typeModule"]?.GetValue<string>() ?? (type is not null && type.Contains('.', StringComparison.Ordinal) ? type[..type.LastIndexOf('.')] : null),
                Stable = item["stable"]?.GetValue<bool>() ?? false,
                // The harness records no lines: a distinct outcome stands for a distinct path (the coverage filter judges the rest).
                Covered = new HashSet<string>(StringComparer.Ordinal) { $"{kind}:{value ?? type}" },
            };
            observations[observation.Id] = observation;
        }

        return observations;
    }

    static TestPointClass? ConstructedClass(CallPlan call, CSharpSupport support, string target) =>
        call.Point.Static ? null : support.Classes(target).FirstOrDefault(c => c.Name == call.Point.ClassName);

    /// <summary>
    /// One <c>dotnet build</c> of the test project with every candidate in it; the candidates its errors point at fail
    /// with the compiler's message and are removed, and the build is repeated until it succeeds.
    /// </summary>
    async Task<Dictionary<string, string>> CompileCSharpAsync(CSharpSupport support, ToolchainReport toolchain, ScratchCopy scratch, List<Draft> drafts, CancellationToken cancellationToken)
    {
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        if (drafts.Count == 0 || support.Tests is not { } tests)
        {
            return failures;
        }

        var remaining = drafts.ToList();
        for (var attempt = 0; attempt <= drafts.Count && remaining.Count > 0; attempt++)
        {
            var result = await RunAsync(toolchain.Resolve(["dotnet", "build", tests.File, "-nologo", "-v:q", "-clp:NoSummary"]), scratch.Project,
                TimeSpan.FromSeconds(_options.RunTimeoutSeconds), cancellationToken, DotnetEnvironment);
            if (result.Succeeded)
            {
                break;
            }

            var errors = BuildError().Matches(result.Output).Select(match => (File: match.Groups["file"].Value.Trim(), Text: $"{match.Groups["code"].Value}: {match.Groups["message"].Value.Trim()}")).ToList();
            var blamed = remaining.Select(draft => (Draft: draft, Error: errors.FirstOrDefault(error => SameFile(error.File, Path.Combine(scratch.Project, draft.File))).Text))
                .Where(pair => pair.Error is not null).ToList();
            if (blamed.Count == 0)
            {
                var why = errors.Count > 0 ? $"{errors[0].Text} ({Path.GetFileName(errors[0].File)})" : Describe(result);
                foreach (var draft in remaining)
                {
                    failures[draft.File] = $"the test project {tests.File} does not build: {why}";
                }

                break;
            }

            foreach (var (draft, error) in blamed)
            {
                failures[draft.File] = "dotnet build: " + error;
                File.Delete(Path.Combine(scratch.Project, draft.File));
                remaining.Remove(draft);
            }
        }

        return failures;
    }

    static bool SameFile(string reported, string candidate) =>
        string.Equals(Path.GetFullPath(reported), Path.GetFullPath(candidate), StringComparison.Ordinal);

    /// <summary>
    /// coverlet (VSTest's XPlat Code Coverage, the platform's dotnet collector) without rebuilding: one run of the
    /// existing tests (every test outside the candidates' folder), then one per candidate selected by its class.
    /// Lines, plus one unit per branch taken on a line (Cobertura counts a line's branches, it does not name them).
    /// </summary>
    async Task<Measurement> MeasureCSharpAsync(
        ToolchainReport toolchain, DetectedTestProject project, string projectDirectory, ScratchCopy scratch, List<Draft> stable, CancellationToken cancellationToken)
    {
        var baseline = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var perCandidate = new Dictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
        var coverable = new Dictionary<string, int>(StringComparer.Ordinal);
        if (stable.Count == 0)
        {
            return new Measurement(baseline, perCandidate, coverable, null);
        }

        if (project.Command.Contains("--project"))
        {
            return new Measurement(baseline, perCandidate, coverable,
                "coverage of generated C# tests is measured with coverlet under VSTest; this test project runs on Microsoft.Testing.Platform");
        }

        void Record(CoverageReport? report, Dictionary<string, HashSet<string>> into)
        {
            foreach (var file in report?.Files ?? [])
            {
                var key = Path.GetRelativePath(projectDirectory, Path.Combine(scratch.Project, file.Path)).Replace('\\', '/');
                coverable[key] = Math.Max(coverable.GetValueOrDefault(key), file.Lines.Count);
                foreach (var line in file.Lines.Where(line => line.Covered))
                {
                    var units = into.TryGetValue(key, out var known) ? known : into[key] = new(StringComparer.Ordinal);
                    units.Add(Unit(line.Number));
                    for (var branch = 0; branch < line.BranchesCovered; branch++)
                    {
                        units.Add(string.Create(CultureInfo.InvariantCulture, $"B{line.Number}:{branch}"));
                    }
                }
            }
        }

        // The existing tests may be none (a new test project): then nothing is covered before, which is no problem.
        var (existing, _) = await CollectAsync(project, toolchain, projectDirectory, ["--no-build", "--filter", $"FullyQualifiedName!~.{CSharpSupport.CandidateFolder}."],
            scratch.Directory("coverage-base"), contexts: false, cancellationToken, reportBase: scratch.Project);
        Record(existing, baseline);
        string? firstProblem = null;
        foreach (var draft in stable)
        {
            var className = Path.GetFileNameWithoutExtension(draft.File);
            var (report, problem) = await CollectAsync(project, toolchain, projectDirectory, ["--no-build", "--filter", $"FullyQualifiedName~.{CSharpSupport.CandidateFolder}.{className}."],
                scratch.Directory("coverage-" + draft.Candidate.Id), contexts: false, cancellationToken, reportBase: scratch.Project);
            firstProblem ??= problem;
            Record(report, perCandidate.TryGetValue(draft.Candidate.Id, out var map) ? map : perCandidate[draft.Candidate.Id] = new(StringComparer.Ordinal));
        }

        return new Measurement(baseline, perCandidate, coverable, firstProblem);
    }

    /// <summary>MSBuild's error lines: <c>/path/File.cs(12,5): error CS1002: ; expected [/path/Tests.csproj]</c>.</summary>
    [GeneratedRegex(@"^\s*(?<file>[^\n(]+?)\((?<line>\d+),(?<column>\d+)\): error (?<code>[A-Z]+\d+): (?<message>[^\n]*?)(?: \[[^\]\n]*\])?\s*$", RegexOptions.Multiline | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex BuildError();
}
