using System.Text.Json;
using System.Xml.Linq;
using Lightning.Core.Errors;
using Lightning.Core.Processes;
using Lightning.Core.Workspaces;
using Lightning.Testing.Coverage;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Runners;
using Lightning.Testing.Runners.Jest;

namespace Lightning.Testing.Selection.Coverage;

public sealed partial class CoverageMapBuilder
{
    /// <summary>go test: a run per test function (per package above <see cref="MaxRuns"/>), each writing its own profile.</summary>
    async Task<MapLines> BuildGoAsync(TestDetectionReport report, DetectedTestProject project, ToolchainReport toolchain, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(report.FullPath, project.Root);
        var tests = new List<(string File, string Name, string Package)>();
        foreach (var file in TestFiles(report, project))
        {
            var package = Path.GetDirectoryName(file)?.Replace('\\', '/') is { Length: > 0 } folder ? "./" + folder : ".";
            tests.AddRange(FrameworkTests.GoTestNames(await File.ReadAllTextAsync(Path.Combine(directory, file), cancellationToken)).Select(name => (file, name, package)));
        }

        // One process per test gives exact maps; past the bound, a package's tests share its lines (whole files).
        var units = tests.Count <= MaxRuns
            ? tests.Select(test => (Ids: (IReadOnlyList<string>)[test.File + "::" + test.Name], Arguments: (IReadOnlyList<string>)["-run", "^" + test.Name + "$", test.Package])).ToList()
            : tests.GroupBy(test => test.Package, StringComparer.Ordinal)
                .Select(group => (Ids: (IReadOnlyList<string>)[.. group.Select(test => test.File).Distinct(StringComparer.Ordinal)], Arguments: (IReadOnlyList<string>)[group.Key])).ToList();
        var command = toolchain.Resolve(project.Command);
        var test = command.ToList().IndexOf("test");
        if (test < 0)
        {
            throw new LightningException(ErrorKind.Invalid, NotSupportedCode, $"'{string.Join(' ', command)}' is not a go test command, so no coverage map is built.");
        }

        var lines = new MapLines();
        var output = Directory.CreateTempSubdirectory("lightning-map-").FullName;
        try
        {
            for (var i = 0; i < units.Count; i++)
            {
                var profile = Path.Combine(output, $"{i}.out");
                // The runs' build tags (configured GoBuildTags, or the command's own), so a //go:build test is mapped as it runs.
                await RunAsync([.. command.Take(test + 1), .. command.Skip(test + 1).Where(Runners.GoTest.GoTestAdapter.IsTags),
                    .. Runners.GoTest.GoTestAdapter.TagsArgument(command.Skip(test + 1), toolchains.Value.GoBuildTags),
                    "-count=1", "-covermode=set", "-coverpkg=./...", "-coverprofile=" + profile, .. units[i].Arguments],
                    directory, new Dictionary<string, string>(StringComparer.Ordinal), timeout, mustSucceed: false, cancellationToken);
                if (File.Exists(profile))
                {
                    await AddAsync(lines, [profile], report, project, units[i].Ids, cancellationToken);
                }
            }
        }
        finally
        {
            TryDelete(output);
        }

        if (tests.Count > MaxRuns)
        {
            lines.Notes.Add($"{tests.Count} tests is more than {MaxRuns} runs: mapped per package, so a package's test files share its lines.");
        }

        return lines;
    }

    /// <summary>Jest: a run per test file (the first <see cref="MaxRuns"/>), each with its own LCOV report.</summary>
    async Task<MapLines> BuildJestAsync(TestDetectionReport report, DetectedTestProject project, ToolchainReport toolchain, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(report.FullPath, project.Root);
        var files = TestFiles(report, project);
        var command = toolchain.Resolve(project.Command);
        var lines = new MapLines();
        var output = Directory.CreateTempSubdirectory("lightning-map-").FullName;
        try
        {
            // The files each test reads, through a setup file added after the project's own (see lightning-jest-reads.js).
            var readsDirectory = Path.Combine(output, "reads");
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            var (setupFiles, notRecorded) = await JestSetupFilesAsync(command, directory, timeout, cancellationToken);
            List<string> reads = [];
            List<string> preload = [];
            if (setupFiles is not null)
            {
                Directory.CreateDirectory(readsDirectory);
                var plugin = await PluginFiles.WriteAsync(JestReadsPlugin, output, cancellationToken);
                // The hooks load before anything else (NODE_OPTIONS), so they also see Jest's own loading of data modules.
                preload.Add(JestNodeOptions.Require(await PluginFiles.WriteAsync(JestPreloadPlugin, output, cancellationToken)));
                reads = [.. setupFiles.Append(plugin).Select(setup => "--setupFilesAfterEnv=" + setup)];
                environment["LIGHTNING_JEST_READS_DIR"] = readsDirectory;
                environment["LIGHTNING_JEST_READS_ROOT"] = report.FullPath;
                environment["LIGHTNING_JEST_READS_PROJECT"] = directory;
            }
            else
            {
                lines.Notes.Add($"Files read at run time are not recorded: {notRecorded}.");
            }

            if (JestNodeOptions.For(directory, null, preload) is { } nodeOptions)
            {
                environment["NODE_OPTIONS"] = nodeOptions;
            }

            foreach (var (file, i) in files.Take(MaxRuns).Select((file, i) => (file, i)))
            {
                var coverage = Path.Combine(output, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await RunAsync([.. command, "--ci", "--coverage", "--coverageReporters=lcovonly", "--coverageDirectory=" + coverage, .. reads, "--runTestsByPath", Path.Combine(directory, file)],
                    directory, environment, timeout, mustSucceed: false, cancellationToken);
                var lcov = Path.Combine(coverage, "lcov.info");
                // A test file that loads no source writes an empty report: it covers nothing, which is not an error.
                if (File.Exists(lcov) && new FileInfo(lcov).Length > 0)
                {
                    await AddAsync(lines, [lcov], report, project, [file], cancellationToken);
                }
            }

            if (setupFiles is not null)
            {
                lines.Reads = await ReadJestReadsAsync(readsDirectory, cancellationToken);
            }
        }
        finally
        {
            TryDelete(output);
        }

        if (files.Count > MaxRuns)
        {
            lines.Notes.Add($"{files.Count} test files is more than {MaxRuns} runs: the rest are selected by their imports.");
        }

        return lines;
    }

    /// <summary>The setup file that records the files each Jest test reads (<c>Runners/Jest/lightning-jest-reads.js</c>).</summary>
    internal const string JestReadsPlugin = "lightning-jest-reads.js";

    /// <summary>The read hooks, preloaded through NODE_OPTIONS (<c>Runners/Jest/lightning-jest-preload.js</c>).</summary>
    internal const string JestPreloadPlugin = "lightning-jest-preload.js";

    /// <summary>
    /// The project's own <c>setupFilesAfterEnv</c>, as Jest resolves them (<c>jest --showConfig</c>): a
    /// <c>--setupFilesAfterEnv</c> option replaces the configured list, so the reads plugin is passed after all of them.
    /// Null, and why, when they cannot be known (a multi-project configuration, whose projects each have their own).
    /// </summary>
    async Task<(IReadOnlyList<string>? SetupFiles, string? Why)> JestSetupFilesAsync(IReadOnlyList<string> command, string directory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await processes.RunAsync(
            new ProcessSpec(command[0], [.. command.Skip(1), "--showConfig"])
            {
                WorkingDirectory = directory,
                Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = toolchains.Value.EffectiveSearchPath },
                Timeout = timeout,
                MaxOutputBytes = 16 * 1024 * 1024,
            },
            null, cancellationToken);
        return ParseJestSetupFiles(result.Succeeded ? result.Output : null);
    }

    /// <summary><c>jest --showConfig</c>'s <c>configs[0].setupFilesAfterEnv</c> (the JSON document may follow warnings).</summary>
    internal static (IReadOnlyList<string>? SetupFiles, string? Why) ParseJestSetupFiles(string? output)
    {
        var start = output?.IndexOf('{', StringComparison.Ordinal) ?? -1;
        if (output is null || start < 0)
        {
            return (null, "'jest --showConfig' failed, so the project's setupFilesAfterEnv are unknown");
        }

        try
        {
            using var document = JsonDocument.Parse(output[start..]);
            var configs = document.RootElement.GetProperty("configs");
            if (configs.GetArrayLength() != 1)
            {
                return (null, $"the Jest configuration has {configs.GetArrayLength()} projects, each with its own setup files");
            }

            return configs[0].TryGetProperty("setupFilesAfterEnv", out var files) && files.ValueKind == JsonValueKind.Array
                ? ([.. files.EnumerateArray().Select(file => file.GetString()).OfType<string>()], null)
                : ([], null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, "'jest --showConfig' printed no configuration");
        }
    }

    /// <summary>The reads the setup file wrote, one JSON document per test file, merged.</summary>
    static async Task<Dictionary<string, List<string>>> ReadJestReadsAsync(string directory, CancellationToken cancellationToken)
    {
        var reads = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            foreach (var (test, files) in ParseReads(await File.ReadAllTextAsync(file, cancellationToken)) ?? [])
            {
                if (!reads.TryGetValue(test, out var known))
                {
                    reads[test] = known = [];
                }

                known.AddRange(files.Where(read => !known.Contains(read, StringComparer.Ordinal)));
            }
        }

        return reads;
    }

    /// <summary>PHPUnit: one run with pcov writing its XML coverage, whose lines name the tests that ran them.</summary>
    async Task<MapLines> BuildPhpUnitAsync(TestDetectionReport report, DetectedTestProject project, ToolchainReport toolchain, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(report.FullPath, project.Root);
        var output = Directory.CreateTempSubdirectory("lightning-map-").FullName;
        try
        {
            var resolved = project with { Command = toolchain.Resolve(project.Command) };
            var collection = Lightning.Testing.Coverage.Collectors.CoverageCollectors.For(resolved, directory, output,
                new Lightning.Testing.Coverage.Collectors.CoverageCollectorOptions { SearchPath = toolchains.Value.EffectiveSearchPath });
            var xml = Path.Combine(output, "xml");
            await RunAsync([.. collection.Command, "--do-not-cache-result", "--coverage-xml", xml], directory, collection, timeout, mustSucceed: false, cancellationToken);
            if (!File.Exists(Path.Combine(xml, "index.xml")))
            {
                throw new LightningException(ErrorKind.Unavailable, "testing.coverage_map_failed",
                    $"PHPUnit wrote no XML coverage for '{project.Root}': it needs the pcov extension (Debian php-pcov) and PHPUnit 9 or later.");
            }

            // Test classes by their qualified names, to name each test by its file.
            var classes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in TestFiles(report, project))
            {
                if (FrameworkTests.PhpClass(await File.ReadAllTextAsync(Path.Combine(directory, file), cancellationToken)) is { } name)
                {
                    classes.TryAdd(name, file);
                }
            }

            return ReadPhpUnitXml(xml, report.FullPath, classes);
        }
        finally
        {
            TryDelete(output);
        }
    }

    /// <summary>
    /// PHPUnit's XML coverage: index.xml names the measured root (<c>&lt;project source=...&gt;</c>); each file's
    /// <c>&lt;line nr&gt;&lt;covered by="App\Tests\CalcTest::testAdd"/&gt;</c> lists the tests that ran the line.
    /// </summary>
    internal static MapLines ReadPhpUnitXml(string directory, string repository, IReadOnlyDictionary<string, string> testFiles)
    {
        XNamespace ns = "https://schema.phpunit.de/coverage/1.0";
        var source = XDocument.Load(Path.Combine(directory, "index.xml")).Root?.Element(ns + "project")?.Attribute("source")?.Value
            ?? throw new LightningException(ErrorKind.Unavailable, "testing.coverage_map_failed", "PHPUnit's coverage index names no source directory.");
        var lines = new MapLines();
        foreach (var path in Directory.EnumerateFiles(directory, "*.xml", SearchOption.AllDirectories).Where(path => Path.GetFileName(path) != "index.xml"))
        {
            var file = XDocument.Load(path).Root?.Element(ns + "file");
            if (file is null)
            {
                continue;
            }

            var full = Path.GetFullPath(Path.Combine(source, (file.Attribute("path")?.Value ?? "/").TrimStart('/'), file.Attribute("name")?.Value ?? string.Empty));
            var relative = Path.GetRelativePath(repository, full).Replace('\\', '/');
            if (relative.StartsWith("..", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var line in file.Element(ns + "coverage")?.Elements(ns + "line") ?? [])
            {
                if (!int.TryParse(line.Attribute("nr")?.Value, System.Globalization.CultureInfo.InvariantCulture, out var number))
                {
                    continue;
                }

                foreach (var by in line.Elements(ns + "covered").Select(covered => covered.Attribute("by")?.Value).OfType<string>())
                {
                    // "Class::method with data set #1" → the method.
                    var separator = by.IndexOf("::", StringComparison.Ordinal);
                    var method = separator < 0 ? null : by[(separator + 2)..].Split(" with data set", 2)[0];
                    if (method is not null && testFiles.TryGetValue(by[..separator], out var testFile))
                    {
                        lines.Add(testFile + "::" + method, relative, number);
                    }
                    else
                    {
                        lines.Unmatched.Add(by);
                    }
                }
            }
        }

        return lines;
    }

    /// <summary>
    /// JUnit 5: one run through the test runner under JaCoCo, where Agent Lightning's listener resets the agent's data
    /// when a test starts and writes it when the test ends; each test's data becomes its own JaCoCo report. Ids are the
    /// test file and method (<c>src/test/java/com/x/CalcTest.java::add</c>, with parameter types when it has any).
    /// </summary>
    async Task<MapLines> BuildJUnitAsync(TestDetectionReport report, DetectedTestProject project, CancellationToken cancellationToken)
    {
        var output = Directory.CreateTempSubdirectory("lightning-map-").FullName;
        try
        {
            var results = await runner.RunAsync(new Runners.TestRunRequest
            {
                Repository = report.FullPath,
                Project = project.Root,
                Framework = TestFrameworks.NameOf(project.Framework),
                Detection = report,
                Coverage = true,
                PerTestCoverageDirectory = output,
            }, null, cancellationToken);
            var tests = Path.Combine(output, "tests.tsv");
            if (!File.Exists(tests))
            {
                var why = results.Select(result => result.Error ?? result.Coverage?.Unavailable).FirstOrDefault(text => text is not null);
                throw new LightningException(ErrorKind.Unavailable, "testing.coverage_map_failed",
                    $"JUnit wrote no per-test coverage for '{project.Root}'{(why is null ? "" : ": " + why)}. It needs the JaCoCo agent (Debian libjacoco-java).");
            }

            var files = TestFiles(report, project);
            var lines = new MapLines();
            foreach (var row in await File.ReadAllLinesAsync(tests, cancellationToken))
            {
                var parts = row.Split('\t');
                var xml = Path.Combine(output, parts[0] + ".xml");
                if (parts.Length < 4 || !File.Exists(xml))
                {
                    continue;
                }

                var source = JavaSourceOf(parts[1]);
                var file = files.FirstOrDefault(file => Path.ChangeExtension(file, null).Replace('\\', '/').EndsWith(source, StringComparison.Ordinal));
                if (file is null)
                {
                    lines.Unmatched.Add(parts[1] + "#" + parts[2]);
                    continue;
                }

                var id = file + "::" + parts[2] + (parts[3].Length > 0 ? "(" + parts[3] + ")" : string.Empty);
                await AddAsync(lines, [xml], report, project, [id], cancellationToken);
            }

            return lines;
        }
        finally
        {
            TryDelete(output);
        }
    }

    /// <summary>"com.x.CalcTest$Nested" → "com/x/CalcTest": the source file of a class, without its extension.</summary>
    static string JavaSourceOf(string className)
    {
        var outer = className.Split('$', 2)[0];
        return outer.Replace('.', '/');
    }

    /// <summary>
    /// RSpec: one run with <c>lightning_rspec_coverage_map.rb</c> required, which clears Ruby's line coverage around
    /// each example and appends what the example ran; ids are <c>spec/calc_spec.rb::Calc adds</c> (file and full description).
    /// </summary>
    async Task<MapLines> BuildRspecAsync(TestDetectionReport report, DetectedTestProject project, ToolchainReport toolchain, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(report.FullPath, project.Root);
        var output = Directory.CreateTempSubdirectory("lightning-map-").FullName;
        try
        {
            var helper = await Runners.PluginFiles.WriteAsync("lightning_rspec_coverage_map.rb", output, cancellationToken);
            var map = Path.Combine(output, "map.jsonl");
            await RunAsync([.. toolchain.Resolve(project.Command), "--require", helper, "--format", "progress", "--no-color"],
                directory, new Dictionary<string, string>(StringComparer.Ordinal) { ["LIGHTNING_RSPEC_COVERAGE_MAP"] = map }, timeout, mustSucceed: false, cancellationToken);
            if (!File.Exists(map))
            {
                throw new LightningException(ErrorKind.Unavailable, "testing.coverage_map_failed",
                    $"RSpec ran no example in '{project.Root}' under per-example coverage, so there is nothing to map.");
            }

            return ReadRspecMap(await File.ReadAllLinesAsync(map, cancellationToken), report.FullPath, directory);
        }
        finally
        {
            TryDelete(output);
        }
    }

    /// <summary>The per-example lines <c>lightning_rspec_coverage_map.rb</c> wrote: absolute source paths become relative to the repository; files outside it are left out.</summary>
    internal static MapLines ReadRspecMap(IEnumerable<string> jsonLines, string repository, string projectDirectory)
    {
        var lines = new MapLines();
        foreach (var json in jsonLines.Where(line => line.Length > 0))
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var root = document.RootElement;
            var id = root.GetProperty("file").GetString() + "::" + root.GetProperty("name").GetString();
            foreach (var file in root.GetProperty("lines").EnumerateObject())
            {
                var relative = Path.GetRelativePath(repository, Path.GetFullPath(file.Name, projectDirectory)).Replace('\\', '/');
                if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
                {
                    continue;
                }

                foreach (var number in file.Value.EnumerateArray())
                {
                    lines.Add(id, relative, number.GetInt32());
                }
            }
        }

        return lines;
    }

    /// <summary>Reads coverage reports (paths relative to the project, as its tools write them) and gives their covered lines to <paramref name="ids"/>.</summary>
    static async Task AddAsync(MapLines lines, IReadOnlyList<string> reports, TestDetectionReport report, DetectedTestProject project, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(report.FullPath, project.Root);
        var loaded = await new CoverageLoader(new CoverageReader()).LoadAsync(reports, directory, cancellationToken);
        var prefix = project.Root == "." ? string.Empty : project.Root + "/";
        foreach (var file in loaded.Report.Files)
        {
            foreach (var line in file.Lines.Where(line => line.Covered))
            {
                foreach (var id in ids)
                {
                    lines.Add(id, prefix + file.Path, line.Number);
                }
            }
        }
    }

    /// <summary>The project's test files (relative to its root), in path order.</summary>
    List<string> TestFiles(TestDetectionReport report, DetectedTestProject project)
    {
        var tree = RepositoryTree.Walk(new Workspace(report.FullPath), report.FullPath, detection.Value, CancellationToken.None);
        return [.. tree.Files.Select(file => SelectionContext.RelativeTo(project, file)).OfType<string>()
            .Where(file => project.TestFileGlobs.Any(glob => Glob.Matches(glob, file))).Order(StringComparer.Ordinal)];
    }

    static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Lines by file and test as runs report them; becomes a <see cref="CoverageMap"/>.</summary>
    internal sealed class MapLines
    {
        readonly List<string> _tests = [];
        readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        readonly SortedDictionary<string, SortedDictionary<int, SortedSet<int>>> _files = new(StringComparer.Ordinal);

        public SortedSet<string> Unmatched { get; } = new(StringComparer.Ordinal);

        public List<string> Notes { get; } = [];

        public void Add(string test, string file, int line)
        {
            if (!_index.TryGetValue(test, out var index))
            {
                _index[test] = index = _tests.Count;
                _tests.Add(test);
            }

            if (!_files.TryGetValue(file, out var byTest))
            {
                _files[file] = byTest = [];
            }

            if (!byTest.TryGetValue(index, out var set))
            {
                byTest[index] = set = [];
            }

            set.Add(line);
        }

        /// <summary>The files each test read at run time (Jest's setup file), or null when they were not recorded.</summary>
        public Dictionary<string, List<string>>? Reads { get; set; }

        public CoverageMap ToMap(string repository, DetectedTestProject project, string? commit, bool dirty, DateTimeOffset builtAt)
        {
            var map = Map(repository, project, commit, dirty, builtAt);
            return Reads is null ? map : WithReads(map, Reads);
        }

        CoverageMap Map(string repository, DetectedTestProject project, string? commit, bool dirty, DateTimeOffset builtAt) => new()
        {
            Repository = Path.GetFullPath(repository),
            Project = project.Root,
            Framework = TestFrameworks.NameOf(project.Framework),
            Commit = commit,
            Dirty = dirty,
            BuiltAt = builtAt,
            Tests = [.. _tests],
            Files = _files.ToDictionary(
                file => file.Key,
                file => (IReadOnlyList<CoverageMapEntry>)[.. file.Value.Select(entry => new CoverageMapEntry(entry.Key, CoverageMapEntry.Format(LineRange.FromLines(entry.Value))))],
                StringComparer.Ordinal),
            UnmatchedContexts = [.. Unmatched],
            Notes = Notes,
        };
    }
}
