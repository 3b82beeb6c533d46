using System.Text.RegularExpressions;

namespace Lightning.Testing.Runners.Dotnet;

/// <summary>
/// The class of a test method the live output names without one: MSTest (and NUnit under Microsoft.Testing.Platform)
/// print <c>Fails</c> or <c>Increments (1,2)</c>, while the TRX report gives the class. Read from the project's C#
/// sources on the first such name: namespaces (block or file-scoped), classes and the methods under a test attribute.
/// A method name declared by two classes stays unresolved, and the case is squared with the report at the end.
/// </summary>
internal sealed partial class DotnetTestClasses(string projectDirectory)
{
    static readonly string[] Skipped = ["bin", "obj", ".git", "node_modules"];

    Dictionary<string, string?>? _classes;

    /// <summary>The fully qualified class declaring test method <paramref name="method"/>, or null.</summary>
    public string? ClassOf(string method)
    {
        _classes ??= Read(projectDirectory);
        return _classes.GetValueOrDefault(method);
    }

    static Dictionary<string, string?> Read(string directory)
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
            string? type = null;
            var attributed = false;
            foreach (var line in text.Split('\n'))
            {
                if (Namespace().Match(line) is { Success: true } declared)
                {
                    ns = declared.Groups["name"].Value;
                }
                else if (Class().Match(line) is { Success: true } declaredClass)
                {
                    type = declaredClass.Groups["name"].Value;
                }

                if (TestAttribute().IsMatch(line))
                {
                    attributed = true;
                }

                if (attributed && type is not null && Method().Match(line) is { Success: true } method)
                {
                    attributed = false;
                    var name = method.Groups["name"].Value;
                    var full = ns is null ? type : ns + "." + type;
                    // Two classes declaring the method: which one a bare name means cannot be told.
                    classes[name] = classes.TryGetValue(name, out var known) && known != full ? null : full;
                }
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
