using System.Globalization;
using Lightning.Testing.Coverage.Sources;
using Lightning.Testing.Detection;
using Lightning.Testing.Selection.Coverage;

namespace Lightning.Testing.Selection;

/// <summary>
/// Maps changed files to the tests they affect, each with its reasons:
/// <list type="bullet">
/// <item>a changed test file selects itself; a changed <c>conftest.py</c> the tests under its directory;</item>
/// <item>per-test coverage maps select the tests that ran the changed lines (line numbers carried across commits);</item>
/// <item>files the tests opened at run time (recorded with the coverage map, pytest and Jest) select the tests that read them;</item>
/// <item>the import graph selects the test files that import a changed file, directly or through others, or name it in
/// a string literal (a guess the run-time reads replace where the map recorded them);</item>
/// <item>a change whose impact is unknown (a configuration or lock file, a deleted source file, a file nothing covers,
/// imports or reads) makes everything run, and the selection says which and why.</item>
/// </list>
/// Safe mode keeps every affected test; fast mode ranks them (proximity, failure history) and keeps the best until
/// their share of the total score reaches the confidence.
/// </summary>
public static class TestSelector
{
    // Proximity of each kind of evidence: how likely such a test fails when the change breaks something.
    const double ChangedTest = 1.0;
    const double CoveredChangedLines = 0.95;
    const double CoveredFile = 0.5;
    const double Conftest = 0.6;
    const double DirectImport = 0.5;
    const double ImportWithoutCoverage = 0.05;
    const double ReadAtRunTime = 0.9;

    static readonly HashSet<string> ConfigurationNames = new(StringComparer.Ordinal)
    {
        "pytest.ini", "tox.ini", "setup.cfg", "setup.py", "pyproject.toml", "Pipfile", "Pipfile.lock", "poetry.lock", ".coveragerc",
        "package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "npm-shrinkwrap.json", ".babelrc", ".npmrc",
        "go.mod", "go.sum", "go.work", "pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "gradle.properties",
        "Gemfile", "Gemfile.lock", "gems.rb", ".rspec", "composer.json", "composer.lock", "phpunit.xml", "phpunit.xml.dist", "phpunit.dist.xml",
        "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "nuget.config", "NuGet.Config",
        "Makefile", ".env",
    };

    static readonly HashSet<string> DocumentExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".md", ".rst", ".adoc", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico",
    };

    public static TestSelection Select(
        SelectionContext context, ChangeSet changes, SelectionMode mode, double confidence, IReadOnlyDictionary<string, double>? failureRates = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(changes);
        failureRates ??= new Dictionary<string, double>(StringComparer.Ordinal);
        var candidates = new Dictionary<(string Project, string Id), Candidate>();
        var fallbacks = new List<SelectionNote>();
        var ignored = new List<SelectionNote>();
        var notes = new List<string>(context.Notes);
        foreach (var change in changes.Files)
        {
            Classify(context, change, candidates, fallbacks, ignored);
        }

        // A test file that runs whole includes its tests: one entry, every reason.
        foreach (var file in candidates.Values.Where(candidate => candidate.WholeFile).ToList())
        {
            foreach (var test in candidates.Values.Where(candidate => !candidate.WholeFile && candidate.Project == file.Project && candidate.File == file.File).ToList())
            {
                if (mode == SelectionMode.Safe)
                {
                    file.Merge(test);
                    candidates.Remove((test.Project, test.Id));
                }
            }
        }

        foreach (var candidate in candidates.Values)
        {
            var rate = Math.Max(failureRates.GetValueOrDefault(candidate.File), failureRates.GetValueOrDefault(candidate.File + "::" + candidate.Id.Split("::", 2).ElementAtOrDefault(1)));
            candidate.Score = 1 - ((1 - candidate.Proximity) * (1 - (0.9 * rate)));
            if (rate > 0)
            {
                candidate.Reasons.Add(string.Create(CultureInfo.InvariantCulture, $"it failed in {rate:P0} of its recent runs"));
            }
        }

        var ranked = candidates.Values.OrderByDescending(candidate => candidate.Score).ThenBy(candidate => candidate.Project, StringComparer.Ordinal)
            .ThenBy(candidate => candidate.Id, StringComparer.Ordinal).ToList();
        var kept = ranked;
        var dropped = new List<Candidate>();
        if (mode == SelectionMode.Fast)
        {
            (kept, dropped) = Cut(ranked, confidence);
            // A kept whole file makes its kept single tests redundant.
            var wholeFiles = kept.Where(candidate => candidate.WholeFile).Select(candidate => (candidate.Project, candidate.File)).ToHashSet();
            kept = kept.Where(candidate => candidate.WholeFile || !wholeFiles.Contains((candidate.Project, candidate.File))).ToList();
        }

        var projects = context.Detection.Projects.Select(project => new SelectedProject(
            project.Root, TestFrameworks.NameOf(project.Framework), kept.Count(candidate => candidate.Project == project.Root),
            SelectsByTest(project.Framework))).ToList();
        foreach (var project in projects.Where(project => project.Selected > 0 && !project.SelectsByTest))
        {
            notes.Add($"{project.Framework} in '{project.Root}': tests are selected by file; running the selection runs the whole project.");
        }

        return new TestSelection
        {
            Repository = context.Repository,
            Changes = changes,
            Mode = mode,
            Confidence = confidence,
            Fallbacks = fallbacks,
            Ignored = ignored,
            Tests = kept.Select(candidate => candidate.ToSelected()).ToList(),
            Dropped = dropped.Select(candidate => candidate.ToSelected()).ToList(),
            Projects = projects,
            Notes = notes,
            KnownTests = context.Maps.Values.Sum(map => map.Tests.Count),
        };
    }

    /// <summary>Keeps tests by rank until they hold <paramref name="confidence"/> of the total score; tests scoring at least the confidence always stay.</summary>
    static (List<Candidate> Kept, List<Candidate> Dropped) Cut(List<Candidate> ranked, double confidence)
    {
        var total = ranked.Sum(candidate => candidate.Score);
        var kept = new List<Candidate>();
        var dropped = new List<Candidate>();
        var sum = 0.0;
        foreach (var candidate in ranked)
        {
            if (candidate.Score >= confidence || sum < confidence * total)
            {
                kept.Add(candidate);
                sum += candidate.Score;
            }
            else
            {
                dropped.Add(candidate);
            }
        }

        return (kept, dropped);
    }

    static void Classify(SelectionContext context, ChangedFile change, Dictionary<(string, string), Candidate> candidates, List<SelectionNote> fallbacks, List<SelectionNote> ignored)
    {
        var path = change.Path;
        var name = Path.GetFileName(path);
        if (IsConfiguration(name))
        {
            fallbacks.Add(new SelectionNote(path, $"{path} changed: a configuration or lock file, whose effect on the tests is unknown, so every test runs."));
            return;
        }

        if (context.TestProjectOf(path) is { } testProject)
        {
            if (change.Kind == ChangeKind.Deleted)
            {
                ignored.Add(new SelectionNote(path, $"{path} was deleted: its tests no longer exist."));
                return;
            }

            var lines = change.WholeFile || change.Lines.Count == 0 ? string.Empty : $" (lines {LineRange.Describe(change.Lines)})";
            var selected = Add(candidates, testProject, path, null, ChangedTest, $"{path} changed{lines}");
            selected.Distance = 0;
            return;
        }

        if (name == "conftest.py")
        {
            var directory = Path.GetDirectoryName(path)?.Replace('\\', '/') ?? string.Empty;
            var any = false;
            foreach (var project in context.Detection.Projects.Where(project => project.Framework == TestFramework.Pytest))
            {
                foreach (var test in context.TestFilesOf(project).Where(test => directory.Length == 0 || test.StartsWith(directory + "/", StringComparison.Ordinal)))
                {
                    Add(candidates, project, test, null, Conftest, $"{path} changed and it holds fixtures for the tests under {(directory.Length == 0 ? "." : directory)}/");
                    any = true;
                }
            }

            if (!any)
            {
                fallbacks.Add(new SelectionNote(path, $"{path} changed and no test file is under it: its impact is unknown, so every test runs."));
            }

            return;
        }

        if (change.Kind == ChangeKind.Deleted)
        {
            fallbacks.Add(new SelectionNote(path, $"{path} was deleted: what imported it cannot be checked from its contents, so every test runs."));
            return;
        }

        var before = candidates.Count;
        var reasonsBefore = candidates.Values.Sum(candidate => candidate.Reasons.Count);
        SelectByCoverage(context, change, candidates);
        SelectByReads(context, change, candidates);
        SelectByImports(context, change, candidates);
        if (candidates.Count > before || candidates.Values.Sum(candidate => candidate.Reasons.Count) > reasonsBefore)
        {
            return;
        }

        if (IsDocument(path))
        {
            ignored.Add(new SelectionNote(path, $"{path} is documentation that no test reads."));
            return;
        }

        fallbacks.Add(new SelectionNote(path, context.Graph.Contains(path)
            ? $"{path} changed and no test covers or imports it: its impact is unknown, so every test runs."
            : $"{path} changed and no test imports, reads or covers it: its impact is unknown, so every test runs."));
    }

    static void SelectByCoverage(SelectionContext context, ChangedFile change, Dictionary<(string, string), Candidate> candidates)
    {
        foreach (var (root, map) in context.Maps)
        {
            if (!map.Files.TryGetValue(change.Path, out var entries)
                || context.Detection.Projects.FirstOrDefault(project => project.Root == root) is not { } project)
            {
                continue;
            }

            // The changed lines in the map's numbering: the base's lines, carried back through what changed since the map.
            IReadOnlyList<LineRange>? changed = null;
            if (!change.WholeFile && change.Kind == ChangeKind.Modified && change.OldLines.Count > 0)
            {
                changed = context.MapDrift.TryGetValue(root, out var drift) && drift.TryGetValue(change.Path, out var moved)
                    ? change.OldLines.SelectMany(range => Enumerable.Range(range.Start, range.End - range.Start + 1)).Select(line => DiffHunk.ToOld(moved.Hunks, line)).ToList()
                    : change.OldLines;
            }

            var functions = Functions(context, change);
            foreach (var entry in entries)
            {
                var test = map.Tests[entry.Test];
                var file = Combine(root, test.Split("::", 2)[0]);
                // A map per file (Jest, go batched by package) selects the whole file.
                var nodeId = test.Contains("::", StringComparison.Ordinal) ? test : null;
                var ran = entry.Ranges();
                if (changed is null)
                {
                    Add(candidates, project, file, nodeId, CoveredFile, $"{change.Path} changed and it ran lines {LineRange.Describe(ran)} of it");
                    continue;
                }

                var hit = ran.SelectMany(range => Enumerable.Range(range.Start, range.End - range.Start + 1))
                    .Where(line => changed.Any(range => range.Contains(line))).ToList();
                if (hit.Count == 0)
                {
                    continue;
                }

                var where = functions.FirstOrDefault(function => change.Lines.Any(range => range.Overlaps(new LineRange(function.Line, function.EndLine))));
                var span = where is null ? LineRange.FromLines(hit) : LineRange.FromLines(ran.SelectMany(range => Enumerable.Range(range.Start, range.End - range.Start + 1))
                    .Where(line => line >= where.Line && line <= where.EndLine));
                Add(candidates, project, file, nodeId, CoveredChangedLines,
                    $"{change.Path}{(where is null ? string.Empty : ":" + where.Name)} changed (lines {LineRange.Describe(change.Lines)}) and it covered lines {LineRange.Describe(span)}");
            }
        }
    }

    /// <summary>The tests that opened the changed file while the map was built: "it read data/x.json, which changed".</summary>
    static void SelectByReads(SelectionContext context, ChangedFile change, Dictionary<(string, string), Candidate> candidates)
    {
        foreach (var (root, map) in context.Maps)
        {
            if (!map.Reads.TryGetValue(change.Path, out var readers)
                || context.Detection.Projects.FirstOrDefault(project => project.Root == root) is not { } project)
            {
                continue;
            }

            foreach (var reader in readers)
            {
                var test = map.Tests[reader];
                var nodeId = test.Contains("::", StringComparison.Ordinal) ? test : null;
                var candidate = Add(candidates, project, Combine(root, test.Split("::", 2)[0]), nodeId, ReadAtRunTime, $"it read {change.Path}, which changed");
                candidate.Distance = Math.Min(candidate.Distance, 1);
            }
        }
    }

    static void SelectByImports(SelectionContext context, ChangedFile change, Dictionary<(string, string), Candidate> candidates)
    {
        foreach (var (dependent, chain) in context.Graph.ImpactOf(change.Path))
        {
            if (context.TestProjectOf(dependent) is not { } project)
            {
                continue;
            }

            var direct = chain.Count == 0 ? change.Path : chain[0];
            var reads = context.Graph.Reads(dependent, direct);
            if (reads && chain.Count == 0 && context.Maps.TryGetValue(project.Root, out var recorded) && recorded.ReadsRecorded
                && recorded.Tests.Any(test => Combine(project.Root, test.Split("::", 2)[0]) == dependent))
            {
                // The map saw which of this file's tests opened what: a path named in its source is only a guess beside
                // that (SelectByReads selected the tests that did read the file; none of them did otherwise).
                continue;
            }

            var verb = reads ? "reads" : "imports";
            var text = chain.Count == 0
                ? $"it {verb} {change.Path}"
                : $"it {verb} {chain[0]}, " + string.Join(", ", chain.Skip(1).Select(file => $"which imports {file}").Append($"which imports {change.Path}"));
            // With a line-exact coverage map of this test file, tests that did not run the changed lines are unlikely to fail.
            var precise = context.Maps.TryGetValue(project.Root, out var map) && !change.WholeFile && change.Kind == ChangeKind.Modified
                && map.Tests.Any(test => Combine(project.Root, test.Split("::", 2)[0]) == dependent) && map.Files.ContainsKey(change.Path);
            var proximity = precise ? ImportWithoutCoverage : DirectImport / (chain.Count + 1);
            var candidate = Add(candidates, project, dependent, null, proximity, text);
            candidate.Distance = Math.Min(candidate.Distance, chain.Count + 1);
        }
    }

    static IReadOnlyList<SourceFunction> Functions(SelectionContext context, ChangedFile change)
    {
        if (!SourceFunctions.Supports(change.Path))
        {
            return [];
        }

        try
        {
            return SourceFunctions.Find(change.Path, File.ReadAllText(Path.Combine(context.Repository, change.Path)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    static string Combine(string root, string path) => root == "." ? path : root + "/" + path;

    static Candidate Add(Dictionary<(string, string), Candidate> candidates, DetectedTestProject project, string file, string? nodeId, double proximity, string reason)
    {
        var relative = SelectionContext.RelativeTo(project, file) ?? file;
        var id = nodeId ?? relative;
        if (!candidates.TryGetValue((project.Root, id), out var candidate))
        {
            candidates[(project.Root, id)] = candidate = new Candidate(project.Root, TestFrameworks.NameOf(project.Framework), id, file, nodeId is null);
        }

        candidate.Proximity = Math.Max(candidate.Proximity, proximity);
        var label = nodeId is null ? file : Combine(project.Root, nodeId);
        var text = reason.StartsWith(file, StringComparison.Ordinal) && reason.Contains(" changed", StringComparison.Ordinal) && nodeId is null
            ? $"{label} runs because it changed{reason[file.Length..].Replace(" changed", string.Empty, StringComparison.Ordinal)}"
            : $"{label} runs because {reason}";
        if (!candidate.Reasons.Contains(text))
        {
            candidate.Reasons.Add(text);
        }

        return candidate;
    }

    /// <summary>Frameworks whose runs take the selected tests or files (<see cref="SelectionRunPlan"/>); others run whole.</summary>
    internal static bool SelectsByTest(TestFramework framework) =>
        framework is TestFramework.Pytest or TestFramework.GoTest or TestFramework.Jest or TestFramework.Phpunit or TestFramework.Rspec or TestFramework.Junit5
            or TestFramework.DotnetTest;

    internal static bool IsConfiguration(string name) =>
        ConfigurationNames.Contains(name)
        || (name.StartsWith("requirements", StringComparison.Ordinal) && name.EndsWith(".txt", StringComparison.Ordinal))
        || name.StartsWith("jest.config.", StringComparison.Ordinal) || name.StartsWith("babel.config.", StringComparison.Ordinal)
        || name.StartsWith("tsconfig", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal)
        || name.EndsWith(".csproj", StringComparison.Ordinal) || name.EndsWith(".fsproj", StringComparison.Ordinal)
        || name.EndsWith(".sln", StringComparison.Ordinal) || name.EndsWith(".slnx", StringComparison.Ordinal);

    static bool IsDocument(string path)
    {
        var name = Path.GetFileName(path);
        return DocumentExtensions.Contains(Path.GetExtension(path))
            || path.StartsWith("docs/", StringComparison.Ordinal) || path.StartsWith("doc/", StringComparison.Ordinal)
            || name.StartsWith("LICENSE", StringComparison.Ordinal) || name.StartsWith("CHANGELOG", StringComparison.Ordinal)
            || name is "AUTHORS" or "CONTRIBUTORS" or "COPYING" or ".gitignore" or ".gitattributes" or ".editorconfig"
            || path.StartsWith(".github/", StringComparison.Ordinal);
    }

    sealed class Candidate(string project, string framework, string id, string file, bool wholeFile)
    {
        public string Project { get; } = project;

        public string Id { get; } = id;

        public string File { get; } = file;

        public bool WholeFile { get; } = wholeFile;

        public double Proximity { get; set; }

        public double Score { get; set; }

        public int Distance { get; set; } = int.MaxValue;

        public List<string> Reasons { get; } = [];

        public void Merge(Candidate other)
        {
            Proximity = Math.Max(Proximity, other.Proximity);
            Distance = Math.Min(Distance, other.Distance);
            Reasons.AddRange(other.Reasons.Where(reason => !Reasons.Contains(reason)));
        }

        public SelectedTest ToSelected() => new(Project, framework, Id, File)
        {
            WholeFile = WholeFile,
            Score = Math.Round(Score, 3),
            Reasons = Reasons,
        };
    }
}
