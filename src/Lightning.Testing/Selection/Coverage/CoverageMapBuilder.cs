using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Core.Processes;
using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Collectors;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Runners;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Selection.Coverage;

/// <summary>
/// Builds a <see cref="CoverageMap"/> (which test ran which lines) where the framework allows it:
/// <list type="bullet">
/// <item>pytest: one run under coverage.py with <c>dynamic_context = test_function</c> (<see cref="CoverageCollectors"/>),
/// read back with <see cref="CoverageLoader"/>; each context becomes a node id.</item>
/// <item>go test: one <c>go test -run '^TestX$' -coverprofile</c> per test function (Go profiles record a run as a
/// whole); above <see cref="MaxRuns"/> tests, one run per package, whose lines are then given to each of its test files.</item>
/// <item>Jest: one <c>--coverage --runTestsByPath FILE</c> run per test file (at most <see cref="MaxRuns"/>; the rest
/// are selected by imports), so the map is per file; the files each test reads are recorded per test
/// (<c>Runners/Jest/lightning-jest-reads.js</c>).</item>
/// <item>PHPUnit: one run with pcov and <c>--coverage-xml</c>, whose <c>&lt;covered by="Class::test"/&gt;</c> names the
/// tests of each line.</item>
/// <item>RSpec: one run with Ruby's line coverage cleared around each example (<c>lightning_rspec_coverage_map.rb</c>).</item>
/// <item>JUnit 5: one run under JaCoCo where our listener dumps the agent's data after each test, one report per test.</item>
/// <item>dotnet test: coverlet and the platform's code coverage have no per-test mode, so one <c>--no-build</c> run per
/// test method (per class in larger projects) after one build (<c>CoverageMapBuilder.Dotnet.cs</c>).</item>
/// </list>
/// Other frameworks are selected by their import graph (<c>testing.coverage_map_not_supported</c>).
/// </summary>
public sealed partial class CoverageMapBuilder(
    IProcessRunner processes, ToolchainProbe probe, IOptions<TestToolchainOptions> toolchains, IOptions<TestDetectionOptions> detection, TimeProvider timeProvider,
    Runners.ITestRunner runner)
{
    public const string NotSupportedCode = "testing.coverage_map_not_supported";

    /// <summary>The most test processes one map may start (go: one per test, Jest: one per file, dotnet: one per method or class); above it go batches by package.</summary>
    public int MaxRuns { get; init; } = 200;

    public static bool Supports(TestFramework framework) =>
        framework is TestFramework.Pytest or TestFramework.GoTest or TestFramework.Jest or TestFramework.Phpunit or TestFramework.Rspec or TestFramework.Junit5
            or TestFramework.DotnetTest;

    public async Task<CoverageMap> BuildAsync(
        TestDetectionReport report, DetectedTestProject project, string? commit, bool dirty, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(project);
        if (!Supports(project.Framework))
        {
            throw new LightningException(ErrorKind.Invalid, NotSupportedCode,
                $"A per-test coverage map is built for pytest, go test, Jest, PHPUnit, RSpec, JUnit 5 and dotnet test projects; {project.Name} in '{project.Root}' is selected by its import graph.");
        }

        if (project.Framework != TestFramework.Pytest)
        {
            var ready = await probe.ProbeAsync(report, project, cancellationToken);
            ready.ThrowIfNotReady();
            var started = timeProvider.GetUtcNow();
            var map = project.Framework switch
            {
                TestFramework.GoTest => await BuildGoAsync(report, project, ready, timeout, cancellationToken),
                TestFramework.Jest => await BuildJestAsync(report, project, ready, timeout, cancellationToken),
                TestFramework.Rspec => await BuildRspecAsync(report, project, ready, timeout, cancellationToken),
                TestFramework.Junit5 => await BuildJUnitAsync(report, project, cancellationToken),
                TestFramework.DotnetTest => await BuildDotnetAsync(report, project, ready, timeout, cancellationToken),
                _ => await BuildPhpUnitAsync(report, project, ready, timeout, cancellationToken),
            };
            return map.ToMap(report.FullPath, project, commit, dirty, started);
        }

        var toolchain = await probe.ProbeAsync(report, project, cancellationToken);
        toolchain.ThrowIfNotReady();
        var directory = Path.Combine(report.FullPath, project.Root);
        var output = Directory.CreateTempSubdirectory("lightning-map-").FullName;
        try
        {
            // No cache or bytecode in the repository: the map must not change what it maps.
            var resolved = project with { Command = [.. toolchain.Resolve(project.Command), "-p", "no:cacheprovider", "-p", ReadsPlugin, "-q"] };
            var collection = CoverageCollectors.For(resolved, directory, output);
            await PluginFiles.WriteAsync(ReadsPlugin + ".py", output, cancellationToken);
            var readsFile = Path.Combine(output, "lightning-reads.json");
            var inherited = Environment.GetEnvironmentVariable("PYTHONPATH");
            var testEnvironment = new Dictionary<string, string>(collection.Environment, StringComparer.Ordinal)
            {
                ["PYTHONPATH"] = string.IsNullOrEmpty(inherited) ? output : output + Path.PathSeparator + inherited,
                ["LIGHTNING_PYTEST_READS"] = readsFile,
                ["LIGHTNING_PYTEST_READS_ROOT"] = report.FullPath,
                ["LIGHTNING_PYTEST_READS_PROJECT"] = directory,
            };
            foreach (var file in collection.Files)
            {
                await File.WriteAllTextAsync(file.Path, file.Content, cancellationToken);
            }

            foreach (var step in collection.Before)
            {
                await RunAsync(step.Command, step.WorkingDirectory ?? directory, collection, timeout, mustSucceed: true, cancellationToken);
            }

            // Failing tests still map what they ran.
            await RunAsync(collection.Command, directory, testEnvironment, timeout, mustSucceed: false, cancellationToken);
            foreach (var step in collection.After)
            {
                await RunAsync(step.Command, step.WorkingDirectory ?? directory, collection, timeout, mustSucceed: true, cancellationToken);
            }

            var reports = collection.FindReports();
            if (reports.Count == 0)
            {
                throw new LightningException(ErrorKind.Unavailable, "testing.coverage_map_failed",
                    $"The coverage run of '{project.Root}' wrote no report ({collection.Report}): the tests could not be collected.");
            }

            var loaded = await new CoverageLoader(new CoverageReader()).LoadAsync(reports, report.FullPath, cancellationToken);
            var map = FromReport(loaded.Report, report.FullPath, project, commit, dirty, timeProvider.GetUtcNow());
            return File.Exists(readsFile) ? WithReads(map, await File.ReadAllTextAsync(readsFile, cancellationToken)) : map;
        }
        finally
        {
            try
            {
                Directory.Delete(output, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The map a coverage.py report with per-test contexts describes; paths already relative to the repository.</summary>
    public static CoverageMap FromReport(CoverageReport coverage, string repository, DetectedTestProject project, string? commit, bool dirty, DateTimeOffset builtAt)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        ArgumentNullException.ThrowIfNull(project);
        var prefix = project.Root == "." ? string.Empty : project.Root + "/";
        // Test files as modules: tests/test_calc.py (relative to the project) → "tests.test_calc".
        var testModules = coverage.Files
            .Where(file => file.Path.StartsWith(prefix, StringComparison.Ordinal) && file.Path.EndsWith(".py", StringComparison.Ordinal))
            .Select(file => file.Path[prefix.Length..])
            .Where(path => project.TestFileGlobs.Any(glob => Glob.Matches(glob, path)))
            .ToDictionary(path => path[..^3].Replace('/', '.'), path => path, StringComparer.Ordinal);
        var tests = new List<string>();
        var testIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var contextTests = new Dictionary<string, int?>(StringComparer.Ordinal);
        var unmatched = new SortedSet<string>(StringComparer.Ordinal);
        var files = new SortedDictionary<string, IReadOnlyList<CoverageMapEntry>>(StringComparer.Ordinal);
        foreach (var file in coverage.Files)
        {
            var linesByTest = new SortedDictionary<int, List<int>>();
            foreach (var line in file.Lines.Where(line => line.Covered))
            {
                foreach (var context in line.Contexts.Where(context => context.Length > 0))
                {
                    if (!contextTests.TryGetValue(context, out var test))
                    {
                        contextTests[context] = test = NodeIdOf(context, testModules) is { } nodeId ? Index(nodeId) : null;
                        if (test is null)
                        {
                            unmatched.Add(context);
                        }
                    }

                    if (test is { } number)
                    {
                        if (!linesByTest.TryGetValue(number, out var lines))
                        {
                            linesByTest[number] = lines = [];
                        }

                        lines.Add(line.Number);
                    }
                }
            }

            if (linesByTest.Count > 0)
            {
                files[file.Path] = linesByTest.Select(entry => new CoverageMapEntry(entry.Key, CoverageMapEntry.Format(LineRange.FromLines(entry.Value)))).ToList();
            }
        }

        return new CoverageMap
        {
            Repository = Path.GetFullPath(repository),
            Project = project.Root,
            Framework = TestFrameworks.NameOf(project.Framework),
            Commit = commit,
            Dirty = dirty,
            BuiltAt = builtAt,
            Tests = tests,
            Files = files,
            UnmatchedContexts = [.. unmatched],
        };

        int Index(string nodeId)
        {
            if (!testIndex.TryGetValue(nodeId, out var index))
            {
                testIndex[nodeId] = index = tests.Count;
                tests.Add(nodeId);
            }

            return index;
        }
    }

    /// <summary>The pytest plugin that records the files each test opens (<c>Runners/Pytest/lightning_pytest_reads.py</c>).</summary>
    internal const string ReadsPlugin = "lightning_pytest_reads";

    /// <summary>
    /// The map with the files its tests read (the plugin's <c>{"tests": {id: [files]}}</c>), tests added when coverage
    /// did not name them. A document that is not the plugin's leaves the map as it was, without <see cref="CoverageMap.ReadsRecorded"/>.
    /// </summary>
    internal static CoverageMap WithReads(CoverageMap map, string json) => ParseReads(json) is { } reads ? WithReads(map, reads) : map;

    /// <summary>The plugins' <c>{"tests": {id: [files]}}</c>, or null for anything else.</summary>
    internal static Dictionary<string, List<string>>? ParseReads(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("tests", out var tests) ? tests.Deserialize<Dictionary<string, List<string>>>() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The map with the files its tests read, tests added when coverage did not name them (pytest and Jest plugins).</summary>
    internal static CoverageMap WithReads(CoverageMap map, IReadOnlyDictionary<string, List<string>> reads)
    {
        var testList = map.Tests.ToList();
        var index = testList.Select((test, i) => (test, i)).ToDictionary(entry => entry.test, entry => entry.i, StringComparer.Ordinal);
        var files = new SortedDictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var (test, read) in reads.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            if (!index.TryGetValue(test, out var number))
            {
                index[test] = number = testList.Count;
                testList.Add(test);
            }

            foreach (var file in read)
            {
                if (!files.TryGetValue(file, out var readers))
                {
                    files[file] = readers = [];
                }

                readers.Add(number);
            }
        }

        return map with
        {
            Tests = testList,
            Reads = files.ToDictionary(entry => entry.Key, entry => (IReadOnlyList<int>)[.. entry.Value], StringComparer.Ordinal),
            ReadsRecorded = true,
        };
    }

    /// <summary>
    /// "test_calc.TestK.test_m" → "tests/test_calc.py::TestK::test_m": the longest dotted prefix that is a test module
    /// (or the end of one, when pytest imported it by its base name) is the file, the rest its classes and function.
    /// </summary>
    internal static string? NodeIdOf(string context, IReadOnlyDictionary<string, string> testModules)
    {
        var parts = context.Split('.');
        for (var count = parts.Length - 1; count > 0; count--)
        {
            var module = string.Join('.', parts[..count]);
            var path = testModules.TryGetValue(module, out var exact)
                ? exact
                : testModules.Where(entry => entry.Key.EndsWith("." + module, StringComparison.Ordinal)).Select(entry => entry.Value).Order(StringComparer.Ordinal).FirstOrDefault();
            if (path is not null)
            {
                return string.Join("::", [path, .. parts[count..]]);
            }
        }

        return null;
    }

    Task RunAsync(IReadOnlyList<string> command, string directory, CoverageCollection collection, TimeSpan timeout, bool mustSucceed, CancellationToken cancellationToken) =>
        RunAsync(command, directory, collection.Environment, timeout, mustSucceed, cancellationToken);

    async Task RunAsync(IReadOnlyList<string> command, string directory, IReadOnlyDictionary<string, string> added, TimeSpan timeout, bool mustSucceed, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(added, StringComparer.Ordinal)
        {
            ["PATH"] = toolchains.Value.EffectiveSearchPath,
            ["PYTHONDONTWRITEBYTECODE"] = "1",
        };
        var result = await processes.RunAsync(
            new ProcessSpec(command[0], [.. command.Skip(1)]) { WorkingDirectory = directory, Environment = environment, Timeout = timeout, MaxOutputBytes = 16 * 1024 * 1024 },
            null, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (result.Outcome != ProcessOutcome.Exited || (mustSucceed && result.ExitCode != 0))
        {
            var tail = result.Output.Length > 2000 ? result.Output[^2000..] : result.Output;
            throw new LightningException(ErrorKind.Unavailable, "testing.coverage_map_failed",
                $"'{string.Join(' ', command)}' {(result.Outcome == ProcessOutcome.Exited ? $"exited with {result.ExitCode}" : result.Outcome.ToString().ToLowerInvariant())} while building the coverage map: {tail.Trim()}");
        }
    }
}
