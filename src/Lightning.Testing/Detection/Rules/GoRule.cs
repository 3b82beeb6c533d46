using System.Text.RegularExpressions;

namespace Lightning.Testing.Detection.Rules;

/// <summary>
/// go test: a module (go.mod) with <c>*_test.go</c> files. Nested modules are projects of their own, as <c>go test ./...</c>
/// does not cross into them; directories go ignores (testdata, names starting with <c>_</c> or <c>.</c>) are not counted.
/// </summary>
internal sealed partial class GoRule : IDetectionRule
{
    static readonly IReadOnlyList<string> Command = ["go", "test", "./..."];

    public IEnumerable<DetectedTestProject> Detect(RepositoryTree tree)
    {
        var modules = tree.Files.Where(file => RepositoryTree.FileName(file) == "go.mod").Select(RepositoryTree.DirectoryOf).ToHashSet(StringComparer.Ordinal);
        var tests = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var orphans = new List<string>();
        foreach (var file in tree.Files.Where(file => file.EndsWith("_test.go", StringComparison.Ordinal)))
        {
            if (RepositoryTree.Nearest(RepositoryTree.DirectoryOf(file), modules) is not { } module)
            {
                orphans.Add(file);
                continue;
            }

            if (!IgnoredByGo(RepositoryTree.RelativeTo(file, module)))
            {
                (tests.TryGetValue(module, out var list) ? list : tests[module] = []).Add(file);
            }
        }

        if (orphans.Count > 0)
        {
            tree.Warnings.Add($"{orphans.Count} *_test.go file(s) outside any Go module (no go.mod above them), such as '{orphans[0]}': go test cannot run them.");
        }

        foreach (var module in modules.Order(StringComparer.Ordinal))
        {
            if (!tests.TryGetValue(module, out var files))
            {
                continue;
            }

            var draft = new ProjectDraft(TestFramework.GoTest, module);
            var goMod = RepositoryTree.Join(module, "go.mod");
            var name = tree.ReadManifest(goMod) is { } text && ModuleLine().Match(text) is { Success: true } match ? match.Groups["name"].Value : null;
            draft.Add(goMod, name is null ? "Go module" : $"Go module {name}");
            draft.Add(files[0], files.Count == 1 ? "a *_test.go file" : $"one of {files.Count} *_test.go files");
            yield return draft.Build("Go", null, ["**/*_test.go"], files.Count, Command);
        }
    }

    static bool IgnoredByGo(string relative) =>
        RepositoryTree.DirectoryOf(relative).Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Any(segment => segment == "testdata" || segment.StartsWith('_') || segment.StartsWith('.'));

    [GeneratedRegex(@"^\s*module\s+(?<name>\S+)", RegexOptions.Multiline)]
    private static partial Regex ModuleLine();
}
