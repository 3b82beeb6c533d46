using Lightning.Testing.Detection;

namespace Lightning.Testing.Coverage;

/// <summary>
/// Makes a report's paths relative to the repository root, with forward slashes, whatever the tool wrote: absolute
/// paths of this checkout (coverage.py outside the root, istanbul, SimpleCov, PHPUnit), paths relative to a source
/// root the report names (Cobertura's <c>sources</c>: coverage.py, coverlet's <c>/</c>), Go import paths (through
/// each go.mod's module line), source-root-relative paths (JaCoCo's <c>com/example/Calc.java</c>), and paths of
/// another machine (CI, containers). For each path, in order: the <see cref="CoveragePathMapping"/>s; a file that
/// exists at the path (absolute, under a source root, or relative to the root); a Go module prefix; then the
/// longest trailing part of the path that names exactly one file in the repository. Two report paths that land on
/// the same file are combined (the larger count per line: both describe the same run).
/// </summary>
public sealed class CoveragePathMapper
{
    /// <summary>Beyond this many files, the suffix index stops growing: a path in an unindexed part can still be found by existence.</summary>
    public const int MaxIndexedFiles = 200_000;

    readonly string _root;
    readonly IReadOnlyList<CoveragePathMapping> _mappings;
    readonly Lazy<RepositoryIndex> _index;

    public CoveragePathMapper(string repositoryRoot, IReadOnlyList<CoveragePathMapping>? mappings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryRoot);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot)).Replace('\\', '/');
        _mappings = mappings ?? [];
        _index = new Lazy<RepositoryIndex>(() => RepositoryIndex.Build(_root));
    }

    public CoverageMappingResult Map(CoverageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var roots = report.SourceRoots.Select(Rewrite).ToList();
        // Go profiles name files by import path: one that no go.mod here maps belongs to another module.
        var importPaths = report.Origins.Count > 0 && report.Origins.All(origin => origin.Format == CoverageFormat.GoProfile);
        var files = new List<FileCoverage>();
        var notFound = new SortedSet<string>(StringComparer.Ordinal);
        var outside = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in report.Files)
        {
            switch (Resolve(file.Path, roots, importPaths))
            {
                case (Placement.Found, var relative):
                    files.Add(file with { Path = relative! });
                    break;
                case (Placement.NotFound, var relative):
                    notFound.Add(relative!);
                    files.Add(file with { Path = relative! });
                    break;
                default:
                    outside.Add(file.Path);
                    break;
            }
        }

        var mapped = CoverageReport.Build(files, CoverageCombine.Max, report.Origins);
        return new CoverageMappingResult(mapped, [.. notFound], [.. outside]);
    }

    /// <summary>The repository-relative path of one report path, or null when it is not in the repository.</summary>
    public string? MapPath(string path, IReadOnlyList<string>? sourceRoots = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (placement, relative) = Resolve(path, [.. (sourceRoots ?? []).Select(Rewrite)], importPaths: false);
        return placement == Placement.Found ? relative : null;
    }

    (Placement, string?) Resolve(string reportPath, List<string> roots, bool importPaths)
    {
        var path = Rewrite(reportPath);
        var absolute = IsAbsolute(path);
        // (candidate, whether it may name the file when it does not exist): a path relative to a source root the
        // report names is not relative to the repository, so it is only tried as is when it exists.
        var candidates = new List<(string Path, bool Guess)>();
        if (absolute)
        {
            candidates.Add((path, true));
        }
        else
        {
            // A root joined with a relative path may itself need a mapping (coverlet's root is "/").
            candidates.AddRange(roots.Select(root => (Rewrite(Join(root, path)), true)));
            candidates.Add((path, roots.Count == 0 && !importPaths));
        }

        string? underRoot = null;
        foreach (var (candidate, guess) in candidates)
        {
            var relative = RelativeToRoot(candidate);
            if (relative is null)
            {
                continue;
            }

            if (guess)
            {
                underRoot ??= relative;
            }

            if (File.Exists(Path.Combine(_root, relative)))
            {
                return (Placement.Found, relative);
            }
        }

        if (!absolute && _index.Value.FromGoModule(path) is { } module)
        {
            return (Placement.Found, module);
        }

        // A path relative to an absolute source root is as foreign as an absolute one.
        if (_index.Value.BySuffix(path, absolute || roots.Exists(IsAbsolute)) is { } suffix)
        {
            return (Placement.Found, suffix);
        }

        return underRoot is not null ? (Placement.NotFound, underRoot) : (Placement.Outside, null);
    }

    string Rewrite(string path)
    {
        path = path.Replace('\\', '/');
        foreach (var mapping in _mappings)
        {
            if (mapping.From.Length > 0 && path.StartsWith(mapping.From, StringComparison.Ordinal))
            {
                var rest = path[mapping.From.Length..].TrimStart('/');
                return mapping.To.Length == 0 ? rest : Join(mapping.To, rest);
            }
        }

        return path;
    }

    /// <summary>The path relative to the root if it is inside it (".." resolved), else null.</summary>
    string? RelativeToRoot(string path)
    {
        if (IsAbsolute(path))
        {
            var full = Path.GetFullPath(path).Replace('\\', '/');
            if (string.Equals(full, _root, StringComparison.Ordinal))
            {
                return null;
            }

            return full.StartsWith(_root + "/", StringComparison.Ordinal) ? full[(_root.Length + 1)..] : null;
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return segments.Count == 0 ? null : string.Join('/', segments);
    }

    static bool IsAbsolute(string path) => path.StartsWith('/') || (path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] == '/');

    static string Join(string root, string path) => root.Length == 0 ? path : root.TrimEnd('/') + "/" + path;

    enum Placement
    {
        Found,
        NotFound,
        Outside,
    }

    /// <summary>The repository's files by name, and its Go modules, built once on first need.</summary>
    sealed class RepositoryIndex
    {
        readonly Dictionary<string, List<string>> _byName = new(StringComparer.Ordinal);
        readonly List<(string Module, string Directory)> _goModules = [];

        public static RepositoryIndex Build(string root)
        {
            var index = new RepositoryIndex();
            if (!Directory.Exists(root))
            {
                return index;
            }

            var count = 0;
            var pending = new Stack<string>();
            pending.Push(root);
            var options = new EnumerationOptions { IgnoreInaccessible = true, RecurseSubdirectories = false, AttributesToSkip = FileAttributes.ReparsePoint };
            while (pending.Count > 0 && count < MaxIndexedFiles)
            {
                var directory = pending.Pop();
                foreach (var child in Directory.EnumerateDirectories(directory, "*", options).Order(StringComparer.Ordinal))
                {
                    if (!RepositoryTree.SkippedDirectories.Contains(Path.GetFileName(child)))
                    {
                        pending.Push(child);
                    }
                }

                foreach (var file in Directory.EnumerateFiles(directory, "*", options))
                {
                    var relative = file[(root.Length + 1)..].Replace('\\', '/');
                    var name = Path.GetFileName(file);
                    (index._byName.TryGetValue(name, out var list) ? list : index._byName[name] = []).Add(relative);
                    if (name == "go.mod" && ReadModule(file) is { } module)
                    {
                        var moduleDirectory = relative.Length > "go.mod".Length ? relative[..^("/go.mod".Length)] : string.Empty;
                        index._goModules.Add((module, moduleDirectory));
                    }

                    if (++count >= MaxIndexedFiles)
                    {
                        break;
                    }
                }
            }

            // The longest module path first: a nested module wins over the one around it.
            index._goModules.Sort((a, b) => b.Module.Length.CompareTo(a.Module.Length));
            return index;
        }

        public string? FromGoModule(string importPath)
        {
            foreach (var (module, directory) in _goModules)
            {
                if (importPath.StartsWith(module + "/", StringComparison.Ordinal))
                {
                    var inModule = importPath[(module.Length + 1)..];
                    var candidate = directory.Length == 0 ? inModule : directory + "/" + inModule;
                    if (Contains(candidate))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The one file whose path ends with the longest possible tail of <paramref name="path"/>. For an absolute path
        /// (another machine's checkout), a bare file name is trusted only for a file at the repository's top.
        /// </summary>
        public string? BySuffix(string path, bool absolute)
        {
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0 || !_byName.TryGetValue(segments[^1], out var sameName))
            {
                return null;
            }

            for (var start = 0; start < segments.Length; start++)
            {
                var tail = string.Join('/', segments[start..]);
                var matches = sameName.Where(file => file == tail || file.EndsWith("/" + tail, StringComparison.Ordinal)).Take(2).ToList();
                if (matches.Count > 1)
                {
                    return null;
                }

                if (matches.Count == 1)
                {
                    var bareName = start == segments.Length - 1;
                    return !bareName || !absolute || !matches[0].Contains('/', StringComparison.Ordinal) ? matches[0] : null;
                }
            }

            return null;
        }

        bool Contains(string relative) =>
            _byName.TryGetValue(relative[(relative.LastIndexOf('/') + 1)..], out var list) && list.Contains(relative, StringComparer.Ordinal);

        static string? ReadModule(string goMod)
        {
            try
            {
                foreach (var line in File.ReadLines(goMod).Take(50))
                {
                    var trimmed = line.Trim();
                    if (trimmed.StartsWith("module ", StringComparison.Ordinal) || trimmed.StartsWith("module\t", StringComparison.Ordinal))
                    {
                        return trimmed["module".Length..].Trim().Trim('"');
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            return null;
        }
    }
}
