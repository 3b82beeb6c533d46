using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lightning.Testing.Detection.Rules;

/// <summary>
/// JavaScript and TypeScript packages: Jest from a dependency, a <c>jest</c> section, a test script that runs it or a
/// jest.config.* file; Vitest and Mocha from the same signs, reported as not supported yet. Each package.json is a project
/// and owns the test files nearest to it. Jest runs from the package's (or a parent's, for hoisted monorepos)
/// node_modules through node, without npx; when it is not installed there, the <c>jest</c> on the PATH.
/// </summary>
internal sealed partial class NodeRule : IDetectionRule
{
    static readonly string[] ScriptExtensions = [".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts"];

    public IEnumerable<DetectedTestProject> Detect(RepositoryTree tree)
    {
        var packages = tree.Files.Where(file => RepositoryTree.FileName(file) == "package.json").ToList();
        var roots = packages.Select(RepositoryTree.DirectoryOf).ToHashSet(StringComparer.Ordinal);
        var testFiles = tree.Files
            .Where(file => ScriptExtensions.Any(extension => file.EndsWith(extension, StringComparison.Ordinal)))
            .GroupBy(file => RepositoryTree.Nearest(RepositoryTree.DirectoryOf(file), roots) ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);

        foreach (var package in packages)
        {
            var root = RepositoryTree.DirectoryOf(package);
            var manifest = Manifest.Read(tree, package);
            if (manifest is null)
            {
                continue;
            }

            var files = testFiles.GetValueOrDefault(root) ?? [];
            var typeScript = tree.HasFile(root, "tsconfig.json") || files.Exists(IsTypeScript);
            var language = typeScript ? "TypeScript" : "JavaScript";

            var jest = Gather(tree, TestFramework.Jest, root, package, manifest, ["jest.config.*"], hasSection: manifest.HasJestSection);
            if (jest is not null)
            {
                var count = files.Count(IsJestTest);
                yield return jest.Build(language, null, ["**/__tests__/**/*.?([mc])[jt]s?(x)", "**/?(*.)+(spec|test).?([mc])[jt]s?(x)"], count, JestCommand(tree, root, manifest));
            }

            var vitest = Gather(tree, TestFramework.Vitest, root, package, manifest, ["vitest.config.*", "vitest.workspace.*"], hasSection: false);
            if (vitest is not null)
            {
                yield return vitest.Build(language, null, ["**/*.{test,spec}.?(c|m)[jt]s?(x)"], files.Count(IsSpecOrTest), []);
            }

            var mocha = Gather(tree, TestFramework.Mocha, root, package, manifest, [".mocharc.*"], hasSection: manifest.HasMochaSection);
            if (mocha is not null)
            {
                yield return mocha.Build(language, null, ["test/*.{js,cjs,mjs}"], files.Count(file => RepositoryTree.DirectoryOf(RepositoryTree.RelativeTo(file, root)) == "test"), []);
            }
        }
    }

    /// <summary>The evidence for one framework in one package, or null when there is none.</summary>
    static ProjectDraft? Gather(RepositoryTree tree, TestFramework framework, string root, string package, Manifest manifest, string[] configPatterns, bool hasSection)
    {
        var name = TestFrameworks.NameOf(framework);
        var draft = new ProjectDraft(framework, root);
        foreach (var (section, names) in manifest.Dependencies)
        {
            if (names.Contains(name))
            {
                draft.Add(package, $"{section} has {name}");
            }
        }

        if (hasSection)
        {
            draft.Add(package, $"has a \"{(framework == TestFramework.Mocha ? "mocha" : "jest")}\" configuration section");
        }

        if (manifest.TestScript is { } script && Regex.IsMatch(script, $@"(?<![\w-]){name}(?![\w-])", RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            draft.Add(package, $"scripts.test runs {name}: {script}");
        }

        foreach (var pattern in configPatterns)
        {
            foreach (var config in tree.FilesIn(root, pattern))
            {
                draft.Add(config, $"{name} configuration file");
            }
        }

        return draft.Evidence.Count > 0 ? draft : null;
    }

    /// <summary>
    /// node and the jest found the way Node resolves packages (this directory's node_modules, then each parent's up to the
    /// repository root), or <c>jest</c> from the PATH. Arguments of a plain <c>jest ...</c> test script are kept.
    /// </summary>
    static List<string> JestCommand(RepositoryTree tree, string root, Manifest manifest)
    {
        List<string> command = ["jest"];
        foreach (var directory in RepositoryTree.Ancestors(root))
        {
            var jestPackage = RepositoryTree.Join(directory, "node_modules/jest/package.json");
            if (tree.ReadOutsideWalk(jestPackage) is not { } text)
            {
                continue;
            }

            var inPackage = "node_modules/jest/" + JestBin(text).TrimStart('.', '/');
            if (tree.FindOutsideWalk(RepositoryTree.Join(directory, inPackage)) is not null)
            {
                // Relative to the project, where the command runs: one "../" per level between it and the node_modules' directory.
                var levels = Segments(root) - Segments(directory);
                command = ["node", string.Concat(Enumerable.Repeat("../", levels)) + inPackage];
                break;
            }
        }

        if (manifest.TestScript is { } testScript && PlainJestScript().Match(testScript) is { Success: true } plain)
        {
            command.AddRange(plain.Groups["arguments"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(argument => argument != "--ci"));
        }

        command.Add("--ci");
        return command;
    }

    static int Segments(string directory) => directory.Length == 0 ? 0 : directory.Split('/').Length;

    static string JestBin(string packageJson)
    {
        try
        {
            using var document = JsonDocument.Parse(packageJson);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("bin", out var bin))
            {
                if (bin.ValueKind == JsonValueKind.String)
                {
                    return bin.GetString()!;
                }

                if (bin.ValueKind == JsonValueKind.Object && bin.TryGetProperty("jest", out var jest) && jest.ValueKind == JsonValueKind.String)
                {
                    return jest.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
        }

        return "bin/jest.js";
    }

    static bool IsTypeScript(string file) =>
        file.EndsWith(".ts", StringComparison.Ordinal) || file.EndsWith(".tsx", StringComparison.Ordinal)
        || file.EndsWith(".mts", StringComparison.Ordinal) || file.EndsWith(".cts", StringComparison.Ordinal);

    static bool IsJestTest(string file) => file.Contains("/__tests__/", StringComparison.Ordinal) || file.StartsWith("__tests__/", StringComparison.Ordinal) || IsSpecOrTest(file);

    static bool IsSpecOrTest(string file) => SpecOrTestName().IsMatch(RepositoryTree.FileName(file));

    [GeneratedRegex(@"\.(?:test|spec)\.[mc]?[jt]sx?$")]
    private static partial Regex SpecOrTestName();

    /// <summary>A test script that is jest and plain flags only: nothing a shell would interpret.</summary>
    [GeneratedRegex(@"^\s*jest(?<arguments>(?:\s+[A-Za-z0-9_=./:,@+-]+)*)\s*$")]
    private static partial Regex PlainJestScript();

    /// <summary>What detection needs from a package.json.</summary>
    sealed record Manifest(IReadOnlyList<(string Section, HashSet<string> Names)> Dependencies, string? TestScript, bool HasJestSection, bool HasMochaSection)
    {
        public static Manifest? Read(RepositoryTree tree, string path)
        {
            if (tree.ReadManifest(path) is not { } text)
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                var dependencies = new List<(string, HashSet<string>)>();
                foreach (var section in (string[])["devDependencies", "dependencies", "peerDependencies"])
                {
                    if (root.TryGetProperty(section, out var value) && value.ValueKind == JsonValueKind.Object)
                    {
                        dependencies.Add((section, value.EnumerateObject().Select(property => property.Name).ToHashSet(StringComparer.Ordinal)));
                    }
                }

                var script = root.TryGetProperty("scripts", out var scripts) && scripts.ValueKind == JsonValueKind.Object
                    && scripts.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.String ? test.GetString() : null;
                return new Manifest(dependencies, script, root.TryGetProperty("jest", out _), root.TryGetProperty("mocha", out _));
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
