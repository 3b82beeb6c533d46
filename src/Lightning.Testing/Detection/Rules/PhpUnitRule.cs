using System.Text.Json;
using System.Xml.Linq;

namespace Lightning.Testing.Detection.Rules;

/// <summary>
/// PHPUnit: phpunit.xml(.dist), a composer.json that requires phpunit/phpunit, or a tests/ directory of <c>*Test.php</c>
/// files. Test globs come from the configuration's test suites when there is one. The project's own
/// vendor/bin/phpunit runs through php when it is installed, else the phpunit on the PATH.
/// </summary>
internal sealed class PhpUnitRule : IDetectionRule
{
    static readonly string[] ConfigNames = ["phpunit.xml", "phpunit.xml.dist", "phpunit.dist.xml"];

    public IEnumerable<DetectedTestProject> Detect(RepositoryTree tree)
    {
        var drafts = new Dictionary<string, ProjectDraft>(StringComparer.Ordinal);
        ProjectDraft Draft(string root) => drafts.TryGetValue(root, out var draft) ? draft : drafts[root] = new ProjectDraft(TestFramework.Phpunit, root);
        var composerRoots = new HashSet<string>(StringComparer.Ordinal);
        var configs = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var file in tree.Files)
        {
            var name = RepositoryTree.FileName(file);
            var directory = RepositoryTree.DirectoryOf(file);
            if (ConfigNames.Contains(name))
            {
                Draft(directory).Add(file, "PHPUnit configuration file");
                configs.TryAdd(directory, file);
            }
            else if (name == "composer.json")
            {
                composerRoots.Add(directory);
                if (RequiresPhpUnit(tree.ReadManifest(file)) is { } section)
                {
                    Draft(directory).Add(file, $"{section} has phpunit/phpunit");
                }
            }
        }

        // tests/**/*Test.php without a configuration: the project is the composer project above tests/, else tests/'s parent.
        var conventional = new Dictionary<string, (List<string> Files, SortedSet<string> Directories)>(StringComparer.Ordinal);
        foreach (var file in tree.Files.Where(file => file.EndsWith("Test.php", StringComparison.Ordinal)))
        {
            var segments = file.Split('/');
            var tests = Array.IndexOf(segments, "tests", 0, segments.Length - 1);
            if (tests >= 0)
            {
                var parent = string.Join('/', segments[..tests]);
                var root = RepositoryTree.Nearest(parent, composerRoots) ?? parent;
                if (!conventional.TryGetValue(root, out var found))
                {
                    conventional[root] = found = ([], new SortedSet<string>(StringComparer.Ordinal));
                }

                found.Files.Add(file);
                found.Directories.Add(RepositoryTree.RelativeTo(string.Join('/', segments[..(tests + 1)]), root));
            }
        }

        foreach (var (root, (files, _)) in conventional)
        {
            Draft(root).Add(files[0], files.Count == 1 ? "a *Test.php file under tests/" : $"one of {files.Count} *Test.php files under tests/");
        }

        foreach (var draft in drafts.Values.OrderBy(draft => draft.Root, StringComparer.Ordinal))
        {
            var configured = configs.TryGetValue(draft.Root, out var config);
            IReadOnlyList<string> testDirectories = conventional.TryGetValue(draft.Root, out var found) ? [.. found.Directories] : ["tests"];
            var globs = configured ? SuiteGlobs(tree.ReadManifest(config!)) : [];
            if (globs.Count == 0)
            {
                globs = [.. testDirectories.Select(directory => directory + "/**/*Test.php")];
            }

            var count = tree.FilesUnder(draft.Root).Count(file => globs.Any(glob => Glob.Matches(glob, RepositoryTree.RelativeTo(file, draft.Root))));
            var phpunit = tree.FindOutsideWalk(RepositoryTree.Join(draft.Root, "vendor/bin/phpunit")) is not null
                ? (List<string>)["php", "vendor/bin/phpunit"]
                : ["phpunit"];
            if (!configured)
            {
                // Without a configuration PHPUnit needs to be told where the tests are.
                phpunit.AddRange(testDirectories);
            }

            yield return draft.Build("PHP", null, globs, count, phpunit);
        }
    }

    static string? RequiresPhpUnit(string? composer)
    {
        if (composer is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(composer, new JsonDocumentOptions { AllowTrailingCommas = true });
            foreach (var section in (string[])["require-dev", "require"])
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(section, out var value)
                    && value.ValueKind == JsonValueKind.Object && value.TryGetProperty("phpunit/phpunit", out _))
                {
                    return section;
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    /// <summary>The files the configuration's test suites name: <c>&lt;directory suffix="Test.php"&gt;tests/Unit&lt;/directory&gt;</c> and <c>&lt;file&gt;</c>.</summary>
    static List<string> SuiteGlobs(string? xml)
    {
        var globs = new List<string>();
        if (xml is null)
        {
            return globs;
        }

        try
        {
            var document = XDocument.Parse(xml);
            foreach (var suite in document.Descendants("testsuite"))
            {
                foreach (var directory in suite.Elements("directory"))
                {
                    var path = directory.Value.Trim().TrimStart('.', '/').TrimEnd('/');
                    var suffix = (string?)directory.Attribute("suffix") ?? "Test.php";
                    globs.Add((path.Length == 0 ? "**/*" : path + "/**/*") + suffix);
                }

                globs.AddRange(suite.Elements("file").Select(file => file.Value.Trim().TrimStart('.', '/')));
            }
        }
        catch (System.Xml.XmlException)
        {
            // A configuration PHPUnit cannot read either: the conventional tests/ glob is the best guess.
        }

        return globs;
    }
}
