using System.Text.RegularExpressions;

namespace Lightning.Testing.Selection.Coverage;

/// <summary>
/// Reads test names and the names runners select them by from test sources, with patterns: Go's top-level
/// <c>func TestX(t *testing.T)</c> and its package's import path (go.mod's module plus the directory), PHPUnit's
/// <c>namespace</c>, <c>class</c> and <c>public function testX</c> (or <c>@test</c>), Java's <c>package</c>. Selection ids name a test as
/// <c>file::name</c> relative to the project root (a whole file without <c>::</c>); the runners want
/// <c>import/path::TestX</c> (go), <c>Namespace\Class::testX</c> (PHPUnit), <c>com.x.CalcTest::add</c> (JUnit) and
/// <c>Ns.CalcTests::Adds</c> (dotnet, whose ids are <c>CalcTests.cs::Ns.CalcTests::Adds</c>).
/// </summary>
public static partial class FrameworkTests
{
    /// <summary>Top-level Go test functions of a <c>_test.go</c> source, in source order.</summary>
    public static IReadOnlyList<string> GoTestNames(string source) =>
        [.. GoTestFunction().Matches(source).Select(match => match.Groups["name"].Value)];

    /// <summary>The module path in <paramref name="projectDirectory"/>'s go.mod, or null.</summary>
    public static string? GoModule(string projectDirectory)
    {
        var path = Path.Combine(projectDirectory, "go.mod");
        return File.Exists(path) && GoModuleLine().Match(File.ReadAllText(path)) is { Success: true } match ? match.Groups["name"].Value : null;
    }

    /// <summary>The import path of the package in <paramref name="directory"/> (relative to the project, "." for its root).</summary>
    public static string GoPackage(string module, string directory) => directory is "." or "" ? module : module + "/" + directory;

    /// <summary>The fully qualified class of a PHP test source (<c>App\Tests\CalcTest</c>), or null.</summary>
    public static string? PhpClass(string source)
    {
        var type = PhpClassDeclaration().Match(source);
        if (!type.Success)
        {
            return null;
        }

        var space = PhpNamespace().Match(source);
        return space.Success ? space.Groups["name"].Value + "\\" + type.Groups["name"].Value : type.Groups["name"].Value;
    }

    /// <summary>The qualified class a Java test source declares (its <c>package</c> and file name), or null when it is not Java.</summary>
    public static string? JavaClass(string source, string file)
    {
        if (!file.EndsWith(".java", StringComparison.Ordinal))
        {
            return null;
        }

        var name = Path.GetFileNameWithoutExtension(file);
        var package = JavaPackage().Match(source);
        return package.Success ? package.Groups["name"].Value + "." + name : name;
    }

    /// <summary>PHPUnit test methods: public methods named <c>test*</c> or annotated <c>@test</c> / <c>#[Test]</c>.</summary>
    public static IReadOnlyList<string> PhpTestMethods(string source) =>
        [.. PhpTestMethod().Matches(source).Select(match => match.Groups["name"].Success ? match.Groups["name"].Value : match.Groups["annotated"].Value).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Selection ids of one project (<c>file::name</c>, or a whole file) as the runner's test selectors: go and PHPUnit
    /// names are qualified by package or class, a whole file becomes its tests; other frameworks' ids are kept.
    /// </summary>
    public static IReadOnlyList<string> RunnerIds(string projectDirectory, string framework, IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var result = new List<string>();
        var go = Detection.TestFrameworks.NameOf(Detection.TestFramework.GoTest);
        var phpunit = Detection.TestFrameworks.NameOf(Detection.TestFramework.Phpunit);
        var junit = Detection.TestFrameworks.NameOf(Detection.TestFramework.Junit5);
        var dotnet = Detection.TestFrameworks.NameOf(Detection.TestFramework.DotnetTest);
        var module = framework == go ? GoModule(projectDirectory) : null;
        var dotnetSources = framework == dotnet ? new Runners.Dotnet.DotnetTestClasses(projectDirectory) : null;
        foreach (var id in ids)
        {
            var separator = id.IndexOf("::", StringComparison.Ordinal);
            var file = separator < 0 ? id : id[..separator];
            if (dotnetSources is not null)
            {
                // "CalcTests.cs::Ns.CalcTests::Adds" is the case id after its file; a whole file is its test methods.
                // A file whose tests the sources do not show cannot be narrowed to: the whole project runs (no ids).
                var tests = separator < 0 ? dotnetSources.TestsIn(file) : [id[(separator + 2)..]];
                if (tests.Count == 0)
                {
                    return [];
                }

                result.AddRange(tests);
            }
            else if (framework == go && module is not null)
            {
                var directory = Path.GetDirectoryName(file)?.Replace('\\', '/') ?? string.Empty;
                var names = separator < 0 ? GoTestNames(Read(projectDirectory, file)) : [id[(separator + 2)..]];
                result.AddRange(names.Select(name => GoPackage(module, directory) + "::" + name));
            }
            else if (framework == phpunit && PhpClass(Read(projectDirectory, file)) is { } phpClass)
            {
                var names = separator < 0 ? PhpTestMethods(Read(projectDirectory, file)) : [id[(separator + 2)..]];
                result.AddRange(names.Select(name => phpClass + "::" + name));
            }
            else if (framework == junit && JavaClass(Read(projectDirectory, file), file) is { } javaClass)
            {
                // The JUnit runner selects "Class::method" as that method and a bare class as the whole class.
                result.Add(separator < 0 ? javaClass : javaClass + "::" + id[(separator + 2)..]);
            }
            else
            {
                result.Add(id);
            }
        }

        return [.. result.Distinct(StringComparer.Ordinal)];
    }

    static string Read(string directory, string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    [GeneratedRegex(@"^func\s+(?<name>Test[\p{Lu}_0-9]\w*|Test)\s*\(\s*\w+\s+\*testing\.T\s*\)", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex GoTestFunction();

    [GeneratedRegex(@"^module\s+""?(?<name>[^\s""]+)""?", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex GoModuleLine();

    [GeneratedRegex(@"^\s*package\s+(?<name>[\w.]+)\s*;", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex JavaPackage();

    [GeneratedRegex(@"^\s*namespace\s+(?<name>[\w\\]+)\s*;", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex PhpNamespace();

    [GeneratedRegex(@"^\s*(?:(?:final|abstract)\s+)*class\s+(?<name>\w+)", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex PhpClassDeclaration();

    [GeneratedRegex(@"(?:public\s+function\s+(?<name>test\w*)\s*\(|(?:@test\b|#\[Test\])[^{;]*?public\s+function\s+(?<annotated>\w+)\s*\()", RegexOptions.Singleline | RegexOptions.ExplicitCapture)]
    private static partial Regex PhpTestMethod();
}
