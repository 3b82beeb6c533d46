using System.Text.RegularExpressions;

namespace Lightning.Testing.Flaky;

/// <summary>
/// The files a test is or imports, relative to the repository directory: the test's own file, and the modules it
/// imports that live in the repository (Python <c>import</c>/<c>from</c>, JavaScript relative
/// <c>import</c>/<c>require</c>), one level deep. Null when the test's file cannot be found: then no change can be
/// ruled out. Go and other languages: the test's file and the other source files of its directory (a package).
/// </summary>
public static partial class TestDependencyFiles
{
    const int MaxBytes = 256 * 1024;
    static readonly string[] ScriptExtensions = [".js", ".ts", ".jsx", ".tsx", ".mjs", ".cjs"];

    public static IReadOnlySet<string>? Find(string repositoryDirectory, string project, string? file, string? className, string caseId)
    {
        ArgumentNullException.ThrowIfNull(repositoryDirectory);
        var projectDirectory = project is "." or "" ? repositoryDirectory : Path.Combine(repositoryDirectory, project);
        var testFile = Locate(repositoryDirectory, projectDirectory, file, className, caseId);
        if (testFile is null)
        {
            return null;
        }

        var files = new HashSet<string>(StringComparer.Ordinal) { Relative(repositoryDirectory, testFile) };
        var text = Read(testFile);
        var extension = Path.GetExtension(testFile);
        if (extension == ".py")
        {
            foreach (Match match in PythonImport().Matches(text))
            {
                var modules = match.Groups["from"].Success ? [match.Groups["from"].Value] : match.Groups["names"].Value.Split(',').Select(n => n.Trim().Split(' ')[0]);
                foreach (var module in modules.Where(m => m.Length > 0))
                {
                    if (PythonModule(repositoryDirectory, projectDirectory, Path.GetDirectoryName(testFile)!, module) is { } found)
                    {
                        files.Add(Relative(repositoryDirectory, found));
                    }
                }
            }
        }
        else if (ScriptExtensions.Contains(extension))
        {
            foreach (Match match in ScriptImport().Matches(text))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(testFile)!, match.Groups["path"].Value));
                var found = new[] { target }.Concat(ScriptExtensions.Select(e => target + e)).Concat(ScriptExtensions.Select(e => Path.Combine(target, "index" + e)))
                    .FirstOrDefault(File.Exists);
                if (found is not null && Inside(repositoryDirectory, found))
                {
                    files.Add(Relative(repositoryDirectory, found));
                }
            }
        }
        else
        {
            var directory = Path.GetDirectoryName(testFile)!;
            foreach (var sibling in Directory.EnumerateFiles(directory, "*" + extension))
            {
                files.Add(Relative(repositoryDirectory, sibling));
            }
        }

        return files;
    }

    /// <summary>The test's file: as reported, else (pytest xunit2 reports name no file) from its dotted module path.</summary>
    static string? Locate(string repositoryDirectory, string projectDirectory, string? file, string? className, string caseId)
    {
        if (!string.IsNullOrEmpty(file))
        {
            foreach (var candidate in new[] { Path.Combine(projectDirectory, file), Path.Combine(repositoryDirectory, file) })
            {
                var full = Path.GetFullPath(candidate);
                if (Inside(repositoryDirectory, full) && File.Exists(full))
                {
                    return full;
                }
            }
        }

        var scope = className ?? (caseId.Contains("::", StringComparison.Ordinal) ? caseId[..caseId.IndexOf("::", StringComparison.Ordinal)] : null);
        if (scope is null)
        {
            return null;
        }

        if (scope.EndsWith(".py", StringComparison.Ordinal) && File.Exists(Path.Combine(projectDirectory, scope)))
        {
            return Path.GetFullPath(Path.Combine(projectDirectory, scope));
        }

        var parts = scope.Split('.');
        for (var count = parts.Length; count > 0; count--)
        {
            var module = Path.Combine(projectDirectory, string.Join('/', parts[..count]) + ".py");
            if (File.Exists(module))
            {
                return Path.GetFullPath(module);
            }
        }

        return null;
    }

    static string? PythonModule(string repositoryDirectory, string projectDirectory, string testDirectory, string module)
    {
        var relative = module.StartsWith('.');
        var name = module.TrimStart('.');
        var bases = relative ? [testDirectory] : new[] { projectDirectory, testDirectory, repositoryDirectory, Path.Combine(projectDirectory, "src") };
        foreach (var root in bases)
        {
            var path = Path.Combine(root, name.Replace('.', '/'));
            foreach (var candidate in new[] { path + ".py", Path.Combine(path, "__init__.py") })
            {
                var full = Path.GetFullPath(candidate);
                if (File.Exists(full) && Inside(repositoryDirectory, full))
                {
                    return full;
                }
            }
        }

        return null;
    }

    static string Read(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[Math.Min(MaxBytes, stream.Length)];
        stream.ReadExactly(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer);
    }

    static bool Inside(string root, string full) =>
        full.StartsWith(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    static string Relative(string root, string full) => Path.GetRelativePath(root, full).Replace('\\', '/');

    [GeneratedRegex(@"^\s*(?:from\s+(?<from>\.*[\w\.]*)\s+import\b|import\s+(?<names>[\w\.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w\.]+(?:\s+as\s+\w+)?)*))", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex PythonImport();

    [GeneratedRegex(@"(?:\bfrom\s+|\brequire\(\s*|\bimport\s+)['""](?<path>\.{1,2}/[^'""]+)['""]", RegexOptions.CultureInvariant)]
    private static partial Regex ScriptImport();
}
