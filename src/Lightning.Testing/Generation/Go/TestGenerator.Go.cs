using System.Text.RegularExpressions;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;

namespace Lightning.Testing.Generation;

/// <summary>
/// The Go side of the filters. A Go package compiles as a whole, so one broken candidate would fail every other one in
/// its package: candidates are built together and those the compiler names are taken out until the package builds
/// (one at a time when the errors name none of them). Coverage comes from go test's profiles: one run of the existing
/// tests with every candidate set aside, then one run per candidate selected by <c>-run ^Name$</c>.
/// </summary>
public sealed partial class TestGenerator
{
    const string SetAsideSuffix = ".lgen-aside";

    /// <summary>Compile filter: <c>go test -count=1 -run ^$</c> (the build and the vet checks go test runs) per package directory.</summary>
    async Task<Dictionary<string, string>> CompileGoAsync(ToolchainReport toolchain, ScratchCopy scratch, List<Draft> drafts, CancellationToken cancellationToken)
    {
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var package in drafts.GroupBy(draft => Path.GetDirectoryName(draft.File) ?? string.Empty, StringComparer.Ordinal))
        {
            var directory = Path.Combine(scratch.Project, package.Key);
            var pending = package.ToList();
            while (pending.Count > 0)
            {
                var result = await BuildGoPackageAsync(toolchain, directory, cancellationToken);
                if (result.Succeeded)
                {
                    break;
                }

                var named = GoErrors(result.Output)
                    .Select(error => (Draft: pending.FirstOrDefault(draft => Path.GetFileName(draft.File) == error.File), error.Message))
                    .Where(error => error.Draft is not null)
                    .DistinctBy(error => error.Draft!.File)
                    .ToList();
                if (named.Count == 0)
                {
                    // The errors are elsewhere (a redeclared name in an existing test, a vet check): try each candidate alone.
                    foreach (var (draft, reason) in await BuildEachAloneAsync(toolchain, scratch, directory, pending, cancellationToken))
                    {
                        failures[draft.File] = reason;
                        File.Delete(Path.Combine(scratch.Project, draft.File));
                    }

                    break;
                }

                Go.Log.CandidatesDidNotBuild(_logger, package.Key, named.Count, string.Join(", ", named.Select(error => Path.GetFileName(error.Draft!.File))));
                foreach (var (draft, message) in named)
                {
                    failures[draft!.File] = "go test cannot build it: " + message;
                    File.Delete(Path.Combine(scratch.Project, draft.File));
                    pending.Remove(draft);
                }
            }
        }

        return failures;
    }

    async Task<List<(Draft Draft, string Reason)>> BuildEachAloneAsync(ToolchainReport toolchain, ScratchCopy scratch, string directory, List<Draft> pending, CancellationToken cancellationToken)
    {
        var failed = new List<(Draft, string)>();
        SetAside(scratch, pending);
        try
        {
            foreach (var draft in pending)
            {
                var path = Path.Combine(scratch.Project, draft.File);
                File.Move(path + SetAsideSuffix, path);
                var result = await BuildGoPackageAsync(toolchain, directory, cancellationToken);
                File.Move(path, path + SetAsideSuffix);
                if (!result.Succeeded)
                {
                    var first = GoErrors(result.Output).Select(error => $"{error.File}: {error.Message}").FirstOrDefault() ?? OneLine(result.Output);
                    failed.Add((draft, "go test cannot build it with the package: " + first));
                }
            }
        }
        finally
        {
            Restore(scratch, pending);
        }

        return failed;
    }

    Task<Core.Processes.ProcessResult> BuildGoPackageAsync(ToolchainReport toolchain, string directory, CancellationToken cancellationToken) =>
        RunAsync(toolchain.Resolve(["go", "test", "-count=1", "-run", "^$", "."]), directory, TimeSpan.FromSeconds(_options.RunTimeoutSeconds), cancellationToken,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["GOPROXY"] = "off" });

    /// <summary>Compiler and vet lines: <c>./lgen_parse_3_test.go:12:5: undefined: x</c> (also prefixed with <c>vet: </c>).</summary>
    static IEnumerable<(string File, string Message)> GoErrors(string output) =>
        Regex.Matches(output, @"^(?:vet: )?(?:[^\s:]*/)?(?<file>[\w.-]+\.go):(?<line>\d+)(?::\d+)?: (?<message>.+)$", RegexOptions.Multiline, TimeSpan.FromSeconds(2))
            .Select(match => (match.Groups["file"].Value, $"{match.Groups["file"].Value}:{match.Groups["line"].Value}: {match.Groups["message"].Value.Trim()}"));

    /// <summary>Coverage filter for Go: the existing tests' lines (candidates set aside), then each candidate's own run.</summary>
    async Task<Measurement> MeasureGoAsync(
        ToolchainReport toolchain, DetectedTestProject project, string projectDirectory, ScratchCopy scratch, List<Draft> stable, CancellationToken cancellationToken)
    {
        var baseline = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var perCandidate = new Dictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
        var coverable = new Dictionary<string, int>(StringComparer.Ordinal);
        string? problem = null;

        SetAside(scratch, stable);
        try
        {
            // Without any test file left, go test writes no profile: then nothing is covered before the candidates.
            var hasTests = Directory.EnumerateFiles(projectDirectory, "*_test.go", SearchOption.AllDirectories).Any();
            if (hasTests)
            {
                var (existing, existingProblem) = await CollectAsync(project, toolchain, projectDirectory, [], scratch.Directory("coverage-base"), contexts: false, cancellationToken);
                problem = existingProblem is null ? null : "the existing tests gave no coverage: " + existingProblem;
                foreach (var file in existing?.Files ?? [])
                {
                    coverable[file.Path] = file.Lines.Count;
                    foreach (var line in file.Lines.Where(line => line.Covered))
                    {
                        Add(baseline, file.Path, line, branches: false);
                    }
                }
            }
        }
        finally
        {
            Restore(scratch, stable);
        }

        foreach (var draft in stable)
        {
            var package = Path.GetRelativePath(projectDirectory, Path.Combine(scratch.Project, Path.GetDirectoryName(draft.File) ?? string.Empty)).Replace('\\', '/');
            var only = project with { Command = ["go", "test", package == "." ? "." : "./" + package] };
            var (report, candidateProblem) = await CollectAsync(only, toolchain, projectDirectory, ["-run", $"^{draft.Candidate.Name}$"],
                scratch.Directory("coverage-" + draft.Candidate.Id), contexts: false, cancellationToken);
            problem ??= candidateProblem;
            foreach (var file in report?.Files ?? [])
            {
                coverable[file.Path] = Math.Max(coverable.GetValueOrDefault(file.Path), file.Lines.Count);
                foreach (var line in file.Lines.Where(line => line.Covered))
                {
                    Add(perCandidate.TryGetValue(draft.Candidate.Id, out var map) ? map : perCandidate[draft.Candidate.Id] = new(StringComparer.Ordinal), file.Path, line, branches: false);
                }
            }
        }

        return new Measurement(baseline, perCandidate, coverable, problem);
    }

    static void SetAside(ScratchCopy scratch, IEnumerable<Draft> drafts)
    {
        foreach (var draft in drafts)
        {
            var path = Path.Combine(scratch.Project, draft.File);
            if (File.Exists(path))
            {
                File.Move(path, path + SetAsideSuffix);
            }
        }
    }

    static void Restore(ScratchCopy scratch, IEnumerable<Draft> drafts)
    {
        foreach (var draft in drafts)
        {
            var path = Path.Combine(scratch.Project, draft.File);
            if (File.Exists(path + SetAsideSuffix))
            {
                File.Move(path + SetAsideSuffix, path);
            }
        }
    }
}
