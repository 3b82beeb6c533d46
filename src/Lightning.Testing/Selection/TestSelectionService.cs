using Lightning.Core.Errors;
using Lightning.Core.Workspaces;
using Lightning.Testing.Detection;
using Lightning.Testing.History;
using Lightning.Testing.Selection.Coverage;
using Lightning.Testing.Selection.Dependencies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Selection;

/// <summary>
/// Test selection for a repository directory: reads the changes from git, builds the <see cref="SelectionContext"/>
/// (detection, import graph, coverage maps and their drift to the base), reads failure rates from run history, and
/// asks <see cref="TestSelector"/>. Also builds and stores coverage maps.
/// </summary>
public sealed class TestSelectionService(
    TestFrameworkDetector detector,
    GitChangeDetector changes,
    CoverageMapStore maps,
    CoverageMapBuilder mapBuilder,
    IOptions<TestDetectionOptions> detection,
    IServiceProvider services,
    ILogger<TestSelectionService>? logger = null)
{
    public const int HistoryRuns = 20;

    readonly ILogger _logger = logger ?? NullLogger<TestSelectionService>.Instance;

    public GitChangeDetector Changes => changes;

    public async Task<TestSelection> SelectAsync(SelectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var changeSet = request.Base is null
            ? await changes.WorkingTreeAsync(request.Directory, cancellationToken)
            : await changes.BetweenAsync(request.Directory, request.Base, request.Head ?? "HEAD", cancellationToken);
        var context = await CreateContextAsync(request.Directory, changeSet.Base, cancellationToken);
        var rates = request.Mode == SelectionMode.Fast && request.HistoryName is { } name
            ? await FailureRatesAsync(context, name, cancellationToken)
            : null;
        var selection = TestSelector.Select(context, changeSet, request.Mode, request.Confidence, rates);
        Log.Selected(_logger, request.Directory, changeSet.Describe(), request.Mode, selection.Tests.Count, selection.RunAll);
        return selection;
    }

    public static void Validate(SelectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Confidence is <= 0 or > 1 || double.IsNaN(request.Confidence))
        {
            errors["confidence"] = ["The confidence is a number above 0 and at most 1 (0.9: keep the tests holding 90% of the estimated risk)."];
        }

        if (request.Head is not null && request.Base is null)
        {
            errors["base"] = ["A head revision needs a base revision to compare it with."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    /// <summary>Detects, reads the import graph and loads each pytest project's newest coverage map, with its drift to <paramref name="baseCommit"/>.</summary>
    public async Task<SelectionContext> CreateContextAsync(string directory, string? baseCommit, CancellationToken cancellationToken)
    {
        var workspace = new Workspace(directory);
        var report = await detector.DetectAsync(workspace, ".", cancellationToken);
        var tree = RepositoryTree.Walk(workspace, report.FullPath, detection.Value, cancellationToken);
        var builder = new ImportGraphBuilder(report.FullPath, tree.Files);
        var graph = await Task.Run(() => builder.Build(cancellationToken), cancellationToken);
        var found = new Dictionary<string, CoverageMap>(StringComparer.Ordinal);
        var drift = new Dictionary<string, IReadOnlyDictionary<string, ChangedFile>>(StringComparer.Ordinal);
        var notes = new List<string>();
        foreach (var project in report.Projects.Where(project => CoverageMapBuilder.Supports(project.Framework)))
        {
            var map = await maps.FindAsync(report.FullPath, project.Root, baseCommit, cancellationToken);
            if (map is null)
            {
                notes.Add($"No coverage map for {project.Name} in '{project.Root}': selected by imports only (build one with 'lightning test select --build-map').");
                continue;
            }

            found[project.Root] = map;
            if (map.Commit is { } mapCommit && baseCommit is not null && mapCommit != baseCommit)
            {
                var moved = await changes.BetweenAsync(report.FullPath, mapCommit, baseCommit, cancellationToken);
                drift[project.Root] = moved.Files.ToDictionary(file => file.Path, StringComparer.Ordinal);
                notes.Add($"The coverage map of '{project.Root}' is from {Short(mapCommit)}, the base is {Short(baseCommit)}: line numbers carried over {moved.Files.Count} changed files.");
            }
            else
            {
                notes.Add($"The coverage map of '{project.Root}' ({map.Tests.Count} tests) is from {(map.Commit is null ? "a directory without git" : Short(map.Commit))}{(map.Dirty ? " with uncommitted changes" : string.Empty)}.");
            }
        }

        return new SelectionContext
        {
            Repository = report.FullPath,
            Detection = report,
            Builder = builder,
            Graph = graph,
            Maps = found,
            MapDrift = drift,
            Notes = notes,
        };
    }

    /// <summary>Runs each pytest, go, Jest, PHPUnit, RSpec, JUnit 5 and dotnet test project's tests under per-test coverage at the current state and stores the maps.</summary>
    public async Task<IReadOnlyList<CoverageMap>> BuildMapsAsync(string directory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var report = await detector.DetectAsync(new Workspace(directory), ".", cancellationToken);
        var projects = report.Projects.Where(project => CoverageMapBuilder.Supports(project.Framework)).ToList();
        if (projects.Count == 0)
        {
            throw new LightningException(ErrorKind.Invalid, CoverageMapBuilder.NotSupportedCode,
                report.Projects.Count == 0
                    ? $"No test project found in '{directory}', so there is nothing to map."
                    : $"Coverage maps are built for pytest, go test, Jest, PHPUnit, RSpec, JUnit 5 and dotnet test projects; found {string.Join(", ", report.Projects.Select(project => project.Name).Distinct(StringComparer.Ordinal))}, which are selected by their import graphs.");
        }

        string? head = null;
        var dirty = false;
        try
        {
            head = await changes.HeadAsync(report.FullPath, cancellationToken);
            dirty = (await changes.WorkingTreeAsync(report.FullPath, cancellationToken)).Files.Count > 0;
        }
        catch (LightningException ex) when (ex.Code == "testing.not_a_git_repository")
        {
            // Outside git a map is still useful to the watcher; it just cannot be tied to a commit.
        }

        var built = new List<CoverageMap>();
        foreach (var project in projects)
        {
            var map = await mapBuilder.BuildAsync(report, project, head, dirty, timeout, cancellationToken);
            await maps.SaveAsync(map, cancellationToken);
            Log.MapBuilt(_logger, report.FullPath, project.Root, head, map.Tests.Count, map.Files.Count);
            built.Add(map);
        }

        return built;
    }

    /// <summary>
    /// Failure rates over the last runs, keyed the way <see cref="TestSelector"/> looks them up: the test file
    /// (repository-relative) and <c>file::test</c>. Pytest case ids (<c>tests.test_calc.TestK::test_m</c>) name their
    /// file through the dotted module.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, double>> FailureRatesAsync(SelectionContext context, string repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        if (services.GetService(typeof(TestHistoryStore)) is not TestHistoryStore store)
        {
            return rates;
        }

        IReadOnlyList<TestFailureCount> failing;
        try
        {
            failing = await store.MostFailingAsync(repository, framework: null, limit: 1000, runs: HistoryRuns, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.HistoryUnavailable(_logger, repository, ex);
            return rates;
        }

        var modules = context.Detection.Projects.Where(project => project.Framework == TestFramework.Pytest)
            .SelectMany(project => context.TestFilesOf(project).Select(file => (Module: (SelectionContext.RelativeTo(project, file) ?? file)[..^3].Replace('/', '.'), File: file)))
            .Where(entry => entry.File.EndsWith(".py", StringComparison.Ordinal))
            .GroupBy(entry => entry.Module, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().File, StringComparer.Ordinal);
        foreach (var test in failing.Where(test => test.Runs > 0 && test.Failures > 0))
        {
            var rate = (double)test.Failures / test.Runs;
            var separator = test.Id.IndexOf("::", StringComparison.Ordinal);
            var scope = separator < 0 ? test.Id : test.Id[..separator];
            var name = separator < 0 ? test.Name : test.Id[(separator + 2)..];
            var file = test.File;
            var classes = new List<string>();
            if (file is null)
            {
                var parts = scope.Split('.');
                for (var count = parts.Length; count > 0 && file is null; count--)
                {
                    if (modules.TryGetValue(string.Join('.', parts[..count]), out var match))
                    {
                        file = match;
                        classes.AddRange(parts[count..]);
                    }
                }
            }

            if (file is null)
            {
                continue;
            }

            var key = file + "::" + string.Join("::", [.. classes, name]);
            rates[key] = Math.Max(rates.GetValueOrDefault(key), rate);
            rates[file] = Math.Max(rates.GetValueOrDefault(file), rate);
        }

        return rates;
    }

    static string Short(string commit) => commit.Length > 10 ? commit[..10] : commit;
}
