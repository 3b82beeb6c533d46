using System.Text.RegularExpressions;

namespace Lightning.Testing.Detection.Rules;

/// <summary>
/// dotnet test: every project that references xUnit (v2 or v3), NUnit or MSTest, uses MSTest.Sdk, or sets
/// IsTestProject, directly or through a Directory.Build.props above it. One project per project file, run with
/// <c>dotnet test</c> in its directory; <c>--project</c> when the nearest global.json selects Microsoft.Testing.Platform,
/// which refuses a bare project argument; else <c>-p:UseVSTest=true</c> for an MSTest.Sdk project.
/// </summary>
internal sealed partial class DotnetRule : IDetectionRule
{
    static readonly (string Extension, string Language, string Source)[] ProjectKinds =
    [
        (".csproj", "C#", ".cs"),
        (".fsproj", "F#", ".fs"),
        (".vbproj", "Visual Basic", ".vb"),
    ];

    public IEnumerable<DetectedTestProject> Detect(RepositoryTree tree)
    {
        var projects = tree.Files.Where(file => Kind(file) is not null).ToList();
        var projectDirectories = projects.Select(RepositoryTree.DirectoryOf).ToHashSet(StringComparer.Ordinal);
        var props = tree.Files.Where(file => RepositoryTree.FileName(file) == "Directory.Build.props")
            .ToDictionary(RepositoryTree.DirectoryOf, file => file, StringComparer.Ordinal);

        foreach (var project in projects)
        {
            var directory = RepositoryTree.DirectoryOf(project);
            var (_, language, sourceExtension) = Kind(project)!.Value;
            var text = tree.ReadManifest(project) ?? string.Empty;
            var draft = new ProjectDraft(TestFramework.DotnetTest, directory);
            var packages = TestPackages(text);
            foreach (var (_, id) in packages)
            {
                draft.Add(project, $"references {id}");
            }

            var setsIsTestProject = IsTestProjectTrue().IsMatch(text);
            if (setsIsTestProject)
            {
                draft.Add(project, "sets IsTestProject");
            }

            if (IsTestProjectFalse().IsMatch(text))
            {
                continue;
            }

            var name = Path.GetFileNameWithoutExtension(project);
            if (packages.Count == 0 && (setsIsTestProject || name.EndsWith("Tests", StringComparison.Ordinal) || name.EndsWith("Test", StringComparison.Ordinal)))
            {
                // Test packages are often added to every test project by a Directory.Build.props above them.
                foreach (var ancestor in RepositoryTree.Ancestors(directory))
                {
                    if (props.TryGetValue(ancestor, out var propsFile))
                    {
                        foreach (var package in TestPackages(tree.ReadManifest(propsFile) ?? string.Empty))
                        {
                            packages.Add(package);
                            draft.Add(propsFile, $"references {package.Id} for {RepositoryTree.FileName(project)}");
                        }
                    }
                }
            }

            if (draft.Evidence.Count == 0 || (packages.Count == 0 && !setsIsTestProject))
            {
                continue;
            }

            var frameworks = packages.Select(package => package.Variant).ToHashSet(StringComparer.Ordinal);
            var variant = frameworks.Contains("xunit.v3") ? "xunit.v3"
                : frameworks.Contains("xunit") ? "xunit"
                : frameworks.Contains("nunit") ? "nunit"
                : frameworks.Contains("mstest") ? "mstest"
                : null;
            var testFiles = tree.FilesUnder(directory)
                .Where(file => file.EndsWith(sourceExtension, StringComparison.Ordinal)
                               && RepositoryTree.Nearest(RepositoryTree.DirectoryOf(file), projectDirectories) == directory
                               && tree.ReadSourceHead(file) is { } source && TestAttribute().IsMatch(source))
                .Count();
            var file = RepositoryTree.FileName(project);
            IReadOnlyList<string> command = UsesTestingPlatform(tree, directory) ? ["dotnet", "test", "--project", file]
                // MSTest.Sdk builds a Microsoft.Testing.Platform app by default, which dotnet test's VSTest mode refuses
                // from .NET 10 on; its UseVSTest property makes it a VSTest project instead.
                : MstestSdk().IsMatch(text) ? ["dotnet", "test", file, "-p:UseVSTest=true"]
                : ["dotnet", "test", file];
            yield return draft.Build(language, variant, ["**/*" + sourceExtension], testFiles, command);
        }
    }

    static (string Extension, string Language, string Source)? Kind(string file)
    {
        foreach (var kind in ProjectKinds)
        {
            if (file.EndsWith(kind.Extension, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>The test framework packages an MSBuild file references, each with the variant it means.</summary>
    static List<(string Variant, string Id)> TestPackages(string msbuild)
    {
        var packages = new List<(string Variant, string Id)>();
        foreach (Match match in PackageReference().Matches(msbuild))
        {
            var id = match.Groups["id"].Value;
            // Only the packages a test project itself references: assertion and extensibility libraries are for helpers.
            var variant = id.ToUpperInvariant() switch
            {
                "XUNIT.V3" or "XUNIT.V3.CORE" or "XUNIT.V3.MTP-V1" or "XUNIT.V3.MTP-V2" or "XUNIT.V3.MTP-OFF" => "xunit.v3",
                "XUNIT" or "XUNIT.CORE" => "xunit",
                "NUNIT" or "NUNIT3TESTADAPTER" => "nunit",
                "MSTEST" or "MSTEST.TESTFRAMEWORK" or "MSTEST.TESTADAPTER" => "mstest",
                _ => null,
            };
            if (variant is not null && !packages.Contains((variant, id)))
            {
                packages.Add((variant, id));
            }
        }

        if (MstestSdk().IsMatch(msbuild))
        {
            packages.Add(("mstest", "MSTest.Sdk"));
        }

        return packages;
    }

    /// <summary>Whether the nearest global.json at or above the project (within the repository) selects Microsoft.Testing.Platform.</summary>
    static bool UsesTestingPlatform(RepositoryTree tree, string directory)
    {
        foreach (var ancestor in RepositoryTree.Ancestors(directory))
        {
            var globalJson = RepositoryTree.Join(ancestor, "global.json");
            if (tree.HasFile(globalJson))
            {
                return tree.ReadManifest(globalJson) is { } text && TestingPlatformRunner().IsMatch(text);
            }
        }

        return false;
    }

    [GeneratedRegex(@"<PackageReference\b[^>]*?\bInclude\s*=\s*""(?<id>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex PackageReference();

    [GeneratedRegex(@"Sdk\s*=\s*""MSTest\.Sdk", RegexOptions.IgnoreCase)]
    private static partial Regex MstestSdk();

    [GeneratedRegex(@"<IsTestProject\b[^>]*>\s*true\s*</IsTestProject>", RegexOptions.IgnoreCase)]
    private static partial Regex IsTestProjectTrue();

    [GeneratedRegex(@"<IsTestProject\b[^>]*>\s*false\s*</IsTestProject>", RegexOptions.IgnoreCase)]
    private static partial Regex IsTestProjectFalse();

    [GeneratedRegex(@"""runner""\s*:\s*""Microsoft\.Testing\.Platform""", RegexOptions.IgnoreCase)]
    private static partial Regex TestingPlatformRunner();

    /// <summary>xUnit, NUnit and MSTest test attributes, in C# (<c>[Fact]</c>), F# (<c>[&lt;Fact&gt;]</c>) and VB (<c>&lt;Fact&gt;</c>).</summary>
    [GeneratedRegex(@"[\[<]<?\s*(?:Fact|Theory|Test|TestCase|TestCaseSource|TestMethod|DataTestMethod|TestClass|TestFixture)\b")]
    private static partial Regex TestAttribute();
}
