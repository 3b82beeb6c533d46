using System.IO.Enumeration;
using System.Text.RegularExpressions;

namespace Lightning.Testing.Detection.Rules;

/// <summary>
/// pytest: its configuration (pytest.ini, <c>[tool.pytest.ini_options]</c> in pyproject.toml, <c>[tool:pytest]</c> in
/// setup.cfg, <c>[pytest]</c> in tox.ini), a dependency on it, conftest.py, and test files by its default names. A project
/// is the nearest directory with Python project files above them, as pytest's own rootdir would be.
/// </summary>
internal sealed partial class PytestRule : IDetectionRule
{
    static readonly string[] DefaultPatterns = ["test_*.py", "*_test.py"];
    static readonly IReadOnlyList<string> Command = ["python3", "-m", "pytest"];

    public IEnumerable<DetectedTestProject> Detect(RepositoryTree tree)
    {
        var roots = tree.Files.Where(file => IsProjectFile(RepositoryTree.FileName(file))).Select(RepositoryTree.DirectoryOf).ToHashSet(StringComparer.Ordinal);
        var drafts = new Dictionary<string, ProjectDraft>(StringComparer.Ordinal);
        var settings = new Dictionary<string, (IReadOnlyList<string> Patterns, IReadOnlyList<string> TestPaths)>(StringComparer.Ordinal);
        ProjectDraft Draft(string root) => drafts.TryGetValue(root, out var draft) ? draft : drafts[root] = new ProjectDraft(TestFramework.Pytest, root);

        foreach (var file in tree.Files)
        {
            var name = RepositoryTree.FileName(file);
            var directory = RepositoryTree.DirectoryOf(file);
            var section = name switch
            {
                "pytest.ini" => ConfigText.Section(tree.ReadManifest(file), "pytest") ?? string.Empty,
                "pyproject.toml" => ConfigText.Section(tree.ReadManifest(file), "tool.pytest.ini_options"),
                "setup.cfg" => ConfigText.Section(tree.ReadManifest(file), "tool:pytest"),
                "tox.ini" => ConfigText.Section(tree.ReadManifest(file), "pytest"),
                _ => null,
            };
            if (section is not null)
            {
                Draft(directory).Add(file, name == "pytest.ini" ? "pytest configuration file" : $"has a [{SectionName(name)}] section");
                // pytest reads the first of these it finds; pytest.ini wins over the others.
                if (name == "pytest.ini" || !settings.ContainsKey(directory))
                {
                    var patterns = ConfigText.Values(section, "python_files");
                    settings[directory] = (patterns.Count > 0 ? patterns : DefaultPatterns, ConfigText.Values(section, "testpaths"));
                }
            }
            else if ((name is "pyproject.toml" or "setup.cfg" or "setup.py" or "Pipfile" || IsRequirements(name))
                     && tree.ReadManifest(file) is { } text && PytestDependency().IsMatch(text))
            {
                Draft(directory).Add(file, "lists pytest as a dependency");
            }
            else if (name == "tox.ini" && tree.ReadManifest(file) is { } tox && PytestDependency().IsMatch(tox))
            {
                Draft(directory).Add(file, "tox runs pytest");
            }
            else if (name == "conftest.py")
            {
                Draft(RepositoryTree.Nearest(directory, roots) ?? string.Empty).Add(file, "pytest fixtures (conftest.py)");
            }
        }

        // Test files by name, each counted in the project nearest above it.
        var counts = new Dictionary<string, (int Count, string First)>(StringComparer.Ordinal);
        foreach (var file in tree.Files.Where(file => file.EndsWith(".py", StringComparison.Ordinal)))
        {
            var root = RepositoryTree.Nearest(RepositoryTree.DirectoryOf(file), roots) ?? string.Empty;
            var (patterns, testPaths) = settings.GetValueOrDefault(root, (DefaultPatterns, []));
            var name = RepositoryTree.FileName(file);
            if (!patterns.Any(pattern => FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: false)))
            {
                continue;
            }

            var relative = RepositoryTree.RelativeTo(file, root);
            if (testPaths.Count > 0 && !testPaths.Any(path => RepositoryTree.IsUnder(relative, path.TrimEnd('/'))))
            {
                continue;
            }

            counts[root] = counts.TryGetValue(root, out var current) ? (current.Count + 1, current.First) : (1, file);
        }

        foreach (var (root, (count, first)) in counts)
        {
            Draft(root).Add(first, count == 1 ? "a test file by pytest's naming" : $"one of {count} test files by pytest's naming");
        }

        foreach (var draft in drafts.Values.OrderBy(draft => draft.Root, StringComparer.Ordinal))
        {
            var (patterns, testPaths) = settings.GetValueOrDefault(draft.Root, (DefaultPatterns, []));
            IReadOnlyList<string> globs = testPaths.Count > 0
                ? [.. testPaths.SelectMany(path => patterns.Select(pattern => $"{path.TrimEnd('/')}/**/{pattern}"))]
                : [.. patterns.Select(pattern => "**/" + pattern)];
            yield return draft.Build("Python", null, globs, counts.GetValueOrDefault(draft.Root).Count, Command);
        }
    }

    static string SectionName(string file) => file switch
    {
        "pyproject.toml" => "tool.pytest.ini_options",
        "setup.cfg" => "tool:pytest",
        _ => "pytest",
    };

    static bool IsProjectFile(string name) =>
        name is "pytest.ini" or "pyproject.toml" or "setup.cfg" or "tox.ini" or "setup.py" or "Pipfile" || IsRequirements(name);

    static bool IsRequirements(string name) =>
        name.StartsWith("requirements", StringComparison.Ordinal) && name.EndsWith(".txt", StringComparison.Ordinal);

    /// <summary>pytest as a word; pytest-cov and other plugins count too, as they only run under pytest.</summary>
    [GeneratedRegex(@"(?<![\w-])pytest(?![\w])", RegexOptions.IgnoreCase)]
    private static partial Regex PytestDependency();
}
