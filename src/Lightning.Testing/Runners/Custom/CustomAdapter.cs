using Lightning.Core.Errors;
using Lightning.Core.Workspaces;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners.Custom;

/// <summary>
/// The custom runner: the user's command, run as given in its directory with <c>LIGHTNING_REPORT_DIR</c> set to a fresh
/// directory outside the repository. Its results are the report files it wrote there, or matching its
/// <see cref="CustomTestCommand.Reports"/> globs (written during the run); with none, its standard output, read as
/// whatever report format it is (TAP, say). TAP on stdout is followed live; report files arrive at the end. There is no
/// selector, so no selection and no retries.
/// </summary>
internal sealed class CustomAdapter : FrameworkAdapter
{
    const string StdoutFile = "stdout.txt";
    const string StartedFile = "started";
    const int MaxScannedFiles = 100_000;

    public override TestFramework Framework => TestFramework.Custom;

    public override bool CanSelect => false;

    /// <summary>The custom command as the one project of its repository.</summary>
    public static (TestDetectionReport Detection, DetectedTestProject Project) Project(Workspace workspace, string repository, CustomTestCommand custom)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(custom);
        var repositoryPath = Path.TrimEndingDirectorySeparator(workspace.Resolve(repository));
        if (!Directory.Exists(repositoryPath))
        {
            throw new LightningException(ErrorKind.NotFound, "testing.repository_not_found", $"'{repository}' does not exist in the workspace.");
        }

        var directory = Path.TrimEndingDirectorySeparator(workspace.Resolve(Path.Combine(workspace.Relative(repositoryPath), custom.Directory)));
        if (!Directory.Exists(directory) || !(directory + "/").StartsWith(repositoryPath + "/", StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.NotFound, "testing.project_not_found",
                $"The custom runner's directory '{custom.Directory}' is not a directory of '{repository}'.");
        }

        foreach (var glob in custom.Reports)
        {
            if (Path.IsPathRooted(glob) || glob.Replace('\\', '/').Split('/').Contains(".."))
            {
                throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
                {
                    ["custom.reports"] = [$"Report glob '{glob}' must be relative to the command's directory, without '..'."],
                });
            }
        }

        var root = Path.GetRelativePath(repositoryPath, directory).Replace('\\', '/');
        var project = new DetectedTestProject(
            TestFramework.Custom, custom.Name ?? "custom", root, "any", custom.Reports.Count > 0 ? "reports" : "stdout", Supported: true, Note: null,
            Evidence: [], TestFileGlobs: custom.Reports, TestFileCount: 0, SourceDirectories: [], TestDirectories: [],
            Preparation: custom.Preparation, Command: custom.Command);
        var detection = new TestDetectionReport(workspace.Relative(repositoryPath), repositoryPath, [project], FilesScanned: 0, Truncated: false, Warnings: []);
        return (detection, project);
    }

    /// <summary>The command's program, found as a shell would (a bare name on the search path, a path relative to the directory).</summary>
    public static ToolchainReport Toolchain(DetectedTestProject project, string directory, string searchPath)
    {
        ArgumentNullException.ThrowIfNull(project);
        var programs = project.Preparation.Select(step => step[0]).Append(project.Command[0]).Distinct(StringComparer.Ordinal);
        var tools = programs.Select(program =>
        {
            var executable = program.Contains('/', StringComparison.Ordinal)
                ? File.Exists(Path.Combine(directory, program)) ? Path.GetFullPath(Path.Combine(directory, program)) : null
                : ExecutableSearch.Find(program, searchPath);
            var problem = executable is not null ? null
                : program.Contains('/', StringComparison.Ordinal) ? $"{program} does not exist in '{project.Root}'"
                : $"{program} is not on the PATH";
            return new ToolStatus(program, program, "runs the tests", Required: true, executable is not null, Version: null, executable,
                Package: program, PackageManager: "none", Install: $"install {program}, or give its full path", problem);
        }).ToList();
        return new ToolchainReport(TestFramework.Custom, TestFrameworks.NameOf(TestFramework.Custom), project.Root, tools.TrueForAll(tool => tool.Present), tools);
    }

    public override async Task<PassPlan> PlanAsync(RunPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var reports = pass.File("reports");
        Directory.CreateDirectory(reports);
        // Report files older than this marker are from earlier runs.
        await File.WriteAllBytesAsync(pass.File(StartedFile), [], cancellationToken);
        return new PassPlan(pass.Context.Toolchain.Resolve(pass.Context.Project.Command), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LIGHTNING_REPORT_DIR"] = reports,
        })
        {
            StdoutCopy = pass.File(StdoutFile),
        };
    }

    public override LiveTranslator CreateTranslator(RunPass pass, LiveRun live)
    {
        ArgumentNullException.ThrowIfNull(pass);
        return pass.Context.Project.TestFileGlobs.Count == 0 ? new TapLiveTranslator(live) : new SilentTranslator();
    }

    public override async Task<TestRun?> ReadReportAsync(RunPass pass, TestReportReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(reader);
        var files = Directory.EnumerateFiles(pass.File("reports"), "*", SearchOption.AllDirectories).ToList();
        files.AddRange(Matching(pass.Context, pass.Context.Project.TestFileGlobs, File.GetLastWriteTimeUtc(pass.File(StartedFile)) - TimeSpan.FromSeconds(2)));
        if (files.Count > 0)
        {
            return await ReportFiles.ReadAsync(reader, files.Distinct(StringComparer.Ordinal), cancellationToken);
        }

        if (pass.Context.Project.TestFileGlobs.Count > 0)
        {
            // Globs were given and matched nothing new: there is no report, whatever stdout says.
            return null;
        }

        var stdout = pass.File(StdoutFile);
        if (!File.Exists(stdout) || new FileInfo(stdout).Length == 0)
        {
            return null;
        }

        await using var stream = File.OpenRead(stdout);
        return await reader.ReadAsync(stream, "standard output", cancellationToken);
    }

    public override string? SelectorFor(ProjectContext context, TestCase testCase, string? liveSelector) => null;

    static IEnumerable<string> Matching(ProjectContext context, IReadOnlyList<string> globs, DateTime since)
    {
        if (globs.Count == 0)
        {
            yield break;
        }

        var scanned = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(context.Directory, "*", options))
        {
            if (++scanned > MaxScannedFiles)
            {
                yield break;
            }

            var relative = Path.GetRelativePath(context.Directory, file).Replace('\\', '/');
            if (globs.Any(glob => Glob.Matches(glob, relative)) && File.GetLastWriteTimeUtc(file) >= since)
            {
                yield return file;
            }
        }
    }
}
