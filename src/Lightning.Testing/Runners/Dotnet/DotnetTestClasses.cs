using System.Text.RegularExpressions;

namespace Lightning.Testing.Runners.Dotnet;

/// <summary>
/// The class of a test method the live output names without one: MSTest (and NUnit under Microsoft.Testing.Platform)
/// print <c>Fails</c> or <c>Increments (1,2)</c>, while the TRX report gives the class. Read from the project's C#
/// sources on the first such name: namespaces (block or file-scoped), classes (nested ones by brace depth, named
/// <c>Outer+Inner</c>) and the methods under a test attribute.
/// A method name declared by two classes stays unresolved, and the case is squared with the report at the end.
/// The same reading tells coverage maps and selection which file declares a test method (<see cref="FileOf"/>,
/// <see cref="TestsIn"/>).
/// </summary>
internal sealed partial class DotnetTestClasses(string projectDirectory)
{
    static readonly string[] Skipped = ["bin", "obj", ".git", "node_modules"];

    Dictionary<string, string?>? _classes;
    List<(string File, string Class, string Method)>? _tests;

    /// <summary>The fully qualified class declaring test method <paramref name="method"/>, or null.</summary>
    public string? ClassOf(string method)
    {
        Load();
        return _classes!.GetValueOrDefault(method);
    }

    /// <summary>The file (relative to the project, '/'-separated) declaring <c>Ns.Class.Method</c>, or null.</summary>
    public string? FileOf(string className, string method)
    {
        Load();
        return _tests!.Where(test => test.Class == className && test.Method == method).Select(test => test.File).FirstOrDefault();
    }

    /// <summary>The test methods a file (relative to the project) declares, as case ids <c>Ns.Class::Method</c>, in source order.</summary>
    public IReadOnlyList<string> TestsIn(string file)
    {
        Load();
        return [.. _tests!.Where(test => test.File == file).Select(test => test.Class + "::" + test.Method).Distinct(StringComparer.Ordinal)];
    }

    void Load()
    {
        if (_classes is null)
        {
            _tests = [];
            _classes = Read(projectDirectory, _tests);
        }
    }

    static Dictionary<string, string?> Read(string directory, List<(string File, string Class, string Method)> tests)
    {
        var classes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var file in Sources(directory))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (IOException)
            {
                continue;
            }

            string? ns = null;
            // The classes declared so far with the brace depth of their declaration: those declared at a lower depth
            // than a method enclose it. A nested class is Outer+Inner, as the reports name it.
            var types = new List<(string Name, int Depth)>();
            var depth = 0;
            var attributed = false;
            foreach (var line in text.Split('\n'))
            {
                if (Namespace().Match(line) is { Success: true } declared)
                {
                    ns = declared.Groups["name"].Value;
                }
                else if (Class().Match(line) is { Success: true } declaredClass)
                {
                    // A class at this depth ends the ones declared at it or deeper (their bodies have closed).
                    types.RemoveAll(t => t.Depth >= depth);
                    types.Add((declaredClass.Groups["name"].Value, depth));
                }

                if (TestAttribute().IsMatch(line))
                {
                    attributed = true;
                }

                var enclosing = types.Where(t => t.Depth < depth).Select(t => t.Name).ToList();
                if (attributed && enclosing.Count > 0 && Method().Match(line) is { Success: true } method)
                {
                    attributed = false;
                    var name = method.Groups["name"].Value;
                    var type = string.Join('+', enclosing);
                    var full = ns is null ? type : ns + "." + type;
                    // Two classes declaring the method: which one a bare name means cannot be told.
                    classes[name] = classes.TryGetValue(name, out var known) && known != full ? null : full;
                    tests.Add((Path.GetRelativePath(directory, file).Replace('\\', '/'), full, name));
                }

                depth += line.Count(c => c == '{') - line.Count(c => c == '}');
            }
        }

        return classes;
    }

    static IEnumerable<string> Sources(string directory)
    {
        var pending = new Stack<string>([directory]);
        while (pending.TryPop(out var current))
        {
            IEnumerable<string> files, children;
            try
            {
                files = Directory.EnumerateFiles(current, "*.cs").ToList();
                children = Directory.EnumerateDirectories(current).Where(child => !Skipped.Contains(Path.GetFileName(child))).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var file in files)
            {
                yield return file;
            }

            foreach (var child in children)
            {
                pending.Push(child);
            }
        }
    }

    [GeneratedRegex(@"^\s*namespace\s+(?<name>[\w.]+)")]
    private static partial Regex Namespace();

    [GeneratedRegex(@"\bclass\s+(?<name>\w+)")]
    private static partial Regex Class();

    [GeneratedRegex(@"\[\s*(?:TestMethod|DataTestMethod|Test|TestCase|TestCaseSource|Fact|Theory)\b")]
    private static partial Regex TestAttribute();

    [GeneratedRegex(@"\b(?:void|Task|ValueTask)\s+(?<name>\w+)\s*\(")]
    private static partial Regex Method();
}
