using System.Text.RegularExpressions;

namespace Lightning.Testing.Selection.Dependencies;

/// <summary>
/// Builds the <see cref="ImportGraph"/> of a repository from its source files, resolving each import to the files of
/// the repository it can mean (an import of a package outside the repository resolves to nothing). Where a language
/// makes a name visible without an import (Java, PHP and C# code of the same package or namespace, Go files of one
/// package), those files count as dependencies too. When in doubt it resolves to more files, never fewer: a wider
/// selection costs time, a narrower one misses failures.
/// </summary>
public sealed partial class ImportGraphBuilder
{
    static readonly string[] JsExtensions = [".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts", ".json"];

    readonly string _root;
    readonly HashSet<string> _files;
    readonly Dictionary<string, List<string>> _byFileName = new(StringComparer.Ordinal);
    readonly Dictionary<string, SourceImports> _parsed = new(StringComparer.Ordinal);
    readonly Dictionary<string, List<string>> _byDeclared = new(StringComparer.Ordinal);
    readonly List<(string Directory, string Module)> _goModules = [];

    /// <param name="root">The repository directory.</param>
    /// <param name="files">Every file of the repository the walk listed, relative to it.</param>
    public ImportGraphBuilder(string root, IEnumerable<string> files)
    {
        _root = root;
        _files = new HashSet<string>(files, StringComparer.Ordinal);
        foreach (var file in _files)
        {
            var name = Path.GetFileName(file);
            if (!_byFileName.TryGetValue(name, out var list))
            {
                _byFileName[name] = list = [];
            }

            list.Add(file);
            if (name == "go.mod" && Read(file) is { } goMod && GoModule().Match(goMod) is { Success: true } module)
            {
                _goModules.Add((Path.GetDirectoryName(file)!.Replace('\\', '/'), module.Groups["a"].Value));
            }
        }
    }

    /// <summary>Source files larger than this are read only this far (generated code, bundles).</summary>
    public int MaxSourceBytes { get; init; } = 512 * 1024;

    public IReadOnlyCollection<string> Files => _files;

    /// <summary>Reads every source file and resolves its imports.</summary>
    public ImportGraph Build(CancellationToken cancellationToken)
    {
        foreach (var file in _files.Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Parse(file);
        }

        var graph = new ImportGraph();
        foreach (var file in _parsed.Keys)
        {
            graph.Set(file, Resolve(file), ReadsOf(file));
        }

        return graph;
    }

    /// <summary>
    /// Re-reads <paramref name="file"/> after a save and updates its edges in <paramref name="graph"/>. False when the
    /// change is structural (what the file declares changed, or it is new or gone), so the graph must be rebuilt.
    /// </summary>
    public bool Update(ImportGraph graph, string file)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (!_parsed.TryGetValue(file, out var before) || !File.Exists(Path.Combine(_root, file)))
        {
            return false;
        }

        Parse(file);
        if (!_parsed.TryGetValue(file, out var after) || !before.Declared.SequenceEqual(after.Declared, StringComparer.Ordinal))
        {
            return false;
        }

        graph.Set(file, Resolve(file), ReadsOf(file));
        return true;
    }

    void Parse(string file)
    {
        if (SourceImports.LanguageOf(file) is not { } language || Read(file) is not { } text)
        {
            return;
        }

        if (_parsed.TryGetValue(file, out var old))
        {
            foreach (var declared in old.Declared)
            {
                _byDeclared[Key(old.Language, declared)].Remove(file);
            }
        }

        var imports = SourceImports.Parse(language, text);
        _parsed[file] = imports;
        foreach (var declared in imports.Declared)
        {
            var key = Key(language, declared);
            if (!_byDeclared.TryGetValue(key, out var list))
            {
                _byDeclared[key] = list = [];
            }

            list.Add(file);
        }
    }

    static string Key(SourceLanguage language, string declared) => $"{language}:{declared}";

    string? Read(string file)
    {
        try
        {
            var full = Path.Combine(_root, file);
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[Math.Min(stream.Length, MaxSourceBytes)];
            stream.ReadExactly(buffer);
            return System.Text.Encoding.UTF8.GetString(buffer);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    IEnumerable<string> ReadsOf(string file)
    {
        var directory = DirectoryOf(file);
        foreach (var literal in _parsed[file].PathLiterals)
        {
            foreach (var candidate in new[] { Normalize(Join(directory, literal)), Normalize(literal) })
            {
                if (candidate is not null && _files.Contains(candidate) && candidate != file)
                {
                    yield return candidate;
                    break;
                }
            }
        }
    }

    HashSet<string> Resolve(string file)
    {
        var parsed = _parsed[file];
        var directory = DirectoryOf(file);
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var import in parsed.Imports)
        {
            found.UnionWith(parsed.Language switch
            {
                SourceLanguage.Python => ResolvePython(directory, import),
                SourceLanguage.JavaScript => ResolveJs(directory, import),
                SourceLanguage.Go => ResolveGo(import),
                SourceLanguage.Java => ResolveJava(import),
                SourceLanguage.Ruby => ResolveRuby(directory, import),
                SourceLanguage.Php => ResolvePhp(directory, import),
                SourceLanguage.CSharp => ResolveCSharp(import),
                _ => [],
            });
        }

        switch (parsed.Language)
        {
            case SourceLanguage.Go:
                // One package is one directory: its files see each other without imports.
                found.UnionWith(GoPackageFiles(directory));
                break;
            case SourceLanguage.Java or SourceLanguage.Php:
                foreach (var declared in parsed.Declared)
                {
                    found.UnionWith(DeclaredBy(parsed.Language, declared));
                }

                break;
            case SourceLanguage.CSharp:
                // Code in A.B.Tests sees A.B and A without a using.
                foreach (var declared in parsed.Declared)
                {
                    for (var name = declared; name.Length > 0; name = name.Contains('.', StringComparison.Ordinal) ? name[..name.LastIndexOf('.')] : string.Empty)
                    {
                        found.UnionWith(DeclaredBy(SourceLanguage.CSharp, name));
                    }
                }

                break;
        }

        found.Remove(file);
        return found;
    }

    List<string> DeclaredBy(SourceLanguage language, string declared) =>
        _byDeclared.TryGetValue(Key(language, declared), out var files) ? files : [];

    IEnumerable<string> ResolvePython(string directory, string import)
    {
        var colon = import.IndexOf(':', StringComparison.Ordinal);
        var module = colon < 0 ? import : import[..colon];
        var names = colon < 0 ? [] : import[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries);
        var dots = module.TakeWhile(c => c == '.').Count();
        var rest = module[dots..].Replace('.', '/');
        if (dots > 0)
        {
            var baseDirectory = directory;
            for (var i = 1; i < dots; i++)
            {
                baseDirectory = DirectoryOf(baseDirectory);
            }

            var path = Normalize(Join(baseDirectory, rest));
            if (path is null)
            {
                yield break;
            }

            foreach (var candidate in PythonModule(path).Concat(names.SelectMany(name => PythonModule(Join(path, name)))))
            {
                if (_files.Contains(candidate))
                {
                    yield return candidate;
                }
            }

            yield break;
        }

        // Absolute: any directory may be on sys.path (pytest's rootdir insertion, src layouts), so match by suffix,
        // parent packages included (importing a.b.c runs a/__init__.py and a/b/__init__.py).
        var parts = rest.Split('/');
        var candidates = new List<string>();
        for (var i = 1; i <= parts.Length; i++)
        {
            var prefix = string.Join('/', parts.Take(i));
            candidates.Add(prefix + "/__init__.py");
        }

        candidates.Add(rest + ".py");
        candidates.AddRange(names.SelectMany(name => PythonModule(rest + "/" + name)));
        foreach (var candidate in candidates)
        {
            foreach (var match in BySuffix(candidate))
            {
                yield return match;
            }
        }
    }

    static IEnumerable<string> PythonModule(string path) => [path + ".py", path + "/__init__.py"];

    IEnumerable<string> BySuffix(string relative)
    {
        if (!_byFileName.TryGetValue(Path.GetFileName(relative), out var files))
        {
            return [];
        }

        return files.Where(file => file == relative || file.EndsWith("/" + relative, StringComparison.Ordinal));
    }

    IEnumerable<string> ResolveJs(string directory, string specifier)
    {
        if (!specifier.StartsWith('.') && !specifier.StartsWith('/'))
        {
            return []; // a package from node_modules
        }

        var path = Normalize(specifier.StartsWith('/') ? specifier[1..] : Join(directory, specifier));
        if (path is null)
        {
            return [];
        }

        // TypeScript's ESM style names the compiled file: import './x.js' means x.ts.
        var stem = Path.GetExtension(path) is ".js" or ".mjs" or ".cjs" ? path[..path.LastIndexOf('.')] : null;
        var candidates = new List<string> { path };
        candidates.AddRange(JsExtensions.Select(extension => path + extension));
        candidates.AddRange(JsExtensions.Select(extension => path + "/index" + extension));
        if (stem is not null)
        {
            candidates.AddRange(JsExtensions.Select(extension => stem + extension));
        }

        return candidates.Where(_files.Contains).Take(1);
    }

    IEnumerable<string> ResolveGo(string import)
    {
        foreach (var (directory, module) in _goModules)
        {
            if (import == module || import.StartsWith(module + "/", StringComparison.Ordinal))
            {
                var packageDirectory = Join(directory, import[module.Length..].TrimStart('/'));
                return GoPackageFiles(packageDirectory.TrimEnd('/'));
            }
        }

        return [];
    }

    IEnumerable<string> GoPackageFiles(string directory) =>
        _byFileName.Where(entry => entry.Key.EndsWith(".go", StringComparison.Ordinal) && !entry.Key.EndsWith("_test.go", StringComparison.Ordinal))
            .SelectMany(entry => entry.Value).Where(file => DirectoryOf(file) == directory);

    List<string> ResolveJava(string import)
    {
        if (import.EndsWith(".*", StringComparison.Ordinal))
        {
            var package = import[..^2];
            // "import static a.b.C.*" names a class; "import a.b.*" a package.
            return DeclaredBy(SourceLanguage.Java, package).Concat(JavaClass(package)).ToList();
        }

        // a.b.C, a.b.C.Nested or a static member a.b.C.m: the longest prefix that is a class of the repository.
        for (var name = import; name.Contains('.', StringComparison.Ordinal); name = name[..name.LastIndexOf('.')])
        {
            var found = JavaClass(name).ToList();
            if (found.Count > 0)
            {
                return found;
            }
        }

        return [];
    }

    List<string> JavaClass(string qualified)
    {
        var dot = qualified.LastIndexOf('.');
        if (dot < 0)
        {
            return [];
        }

        var (package, type) = (qualified[..dot], qualified[(dot + 1)..]);
        return DeclaredBy(SourceLanguage.Java, package).Where(file => Path.GetFileNameWithoutExtension(file) == type).ToList();
    }

    IEnumerable<string> ResolveRuby(string directory, string import)
    {
        var name = import.EndsWith(".rb", StringComparison.Ordinal) ? import : import + ".rb";
        if (import.StartsWith("./", StringComparison.Ordinal))
        {
            return Normalize(Join(directory, name[2..])) is { } path && _files.Contains(path) ? [path] : [];
        }

        // require 'calc' searches the load path ($LOAD_PATH: lib, spec, app ... set by the project).
        return BySuffix(name);
    }

    IEnumerable<string> ResolvePhp(string directory, string import)
    {
        if (import.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = import[5..];
            return new[] { Normalize(Join(directory, path.TrimStart('/'))), Normalize(path.TrimStart('/')) }
                .Where(candidate => candidate is not null && _files.Contains(candidate)).Take(1)!;
        }

        var separator = import.LastIndexOf('\\');
        var (space, type) = separator < 0 ? (string.Empty, import) : (import[..separator], import[(separator + 1)..]);
        var declared = DeclaredBy(SourceLanguage.Php, space).Where(file => Path.GetFileNameWithoutExtension(file) == type).ToList();
        // A file without a namespace line (or PSR-4 mapped elsewhere): the class's file by name.
        return declared.Count > 0 ? declared : BySuffix(type + ".php");
    }

    List<string> ResolveCSharp(string import)
    {
        // A namespace, or (using static, aliases) a type: then its namespace.
        var files = DeclaredBy(SourceLanguage.CSharp, import).ToList();
        if (files.Count == 0 && import.Contains('.', StringComparison.Ordinal))
        {
            files.AddRange(DeclaredBy(SourceLanguage.CSharp, import[..import.LastIndexOf('.')]));
        }

        return files;
    }

    static string DirectoryOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    static string Join(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;

    /// <summary>Resolves "." and ".." segments; null when the path leaves the repository.</summary>
    static string? Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    [GeneratedRegex(@"^\s*module\s+(?<a>\S+)", RegexOptions.Multiline)]
    private static partial Regex GoModule();
}
