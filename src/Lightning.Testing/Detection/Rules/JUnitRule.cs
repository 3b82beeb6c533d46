using System.Text.RegularExpressions;

namespace Lightning.Testing.Detection.Rules;

/// <summary>
/// JUnit 5: Maven (pom.xml with junit-jupiter), Gradle (build.gradle(.kts) with junit-jupiter or useJUnitPlatform) and
/// plain source trees, all recognised from the sources too: a class importing <c>org.junit.jupiter</c> is a test. Each
/// file's source root comes from its package line, so <c>src/test/java</c> and a plain <c>test/</c> are found alike.
/// The tests run without Maven or Gradle: javac compiles the sources into target/lightning-junit and the JUnit Platform
/// console launcher scans the compiled tests, with src/{test,main}/resources on the class path when they exist (the
/// runner adds the jars the build declares, found on this machine).
/// </summary>
internal sealed partial class JUnitRule(string consoleJar) : IDetectionRule
{
    internal const string MainOutput = "target/lightning-junit/main";
    internal const string TestOutput = "target/lightning-junit/test";

    static readonly string[] BuildFiles = ["pom.xml", "build.gradle", "build.gradle.kts"];

    public IEnumerable<DetectedTestProject> Detect(RepositoryTree tree)
    {
        var buildRoots = tree.Files.Where(file => BuildFiles.Contains(RepositoryTree.FileName(file))).Select(RepositoryTree.DirectoryOf).ToHashSet(StringComparer.Ordinal);
        var sources = tree.Files.Where(file => file.EndsWith(".java", StringComparison.Ordinal)).Select(file => JavaSource.Read(tree, file))
            .GroupBy(source => ProjectOf(source, buildRoots), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);

        var drafts = new Dictionary<string, ProjectDraft>(StringComparer.Ordinal);
        foreach (var root in buildRoots)
        {
            foreach (var name in BuildFiles.Where(name => tree.HasFile(root, name)))
            {
                var file = RepositoryTree.Join(root, name);
                var text = tree.ReadManifest(file) ?? string.Empty;
                if (text.Contains("junit-jupiter", StringComparison.Ordinal))
                {
                    Draft(drafts, root).Add(file, "depends on junit-jupiter");
                }

                if (name != "pom.xml" && text.Contains("useJUnitPlatform", StringComparison.Ordinal))
                {
                    Draft(drafts, root).Add(file, "runs its tests on the JUnit Platform (useJUnitPlatform)");
                }
            }
        }

        foreach (var (root, files) in sources)
        {
            var tests = files.Where(source => source.ImportsJupiter).ToList();
            if (tests.Count > 0)
            {
                Draft(drafts, root).Add(tests[0].Path, tests.Count == 1 ? "imports org.junit.jupiter" : $"one of {tests.Count} classes importing org.junit.jupiter");
            }
        }

        var detected = drafts.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var draft in drafts.Values.OrderBy(draft => draft.Root, StringComparer.Ordinal))
        {
            var files = sources.GetValueOrDefault(draft.Root) ?? [];
            // A parent build (a Maven aggregator, a Gradle root project) declares JUnit for modules detected on their own.
            if (files.Count == 0 && detected.Any(other => other != draft.Root && RepositoryTree.IsUnder(other, draft.Root)))
            {
                continue;
            }

            yield return Build(tree, draft, files);
        }
    }

    DetectedTestProject Build(RepositoryTree tree, ProjectDraft draft, List<JavaSource> files)
    {
        var testRoots = files.Where(source => source.ImportsJupiter).Select(source => source.SourceRoot).ToHashSet(StringComparer.Ordinal);
        var mainRoots = files.Select(source => source.SourceRoot).Where(root => !testRoots.Contains(root)).ToHashSet(StringComparer.Ordinal);
        foreach (var (layout, set) in (ReadOnlySpan<(string, HashSet<string>)>)[("src/test/java", testRoots), ("src/main/java", mainRoots)])
        {
            if (tree.HasDirectory(RepositoryTree.Join(draft.Root, layout)))
            {
                set.Add(RepositoryTree.Join(draft.Root, layout));
            }
        }

        string Relative(string path) => RepositoryTree.RelativeTo(path, draft.Root);
        var mainFiles = files.Where(source => mainRoots.Contains(source.SourceRoot)).Select(source => Relative(source.Path)).ToList();
        var testFiles = files.Where(source => testRoots.Contains(source.SourceRoot)).Select(source => Relative(source.Path)).ToList();
        var preparation = new List<IReadOnlyList<string>>();
        var separator = Path.PathSeparator.ToString();
        if (mainFiles.Count > 0)
        {
            preparation.Add(["javac", "-d", MainOutput, "-encoding", "UTF-8", .. mainFiles]);
        }

        var testClassPath = mainFiles.Count > 0 ? MainOutput + separator + consoleJar : consoleJar;
        if (testFiles.Count > 0)
        {
            preparation.Add(["javac", "-d", TestOutput, "-encoding", "UTF-8", "-cp", testClassPath, .. testFiles]);
        }

        var runClassPath = mainFiles.Count > 0 ? TestOutput + separator + MainOutput : TestOutput;
        // Maven and Gradle put resources beside the classes: the tests find them on the class path.
        foreach (var resources in (string[])["src/test/resources", "src/main/resources"])
        {
            if (tree.HasDirectory(RepositoryTree.Join(draft.Root, resources)))
            {
                runClassPath += separator + resources;
            }
        }

        IReadOnlyList<string> command = ["java", "-jar", consoleJar, "--disable-banner", "--class-path", runClassPath, "--scan-class-path"];
        var variant = tree.HasFile(draft.Root, "pom.xml") ? "maven"
            : tree.HasFile(draft.Root, "build.gradle") || tree.HasFile(draft.Root, "build.gradle.kts") ? "gradle"
            : "plain";
        var testDirectories = testRoots.Select(Relative).Order(StringComparer.Ordinal).ToList();
        return draft.Build(
            "Java",
            variant,
            [.. testDirectories.Select(directory => directory.Length == 0 ? "**/*.java" : directory + "/**/*.java")],
            files.Count(source => source.ImportsJupiter),
            command,
            preparation,
            [.. mainRoots.Select(Relative).Order(StringComparer.Ordinal).Select(RepositoryTree.Display)],
            [.. testDirectories.Select(RepositoryTree.Display)]);
    }

    static ProjectDraft Draft(Dictionary<string, ProjectDraft> drafts, string root) =>
        drafts.TryGetValue(root, out var draft) ? draft : drafts[root] = new ProjectDraft(TestFramework.Junit5, root);

    /// <summary>The project a source belongs to: above a Maven/Gradle layout, else the nearest build file, else its source root's parent.</summary>
    static string ProjectOf(JavaSource source, HashSet<string> buildRoots)
    {
        foreach (var layout in (string[])["src/test/java", "src/main/java"])
        {
            if (source.SourceRoot == layout)
            {
                return string.Empty;
            }

            if (source.SourceRoot.EndsWith("/" + layout, StringComparison.Ordinal))
            {
                return source.SourceRoot[..^(layout.Length + 1)];
            }
        }

        return RepositoryTree.Nearest(RepositoryTree.DirectoryOf(source.Path), buildRoots) ?? RepositoryTree.DirectoryOf(source.SourceRoot);
    }

    /// <summary>A Java file, the root its package is laid out under, and whether it is a JUnit 5 test.</summary>
    sealed record JavaSource(string Path, string SourceRoot, bool ImportsJupiter)
    {
        public static JavaSource Read(RepositoryTree tree, string path)
        {
            var text = tree.ReadSourceHead(path) ?? string.Empty;
            var directory = RepositoryTree.DirectoryOf(path);
            var root = directory;
            if (PackageLine().Match(text) is { Success: true } match)
            {
                var layout = match.Groups["name"].Value.Replace('.', '/');
                if (directory == layout)
                {
                    root = string.Empty;
                }
                else if (directory.EndsWith("/" + layout, StringComparison.Ordinal))
                {
                    root = directory[..^(layout.Length + 1)];
                }
            }

            return new JavaSource(path, root, JupiterImport().IsMatch(text));
        }
    }

    [GeneratedRegex(@"^\s*package\s+(?<name>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex PackageLine();

    [GeneratedRegex(@"^\s*import\s+(?:static\s+)?org\.junit\.jupiter\.", RegexOptions.Multiline)]
    private static partial Regex JupiterImport();
}
