using System.Text.Json;
using System.Text.RegularExpressions;
using static Lightning.Agents.Tools.RepositoryAnalysis.ManifestCatalog;

namespace Lightning.Agents.Tools.RepositoryAnalysis;

/// <summary>
/// Finds test frameworks from manifests and file layout, one finding per framework and project directory, with the
/// evidence that gave it away and a command to run the tests there. Only files the walk saw are read, and only small ones.
/// </summary>
internal sealed partial class TestFrameworkDetector
{
    const long MaxManifestBytes = 1024 * 1024;

    static readonly string[] Pytest = ["python3", "-m", "pytest", "-q"];
    static readonly string[] GoTest = ["go", "test", "./..."];
    static readonly string[] PhpUnit = ["vendor/bin/phpunit"];
    static readonly string[] NodeFrameworks = ["jest", "vitest", "mocha"];

    readonly string _root;
    readonly RepositoryScan _scan;
    readonly HashSet<string> _files;
    readonly Dictionary<(string Name, string Directory), Finding> _findings = [];

    TestFrameworkDetector(string root, RepositoryScan scan)
    {
        _root = root;
        _scan = scan;
        _files = new HashSet<string>(scan.Files, StringComparer.Ordinal);
    }

    public static IReadOnlyList<TestFrameworkFinding> Detect(string root, RepositoryScan scan)
    {
        var detector = new TestFrameworkDetector(root, scan);
        detector.Python();
        detector.Node();
        detector.Go();
        detector.Jvm();
        detector.Ruby();
        detector.Php();
        detector.Dotnet();
        return [.. detector._findings
            .OrderBy(pair => pair.Key.Directory, StringComparer.Ordinal)
            .ThenBy(pair => pair.Key.Name, StringComparer.Ordinal)
            .Select(pair => new TestFrameworkFinding(
                pair.Key.Name, pair.Key.Directory.Length == 0 ? "." : pair.Key.Directory, pair.Value.Command, pair.Value.Evidence))];
    }

    void Python()
    {
        var roots = DirectoriesOf(name => name is "pyproject.toml" or "setup.py" or "setup.cfg" or "tox.ini" or "pytest.ini" or "Pipfile" || IsRequirements(name));
        var testFiles = new Dictionary<string, (int Count, string Example)>(StringComparer.Ordinal);
        foreach (var file in _scan.Files)
        {
            var name = FileName(file);
            var directory = DirectoryOf(file);
            if (name == "pytest.ini")
            {
                Add("pytest", directory, Pytest, file);
            }
            else if (name is "pyproject.toml" or "setup.py" or "setup.cfg" or "tox.ini" or "Pipfile" && PytestWord().IsMatch(Read(file)))
            {
                Add("pytest", directory, Pytest, $"{file} mentions pytest");
            }
            else if (IsRequirements(name) && PytestRequirement().IsMatch(Read(file)))
            {
                Add("pytest", directory, Pytest, $"{file} lists pytest");
            }
            else if (name == "conftest.py")
            {
                Add("pytest", Nearest(directory, roots), Pytest, file);
            }
            else if (name.EndsWith(".py", StringComparison.Ordinal) && (name.StartsWith("test_", StringComparison.Ordinal) || name.EndsWith("_test.py", StringComparison.Ordinal)))
            {
                Tally(testFiles, Nearest(directory, roots), file);
            }
        }

        foreach (var (directory, (count, example)) in testFiles)
        {
            Add("pytest", directory, Pytest, Files(count, "test_*.py or *_test.py", example));
        }
    }

    void Node()
    {
        foreach (var file in _scan.Files.Where(file => FileName(file) == "package.json"))
        {
            var directory = DirectoryOf(file);
            using var package = ParseJson(file);
            if (package is null || package.RootElement.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var dependencies = PropertyNames(package.RootElement, "dependencies", "devDependencies");
            var testScript = package.RootElement.TryGetProperty("scripts", out var scripts) && scripts.ValueKind == JsonValueKind.Object
                && scripts.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.String ? test.GetString() : null;
            if (testScript is not null && testScript.Contains("no test specified", StringComparison.Ordinal))
            {
                testScript = null; // npm init's placeholder, which only fails
            }

            var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var framework in NodeFrameworks)
            {
                var evidence = new List<string>();
                if (dependencies.Contains(framework))
                {
                    evidence.Add($"{file} depends on {framework}");
                }

                if (testScript is not null && Regex.IsMatch(testScript, $@"\b{framework}\b", RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    evidence.Add($"{file} scripts.test runs {framework}");
                }

                var configPrefix = framework == "mocha" ? ".mocharc." : framework + ".config.";
                evidence.AddRange(_scan.Files.Where(other => DirectoryOf(other) == directory && FileName(other).StartsWith(configPrefix, StringComparison.Ordinal)));
                if (evidence.Count > 0)
                {
                    found[framework] = evidence;
                }
            }

            var manager = Has(directory, "pnpm-lock.yaml") ? "pnpm" : Has(directory, "yarn.lock") ? "yarn" : Has(directory, "bun.lock") || Has(directory, "bun.lockb") ? "bun" : "npm";
            foreach (var (framework, evidence) in found)
            {
                // The project's own test script knows its flags and setup; run the framework directly only when the script runs another one.
                var scriptRunsIt = testScript is not null && (found.Count == 1 || evidence.Exists(item => item.Contains("scripts.test", StringComparison.Ordinal)));
                string[] command = scriptRunsIt ? [manager, "test"] : framework switch
                {
                    "vitest" => ["npx", "vitest", "run"],
                    _ => ["npx", framework],
                };
                foreach (var item in evidence)
                {
                    Add(framework, directory, command, item);
                }
            }
        }
    }

    void Go()
    {
        var modules = DirectoriesOf(name => name == "go.mod");
        var testFiles = new Dictionary<string, (int Count, string Example)>(StringComparer.Ordinal);
        foreach (var file in _scan.Files.Where(file => file.EndsWith("_test.go", StringComparison.Ordinal)))
        {
            Tally(testFiles, Nearest(DirectoryOf(file), modules), file);
        }

        foreach (var (directory, (count, example)) in testFiles)
        {
            if (modules.Contains(directory))
            {
                Add("go-test", directory, GoTest, Join(directory, "go.mod"));
            }

            Add("go-test", directory, GoTest, Files(count, "*_test.go", example));
        }
    }

    void Jvm()
    {
        foreach (var file in _scan.Files)
        {
            var name = FileName(file);
            var directory = DirectoryOf(file);
            if (name == "pom.xml" && Read(file).Contains("junit", StringComparison.OrdinalIgnoreCase))
            {
                Add("junit", directory, MavenOrGradle(directory), $"{file} depends on JUnit");
            }
            else if (name is "build.gradle" or "build.gradle.kts" && Read(file).Contains("junit", StringComparison.OrdinalIgnoreCase))
            {
                Add("junit", directory, MavenOrGradle(directory), $"{file} uses JUnit");
            }
        }

        foreach (var directory in _scan.Directories.Order(StringComparer.Ordinal))
        {
            foreach (var layout in (string[])["src/test/java", "src/test/kotlin"])
            {
                if (directory == layout || directory.EndsWith("/" + layout, StringComparison.Ordinal))
                {
                    Add("junit", directory[..^layout.Length].TrimEnd('/'), MavenOrGradle(directory[..^layout.Length].TrimEnd('/')), directory + "/");
                }
            }
        }
    }

    void Ruby()
    {
        foreach (var file in _scan.Files)
        {
            var name = FileName(file);
            var directory = DirectoryOf(file);
            if (name == "Gemfile" && RspecWord().IsMatch(Read(file)))
            {
                Add("rspec", directory, Rspec(directory), $"{file} includes rspec");
            }
            else if (name == ".rspec")
            {
                Add("rspec", directory, Rspec(directory), file);
            }
        }

        var specs = new Dictionary<string, (int Count, string Example)>(StringComparer.Ordinal);
        foreach (var file in _scan.Files.Where(file => file.EndsWith("_spec.rb", StringComparison.Ordinal)))
        {
            var segments = file.Split('/');
            var spec = Array.IndexOf(segments, "spec", 0, segments.Length - 1);
            if (spec >= 0)
            {
                Tally(specs, string.Join('/', segments[..spec]), file);
            }
        }

        foreach (var (directory, (count, example)) in specs)
        {
            Add("rspec", directory, Rspec(directory), Files(count, "spec/**/*_spec.rb", example));
        }
    }

    void Php()
    {
        foreach (var file in _scan.Files)
        {
            var name = FileName(file);
            var directory = DirectoryOf(file);
            if (name is "phpunit.xml" or "phpunit.xml.dist" or "phpunit.dist.xml")
            {
                Add("phpunit", directory, PhpUnit, file);
            }
            else if (name == "composer.json")
            {
                using var composer = ParseJson(file);
                if (composer is not null && composer.RootElement.ValueKind == JsonValueKind.Object
                    && PropertyNames(composer.RootElement, "require-dev", "require").Contains("phpunit/phpunit"))
                {
                    Add("phpunit", directory, PhpUnit, $"{file} requires phpunit/phpunit");
                }
            }
        }
    }

    void Dotnet()
    {
        var projects = _scan.Files.Where(file => IsProject(FileName(file))).ToList();
        var inherited = _scan.Files
            .Where(file => FileName(file) == "Directory.Build.props")
            .ToDictionary(DirectoryOf, file => (File: file, Packages: TestPackages(Read(file))), StringComparer.Ordinal);
        foreach (var project in projects)
        {
            var directory = DirectoryOf(project);
            var content = Read(project);
            var found = TestPackages(content).Select(package => (package.Framework, Evidence: $"{project} references {package.Id}")).ToList();
            var name = Path.GetFileNameWithoutExtension(FileName(project));
            if (found.Count == 0 && (name.EndsWith("Tests", StringComparison.OrdinalIgnoreCase) || name.EndsWith("Test", StringComparison.OrdinalIgnoreCase)))
            {
                // Test packages are often added to every test project by a Directory.Build.props above them.
                foreach (var ancestor in Ancestors(directory))
                {
                    if (inherited.TryGetValue(ancestor, out var props))
                    {
                        found.AddRange(props.Packages.Select(package => (package.Framework, Evidence: $"{props.File} references {package.Id} for {project}")));
                    }
                }
            }

            var frameworks = found.Select(item => item.Framework).Where(framework => framework != "dotnet-test").Distinct(StringComparer.Ordinal).ToList();
            if (IsTestProjectProperty().IsMatch(content))
            {
                found.Add(("dotnet-test", $"{project} sets IsTestProject"));
            }

            if (found.Count == 0)
            {
                continue;
            }

            string[] command = projects.Count(other => DirectoryOf(other) == directory) > 1 ? ["dotnet", "test", FileName(project)] : ["dotnet", "test"];
            foreach (var framework in frameworks.Count > 0 ? frameworks : ["dotnet-test"])
            {
                foreach (var (_, evidence) in found.Where(item => item.Framework == framework || item.Framework == "dotnet-test"))
                {
                    Add(framework, directory, command, evidence);
                }
            }
        }
    }

    static bool IsProject(string name) =>
        name.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase);

    /// <summary>The test packages an MSBuild file references, each with the framework it means.</summary>
    static List<(string Framework, string Id)> TestPackages(string content)
    {
        var packages = new List<(string Framework, string Id)>();
        foreach (Match match in PackageReference().Matches(content))
        {
            var id = match.Groups["id"].Value;
            string? framework =
                id.Equals("xunit", StringComparison.OrdinalIgnoreCase) || id.StartsWith("xunit.", StringComparison.OrdinalIgnoreCase) ? "xunit"
                : id.StartsWith("NUnit", StringComparison.OrdinalIgnoreCase) ? "nunit"
                : id.Equals("MSTest", StringComparison.OrdinalIgnoreCase) || id.StartsWith("MSTest.", StringComparison.OrdinalIgnoreCase) ? "mstest"
                : id.Equals("Microsoft.NET.Test.Sdk", StringComparison.OrdinalIgnoreCase) ? "dotnet-test"
                : null;
            if (framework is not null && !packages.Contains((framework, id)))
            {
                packages.Add((framework, id));
            }
        }

        if (MstestSdk().IsMatch(content))
        {
            packages.Add(("mstest", "MSTest.Sdk"));
        }

        return packages;
    }

    string[]? MavenOrGradle(string directory) =>
        Has(directory, "pom.xml") ? (Has(directory, "mvnw") ? ["./mvnw", "-q", "test"] : ["mvn", "-q", "test"])
        : Has(directory, "build.gradle") || Has(directory, "build.gradle.kts") ? (Has(directory, "gradlew") ? ["./gradlew", "test"] : ["gradle", "test"])
        : null;

    string[] Rspec(string directory) => Has(directory, "Gemfile") ? ["bundle", "exec", "rspec"] : ["rspec"];

    void Add(string name, string directory, IReadOnlyList<string>? command, string evidence)
    {
        if (!_findings.TryGetValue((name, directory), out var finding))
        {
            finding = new Finding(command);
            _findings.Add((name, directory), finding);
        }

        finding.Command ??= command;
        if (!finding.Evidence.Contains(evidence, StringComparer.Ordinal))
        {
            finding.Evidence.Add(evidence);
        }
    }

    HashSet<string> DirectoriesOf(Func<string, bool> isMarker) =>
        _scan.Files.Where(file => isMarker(FileName(file))).Select(DirectoryOf).ToHashSet(StringComparer.Ordinal);

    bool Has(string directory, string name) => _files.Contains(Join(directory, name));

    /// <summary>The closest of <paramref name="roots"/> at or above a directory; the analysed directory when none is.</summary>
    static string Nearest(string directory, HashSet<string> roots)
    {
        foreach (var candidate in Ancestors(directory))
        {
            if (roots.Contains(candidate))
            {
                return candidate;
            }
        }

        return string.Empty;
    }

    static IEnumerable<string> Ancestors(string directory)
    {
        while (true)
        {
            yield return directory;
            if (directory.Length == 0)
            {
                yield break;
            }

            directory = DirectoryOf(directory);
        }
    }

    static void Tally(Dictionary<string, (int Count, string Example)> tally, string directory, string file) =>
        tally[directory] = tally.TryGetValue(directory, out var current) ? (current.Count + 1, current.Example) : (1, file);

    static string Files(int count, string pattern, string example) =>
        count == 1 ? $"1 {pattern} file: {example}" : $"{count} {pattern} files, such as {example}";

    static string Join(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;

    static HashSet<string> PropertyNames(JsonElement root, params string[] sections)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in sections)
        {
            if (root.TryGetProperty(section, out var value) && value.ValueKind == JsonValueKind.Object)
            {
                names.UnionWith(value.EnumerateObject().Select(property => property.Name));
            }
        }

        return names;
    }

    /// <summary>A small manifest's text; empty when it is large, unreadable or gone (or a pipe, which lists with length 0).</summary>
    string Read(string relative)
    {
        var full = Path.Combine(_root, relative.Replace('/', Path.DirectorySeparatorChar));
        try
        {
            var info = new FileInfo(full);
            return info.Exists && info.LinkTarget is null && info.Length is > 0 and <= MaxManifestBytes ? File.ReadAllText(full) : string.Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    JsonDocument? ParseJson(string relative)
    {
        try
        {
            return JsonDocument.Parse(Read(relative), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\bpytest\b", RegexOptions.IgnoreCase)]
    private static partial Regex PytestWord();

    [GeneratedRegex(@"^\s*pytest\b", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex PytestRequirement();

    [GeneratedRegex(@"\brspec\b", RegexOptions.IgnoreCase)]
    private static partial Regex RspecWord();

    [GeneratedRegex(@"<PackageReference\b[^>]*?\bInclude\s*=\s*""(?<id>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex PackageReference();

    [GeneratedRegex(@"Sdk\s*=\s*""MSTest\.Sdk", RegexOptions.IgnoreCase)]
    private static partial Regex MstestSdk();

    [GeneratedRegex(@"<IsTestProject>\s*true\s*</IsTestProject>", RegexOptions.IgnoreCase)]
    private static partial Regex IsTestProjectProperty();

    sealed class Finding(IReadOnlyList<string>? command)
    {
        public IReadOnlyList<string>? Command { get; set; } = command;

        public List<string> Evidence { get; } = [];
    }
}
