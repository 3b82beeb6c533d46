using System.Text.RegularExpressions;

namespace Lightning.Testing.Optimization;

/// <summary>A test function found in a source file: where it is, its body, and the body normalised for comparison.</summary>
public sealed record TestSourceFunction(string File, int Line, string Name, string Body)
{
    public string Location => $"{File}:{Line} {Name}";
}

/// <summary>
/// Finds test functions in a repository's test files without running anything: Python <c>def test_*</c> (by
/// indentation), Go <c>func TestX(t *testing.T)</c> and Jest/Mocha <c>it(...)</c>/<c>test(...)</c> (by brace
/// matching). Dependency and build folders are skipped; at most <see cref="MaxFiles"/> files of 256 KiB.
/// </summary>
public static partial class TestSource
{
    public const int MaxFiles = 5000;
    const int MaxBytes = 256 * 1024;
    static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "node_modules", ".git", "vendor", "bin", "obj", "target", "build", "dist", "out", ".venv", "venv", ".tox", "__pycache__", ".gradle", ".lightning", "coverage",
    };

    public static IReadOnlyList<TestSourceFunction> Scan(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var functions = new List<TestSourceFunction>();
        var files = 0;
        var pending = new Stack<string>([directory]);
        while (pending.Count > 0 && files < MaxFiles)
        {
            var current = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(current).Order(StringComparer.Ordinal))
            {
                if (!Skipped.Contains(Path.GetFileName(sub)) && !new DirectoryInfo(sub).Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in Directory.EnumerateFiles(current).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                var kind = KindOf(name);
                if (kind is null || new FileInfo(file).Length > MaxBytes || ++files > MaxFiles)
                {
                    continue;
                }

                var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
                functions.AddRange(Find(relative, File.ReadAllText(file), kind.Value));
            }
        }

        return [.. functions.OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line)];
    }

    internal enum Language { Python, Go, Script }

    static Language? KindOf(string name) => name switch
    {
        _ when name.EndsWith(".py", StringComparison.Ordinal) && (name.StartsWith("test_", StringComparison.Ordinal) || name.EndsWith("_test.py", StringComparison.Ordinal)) => Language.Python,
        _ when name.EndsWith("_test.go", StringComparison.Ordinal) => Language.Go,
        _ when Regex.IsMatch(name, @"\.(test|spec)\.[cm]?[jt]sx?$") => Language.Script,
        _ => null,
    };

    internal static IEnumerable<TestSourceFunction> Find(string file, string text, Language language)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (language == Language.Python)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                var match = PythonTest().Match(lines[i]);
                if (!match.Success)
                {
                    continue;
                }

                var indent = match.Groups["indent"].Value.Length;
                var end = i + 1;
                while (end < lines.Length && (lines[end].Trim().Length == 0 || Indent(lines[end]) > indent))
                {
                    end++;
                }

                yield return new TestSourceFunction(file, i + 1, match.Groups["name"].Value, string.Join('\n', lines[(i + 1)..end]));
            }

            yield break;
        }

        var pattern = language == Language.Go ? GoTest() : ScriptTest();
        foreach (Match match in pattern.Matches(text))
        {
            var open = text.IndexOf('{', match.Index + match.Length - 1);
            if (open < 0)
            {
                continue;
            }

            var depth = 0;
            var close = open;
            for (; close < text.Length; close++)
            {
                depth += text[close] switch { '{' => 1, '}' => -1, _ => 0 };
                if (depth == 0)
                {
                    break;
                }
            }

            var line = text.AsSpan(0, match.Index).Count('\n') + 1;
            yield return new TestSourceFunction(file, line, match.Groups["name"].Value, text[(open + 1)..Math.Min(close, text.Length)]);
        }
    }

    /// <summary>The body without comments, blank lines and indentation: two copies of one test compare equal.</summary>
    public static string Normalise(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var withoutComments = Comment().Replace(body, string.Empty);
        return string.Join('\n', withoutComments.Split('\n').Select(l => Spaces().Replace(l.Trim(), " ")).Where(l => l.Length > 0));
    }

    /// <summary>The assertion lines of a body, normalised and sorted: what the test checks.</summary>
    public static IReadOnlyList<string> Assertions(string body) =>
        [.. Normalise(body).Split('\n').Where(l => Assertion().IsMatch(l)).Order(StringComparer.Ordinal)];

    static int Indent(string line) => line.Length - line.TrimStart().Length;

    [GeneratedRegex(@"^(?<indent>\s*)(?:async\s+)?def\s+(?<name>test\w*)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex PythonTest();

    [GeneratedRegex(@"func\s+(?<name>Test\w*)\s*\([^)]*\)\s*\{", RegexOptions.CultureInvariant)]
    private static partial Regex GoTest();

    [GeneratedRegex(@"\b(?:it|test)\s*\(\s*(?<quote>['""`])(?<name>(?:(?!\k<quote>).)*)\k<quote>\s*,[^{]*\{", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ScriptTest();

    [GeneratedRegex(@"(?m)(?<![:'""])(#|//).*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Comment();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(assert\b|self\.assert|expect\(|t\.(Error|Fatal)|require\.|assert\.)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Assertion();
}
