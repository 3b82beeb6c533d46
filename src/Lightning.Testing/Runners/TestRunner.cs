using Lightning.Core.Errors;
using Lightning.Core.Processes;
using Lightning.Core.Workspaces;
using Lightning.Testing.Coverage;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners.Custom;
using Lightning.Testing.Runners.Dotnet;
using Lightning.Testing.Runners.GoTest;
using Lightning.Testing.Runners.Jest;
using Lightning.Testing.Runners.JUnit5;
using Lightning.Testing.Runners.PhpUnit;
using Lightning.Testing.Runners.Pytest;
using Lightning.Testing.Runners.Rspec;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Runners;

/// <summary>
/// Runs test projects with their real frameworks. Per project: the toolchain is probed (a missing tool ends the project
/// with an error naming the package), preparation steps run, then the framework through the platform's process runner
/// (argument lists, scrubbed environment, bounded output) with a deadline that kills the process tree. Each framework
/// writes its report into a scratch directory outside the repository and tells its progress live (see the adapters);
/// the report is the result, the live events are squared with it at the end. Failed cases are run again by selector up
/// to <see cref="TestRunRequest.Retries"/> times; one that passes on a retry is flaky, with every attempt kept.
/// </summary>
public sealed partial class TestRunner : ITestRunner
{
    readonly TestFrameworkDetector _detector;
    readonly ToolchainProbe _probe;
    readonly IProcessRunner _processes;
    readonly TestReportReader _reports;
    readonly TestRunnerOptions _options;
    readonly TestToolchainOptions _toolchains;
    readonly TimeProvider _time;
    readonly ILogger<TestRunner> _logger;
    readonly Dictionary<TestFramework, FrameworkAdapter> _adapters;
    readonly CoverageLoader _coverage;

    public TestRunner(
        TestFrameworkDetector detector,
        ToolchainProbe probe,
        IProcessRunner processes,
        TestReportReader reports,
        IOptions<TestRunnerOptions> options,
        IOptions<TestToolchainOptions> toolchains,
        TimeProvider time,
        ILogger<TestRunner> logger,
        CoverageLoader? coverage = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(toolchains);
        _detector = detector;
        _probe = probe;
        _processes = processes;
        _reports = reports;
        _options = options.Value;
        _toolchains = toolchains.Value;
        _time = time;
        _logger = logger;
        _coverage = coverage ?? new CoverageLoader(new CoverageReader());
        FrameworkAdapter[] adapters =
        [
            new PytestAdapter(),
            new JestAdapter(),
            new GoTestAdapter(_toolchains.GoBuildTags),
            new JUnitAdapter(_processes, _toolchains.JavaRepositories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)),
            new RspecAdapter(),
            new PhpUnitAdapter(),
            new DotnetAdapter(),
            new CustomAdapter(),
        ];
        _adapters = adapters.ToDictionary(adapter => adapter.Framework);
    }

    public async Task<IReadOnlyList<ProjectRunResult>> RunAsync(
        TestRunRequest request, Func<string, TestEvent, ValueTask>? onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var workspace = request.Workspace ?? OwnWorkspace(request.Repository);
        var repository = request.Workspace is null ? "." : request.Repository;
        TestDetectionReport detection;
        List<DetectedTestProject> projects;
        if (request.Custom is { } custom)
        {
            (detection, var project) = CustomAdapter.Project(workspace, repository, custom);
            projects = [project];
        }
        else
        {
            detection = request.Detection ?? await _detector.DetectAsync(workspace, repository, cancellationToken);
            projects = Select(detection, request);
        }

        var results = new List<ProjectRunResult>(projects.Count);
        foreach (var project in projects)
        {
            results.Add(await RunProjectAsync(detection, project, request, onEvent, cancellationToken));
        }

        return results;
    }

    internal void Validate(TestRunRequest request)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Repository))
        {
            problems["repository"] = ["A repository is required."];
        }

        if (request.Retries < 0 || request.Retries > _options.MaxRetries || request.FrameworkRetries.Values.Any(retries => retries < 0 || retries > _options.MaxRetries))
        {
            problems["retries"] = [$"Retries must be between 0 and {_options.MaxRetries}."];
        }

        if (request.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            problems["timeout"] = ["The timeout must be positive."];
        }

        if (request.Custom is { Command.Count: 0 })
        {
            problems["custom.command"] = ["The custom runner needs a command (an argument list)."];
        }

        if (request.Custom is not null && request.Tests.Count > 0)
        {
            problems["tests"] = ["The custom runner cannot select tests: it runs its command as given."];
        }

        if (problems.Count > 0)
        {
            throw new ValidationFailedException(problems);
        }
    }

    /// <summary>A repository given by absolute path, with no workspace: the caller vouches for it, and it confines itself.</summary>
    internal static Workspace OwnWorkspace(string repository)
    {
        if (!Path.IsPathFullyQualified(repository))
        {
            throw new LightningException(ErrorKind.Invalid, "workspace.path_rejected",
                $"Path '{repository}' is rejected: without a workspace the repository must be an absolute path.");
        }

        if (!Directory.Exists(repository))
        {
            throw new LightningException(ErrorKind.NotFound, "testing.repository_not_found", $"'{repository}' is not a directory.");
        }

        return new Workspace(repository);
    }

    internal static List<DetectedTestProject> Select(TestDetectionReport detection, TestRunRequest request)
    {
        IEnumerable<DetectedTestProject> projects = detection.Projects;
        if (request.Framework is { } name)
        {
            var framework = TestFrameworks.ParseSupported(name);
            if (framework == TestFramework.Custom)
            {
                throw new LightningException(ErrorKind.Invalid, "testing.custom_needs_command",
                    "The custom runner is never detected: give its command (custom.command) instead of the framework name.");
            }

            projects = projects.Where(project => project.Framework == framework);
        }

        if (request.Project is { } root)
        {
            var wanted = Normalize(root);
            projects = projects.Where(project => project.Root == wanted);
        }

        var selected = projects.ToList();
        if (selected.Count == 0 && (request.Framework is not null || request.Project is not null))
        {
            var found = detection.Projects.Count == 0
                ? "no test project was detected there"
                : "detected: " + string.Join(", ", detection.Projects.Select(project => $"{project.Root} ({project.Name})"));
            var what = request.Project is null ? $"No {request.Framework} project" : $"No test project at '{request.Project}'{(request.Framework is null ? "" : $" runs {request.Framework}")}";
            throw new LightningException(ErrorKind.NotFound, "testing.project_not_found", $"{what} in '{detection.Repository}': {found}.");
        }

        return selected;
    }

    static string Normalize(string root)
    {
        var trimmed = root.Replace('\\', '/').Trim().Trim('/');
        while (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        return trimmed.Length == 0 ? "." : trimmed;
    }
}
