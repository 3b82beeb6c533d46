using System.IO.Enumeration;
using Lightning.Core.Errors;
using Lightning.Core.Workspaces;

namespace Lightning.Testing.Detection;

/// <summary>
/// The files of a repository as detection sees them: one bounded walk (depth and file count) that never follows a
/// symbolic link and skips dependency, build-output and tool directories. Paths are relative to the repository root with
/// forward slashes; the root directory itself is <c>""</c>. Files outside the walk (a project's node_modules/jest) are
/// read only through the workspace, so nothing outside it is ever opened.
/// </summary>
internal sealed class RepositoryTree
{
    /// <summary>Never the project's own tests: dependencies, build output, virtual environments, caches, version control.</summary>
    internal static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal)
    {
        ".git", ".hg", ".svn", "node_modules", "bower_components", "vendor", "bin", "obj", "target", "build", "dist", "out",
        ".venv", "venv", ".tox", ".nox", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".eggs", ".gradle",
        ".idea", ".vs", ".next", ".nuxt", ".turbo", ".cache", "coverage", ".nyc_output", ".bundle", ".lightning",
    };

    readonly HashSet<string> _files;
    readonly HashSet<string> _directories;
    readonly Workspace _workspace;
    readonly TestDetectionOptions _options;

    RepositoryTree(Workspace workspace, string root, TestDetectionOptions options, List<string> files, HashSet<string> directories, List<string> warnings, bool truncated)
    {
        _workspace = workspace;
        _options = options;
        Root = root;
        Files = files;
        _files = new HashSet<string>(files, StringComparer.Ordinal);
        _directories = directories;
        Warnings = warnings;
        Truncated = truncated;
    }

    /// <summary>The repository directory on disk.</summary>
    public string Root { get; }

    /// <summary>Every file the walk listed, in walk order (names sorted ordinally, so the same tree gives the same list).</summary>
    public IReadOnlyList<string> Files { get; }

    public List<string> Warnings { get; }

    public bool Truncated { get; }

    public static RepositoryTree Walk(Workspace workspace, string root, TestDetectionOptions options, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        var directories = new HashSet<string>(StringComparer.Ordinal) { string.Empty };
        var warnings = new List<string>();
        var truncated = false;
        var full = false;
        var enumeration = new EnumerationOptions
        {
            IgnoreInaccessible = true,
            RecurseSubdirectories = false,
            // Hidden entries are dot files on Unix, and .rspec or .mocharc.json are evidence.
            AttributesToSkip = FileAttributes.None,
            ReturnSpecialDirectories = false,
        };
        var pending = new Stack<(string Full, string Relative, int Depth)>();
        pending.Push((root, string.Empty, 0));
        while (pending.Count > 0 && !full)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (directory, relative, depth) = pending.Pop();
            FileSystemInfo[] entries;
            try
            {
                entries = new DirectoryInfo(directory).GetFileSystemInfos("*", enumeration);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                warnings.Add($"Could not list '{Display(relative)}': {ex.Message}");
                continue;
            }

            Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            var subdirectories = new List<(string, string, int)>();
            foreach (var entry in entries)
            {
                // A link may lead anywhere, outside the workspace included: never followed, whether it does or not.
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                var path = Join(relative, entry.Name);
                if (entry is DirectoryInfo)
                {
                    if (SkippedDirectories.Contains(entry.Name) || entry.Name.EndsWith(".egg-info", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (depth + 1 > options.MaxDepth)
                    {
                        truncated = true;
                        warnings.Add($"Stopped at depth {options.MaxDepth}: '{path}' and below were not read.");
                        continue;
                    }

                    subdirectories.Add((entry.FullName, path, depth + 1));
                }
                else if (entry is FileInfo)
                {
                    if (files.Count >= options.MaxFiles)
                    {
                        truncated = full = true;
                        warnings.Add($"Stopped after {options.MaxFiles} files: the rest of the repository was not read.");
                        break;
                    }

                    files.Add(path);
                }
            }

            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                directories.Add(subdirectories[i].Item2);
                pending.Push(subdirectories[i]);
            }
        }

        return new RepositoryTree(workspace, root, options, files, directories, warnings, truncated);
    }

    public bool HasFile(string path) => _files.Contains(path);

    public bool HasFile(string directory, string name) => _files.Contains(Join(directory, name));

    public bool HasDirectory(string path) => _directories.Contains(path);

    /// <summary>Files directly in <paramref name="directory"/> whose name matches a simple pattern (<c>*</c>, <c>?</c>).</summary>
    public IEnumerable<string> FilesIn(string directory, string pattern) =>
        Files.Where(file => DirectoryOf(file) == directory && FileSystemName.MatchesSimpleExpression(pattern, FileName(file), ignoreCase: false));

    /// <summary>Files at or below <paramref name="directory"/>.</summary>
    public IEnumerable<string> FilesUnder(string directory) =>
        directory.Length == 0 ? Files : Files.Where(file => file.StartsWith(directory + "/", StringComparison.Ordinal));

    /// <summary>A manifest's text, or null when it is missing, too large or unreadable.</summary>
    public string? ReadManifest(string path) => Read(path, _options.MaxManifestBytes, whole: true);

    /// <summary>The head of a source file, enough for its package line, imports and first test attributes.</summary>
    public string? ReadSourceHead(string path) => Read(path, _options.MaxSourceBytes, whole: false);

    /// <summary>
    /// A file the walk did not list (inside node_modules or vendor), checked through the workspace so a link out of it
    /// counts as absent. Returns the full path when it exists.
    /// </summary>
    public string? FindOutsideWalk(string path)
    {
        try
        {
            var full = _workspace.Resolve(Path.Combine(Path.GetRelativePath(_workspace.Root, Root), path));
            return File.Exists(full) ? full : null;
        }
        catch (LightningException)
        {
            return null;
        }
    }

    /// <summary>Reads a file found by <see cref="FindOutsideWalk"/>.</summary>
    public string? ReadOutsideWalk(string path) => FindOutsideWalk(path) is { } full ? ReadFull(full, _options.MaxManifestBytes, whole: true) : null;

    string? Read(string path, int maxBytes, bool whole) =>
        _files.Contains(path) ? ReadFull(Path.Combine(Root, path.Replace('/', Path.DirectorySeparatorChar)), maxBytes, whole) : null;

    static string? ReadFull(string full, int maxBytes, bool whole)
    {
        try
        {
            var info = new FileInfo(full);
            // Pipes and devices list as files of length 0; opening one could block.
            if (!info.Exists || info.Length == 0 || (whole && info.Length > maxBytes))
            {
                return null;
            }

            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[Math.Min(info.Length, maxBytes)];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The closest of <paramref name="candidates"/> at or above <paramref name="directory"/>, or null.</summary>
    public static string? Nearest(string directory, IReadOnlySet<string> candidates)
    {
        foreach (var ancestor in Ancestors(directory))
        {
            if (candidates.Contains(ancestor))
            {
                return ancestor;
            }
        }

        return null;
    }

    /// <summary><paramref name="directory"/>, its parent, ..., and the root <c>""</c>.</summary>
    public static IEnumerable<string> Ancestors(string directory)
    {
        while (true)
        {
            yield return directory;
            if (directory.Length == 0)
            {
                yield break;
            }

            directory = DirectoryOf(directory);
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> or below it.</summary>
    public static bool IsUnder(string path, string directory) =>
        directory.Length == 0 || path == directory || path.StartsWith(directory + "/", StringComparison.Ordinal);

    /// <summary><paramref name="path"/> relative to <paramref name="directory"/> (which contains it).</summary>
    public static string RelativeTo(string path, string directory) =>
        directory.Length == 0 ? path : path == directory ? string.Empty : path[(directory.Length + 1)..];

    public static string DirectoryOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Join(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;

    /// <summary>How a repository-relative directory is shown to users: <c>.</c> for the root.</summary>
    public static string Display(string directory) => directory.Length == 0 ? "." : directory;
}
