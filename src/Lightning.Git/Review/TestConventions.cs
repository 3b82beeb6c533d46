namespace Lightning.Git.Review;

/// <summary>
/// Where tests live, per language, to tell whether a change to source came with a change to its tests.
/// A test covers a source file of the same language when it names the file (<c>FooTests.cs</c>, <c>test_foo.py</c>,
/// <c>foo.test.ts</c>, <c>foo_test.go</c>, <c>FooTest.java</c>, <c>foo_spec.rb</c>, <c>FooTest.php</c>) or belongs to
/// the same module:
/// .NET: the project (<c>src/X/...</c> and <c>tests/X.Tests/...</c>, <c>X.UnitTests</c>, <c>X.IntegrationTests</c>);
/// Go: the package (folder); Java/Kotlin: the build module (the folder above <c>src/main</c> and <c>src/test</c>);
/// Python, JS/TS, Ruby, PHP: the package root (the folder above <c>src</c>, <c>lib</c>, <c>app</c>, <c>test(s)</c>,
/// <c>spec</c>, <c>__tests__</c>), and a test suite at a root also covers the folders below it.
/// </summary>
internal static class TestConventions
{
    internal enum Language
    {
        DotNet,
        Python,
        Script,
        Go,
        Jvm,
        Ruby,
        Php,
    }

    static readonly string[] PackageMarkers = ["src", "lib", "app", "test", "tests", "spec", "specs", "__tests__"];

    public static Language? LanguageOf(string path)
    {
        if (path.EndsWith(".d.ts", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".CS" or ".FS" or ".VB" => Language.DotNet,
            ".PY" => Language.Python,
            ".JS" or ".JSX" or ".TS" or ".TSX" or ".MJS" or ".CJS" or ".MTS" or ".CTS" => Language.Script,
            ".GO" => Language.Go,
            ".JAVA" or ".KT" => Language.Jvm,
            ".RB" => Language.Ruby,
            ".PHP" => Language.Php,
            _ => null,
        };
    }

    public static bool IsTest(string path, Language language)
    {
        var name = Path.GetFileName(path);
        var stem = Stem(name);
        var segments = Folders(path);
        return language switch
        {
            Language.DotNet => stem.EndsWith("Tests", StringComparison.Ordinal) || stem.EndsWith("Test", StringComparison.Ordinal)
                || segments.Any(segment => segment.EndsWith("Tests", StringComparison.OrdinalIgnoreCase) || segment.EndsWith(".Test", StringComparison.OrdinalIgnoreCase)),
            Language.Python => name.StartsWith("test_", StringComparison.Ordinal) || stem.EndsWith("_test", StringComparison.Ordinal)
                || string.Equals(name, "conftest.py", StringComparison.Ordinal) || segments.Any(IsTestFolder),
            Language.Script => name.Contains(".test.", StringComparison.Ordinal) || name.Contains(".spec.", StringComparison.Ordinal)
                || segments.Any(IsTestFolder),
            Language.Go => name.EndsWith("_test.go", StringComparison.Ordinal),
            Language.Jvm => path.Contains("src/test/", StringComparison.Ordinal) || stem.EndsWith("Test", StringComparison.Ordinal)
                || stem.EndsWith("Tests", StringComparison.Ordinal) || stem.EndsWith("IT", StringComparison.Ordinal),
            Language.Ruby => stem.EndsWith("_spec", StringComparison.Ordinal) || stem.EndsWith("_test", StringComparison.Ordinal)
                || name.StartsWith("test_", StringComparison.Ordinal) || segments.Any(IsTestFolder),
            Language.Php => stem.EndsWith("Test", StringComparison.Ordinal) || segments.Any(IsTestFolder),
            _ => false,
        };
    }

    /// <summary>The module a file belongs to, as the language's convention groups source with its tests.</summary>
    public static string Module(string path, Language language)
    {
        var folders = Folders(path);
        switch (language)
        {
            case Language.Go:
                return string.Join('/', folders);
            case Language.Jvm:
                var marker = path.IndexOf("src/main/", StringComparison.Ordinal) is >= 0 and var main ? main : path.IndexOf("src/test/", StringComparison.Ordinal);
                return marker >= 0 ? path[..marker].TrimEnd('/') : folders.FirstOrDefault() ?? string.Empty;
            case Language.DotNet:
                var project = folders.Length > 1 && (string.Equals(folders[0], "src", StringComparison.OrdinalIgnoreCase) || IsTestFolder(folders[0]))
                    ? folders[1]
                    : folders.FirstOrDefault() ?? string.Empty;
                foreach (var suffix in (string[])[".UnitTests", ".IntegrationTests", ".Tests", ".Test"])
                {
                    if (project.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                    {
                        return project[..^suffix.Length];
                    }
                }

                return project;
            default:
                var index = Array.FindIndex(folders, folder => PackageMarkers.Contains(folder, StringComparer.Ordinal));
                return string.Join('/', index >= 0 ? folders[..index] : folders);
        }
    }

    /// <summary>Whether a changed test covers a changed source file of the same language.</summary>
    public static bool Covers(string test, string source, Language language)
    {
        if (string.Equals(Subject(test, language), Stem(Path.GetFileName(source)), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var testModule = Module(test, language);
        var sourceModule = Module(source, language);
        if (string.Equals(testModule, sourceModule, StringComparison.Ordinal))
        {
            return true;
        }

        // Script languages keep one suite for a whole package tree (a root tests/ folder covers every package below it).
        var nested = language is Language.Python or Language.Script or Language.Ruby or Language.Php;
        return nested && (testModule.Length == 0 || sourceModule.StartsWith(testModule + "/", StringComparison.Ordinal));
    }

    /// <summary>The source file name a test names, without extension (<c>FooTests.cs</c> → <c>Foo</c>).</summary>
    static string Subject(string test, Language language)
    {
        var name = Path.GetFileName(test);
        var stem = Stem(name);
        foreach (var marker in (string[])[".test", ".spec"])
        {
            if (language == Language.Script && stem.EndsWith(marker, StringComparison.Ordinal))
            {
                return stem[..^marker.Length];
            }
        }

        if (stem.StartsWith("test_", StringComparison.Ordinal))
        {
            return stem["test_".Length..];
        }

        foreach (var suffix in (string[])["Tests", "Test", "IT", "_test", "_spec"])
        {
            if (stem.EndsWith(suffix, StringComparison.Ordinal) && stem.Length > suffix.Length)
            {
                return stem[..^suffix.Length];
            }
        }

        return stem;
    }

    static string Stem(string name) => Path.GetFileNameWithoutExtension(name);

    static string[] Folders(string path)
    {
        var parts = path.Split('/');
        return parts[..^1];
    }

    static bool IsTestFolder(string folder) =>
        folder is "test" or "tests" or "spec" or "specs" or "__tests__" or "Tests" or "Test";
}
