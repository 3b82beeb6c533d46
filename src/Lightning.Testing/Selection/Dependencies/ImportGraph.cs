namespace Lightning.Testing.Selection.Dependencies;

/// <summary>
/// Which file of a repository depends on which, from their import statements (paths relative to the repository,
/// <c>/</c>-separated). <see cref="ImpactOf"/> walks the edges backwards: every file that imports a file, directly or
/// through others, with the shortest chain that leads there (for explanations).
/// </summary>
public sealed class ImportGraph
{
    readonly Dictionary<string, HashSet<string>> _dependencies = new(StringComparer.Ordinal);
    readonly Dictionary<string, HashSet<string>> _dependents = new(StringComparer.Ordinal);
    readonly HashSet<(string From, string To)> _reads = [];

    /// <summary>Every file that was read for imports (source files of a known language).</summary>
    public IReadOnlyCollection<string> Files => _dependencies.Keys;

    public bool Contains(string file) => _dependencies.ContainsKey(file);

    public IReadOnlyCollection<string> DependenciesOf(string file) => _dependencies.TryGetValue(file, out var set) ? set : [];

    public IReadOnlyCollection<string> DependentsOf(string file) => _dependents.TryGetValue(file, out var set) ? set : [];

    /// <summary>True when <paramref name="file"/> names <paramref name="target"/> as data (a path in a string), rather than importing it.</summary>
    public bool Reads(string file, string target) => _reads.Contains((file, target));

    /// <summary>Replaces what <paramref name="file"/> depends on (a file re-read after a save); <paramref name="reads"/> are data files it names.</summary>
    public void Set(string file, IEnumerable<string> dependencies, IEnumerable<string>? reads = null)
    {
        _reads.RemoveWhere(edge => edge.From == file);
        var readList = reads?.Where(target => target != file).ToList() ?? [];
        foreach (var target in readList)
        {
            _reads.Add((file, target));
        }

        dependencies = dependencies.Concat(readList);
        if (_dependencies.TryGetValue(file, out var old))
        {
            foreach (var dependency in old)
            {
                _dependents[dependency].Remove(file);
            }
        }

        var set = new HashSet<string>(dependencies.Where(dependency => dependency != file), StringComparer.Ordinal);
        _dependencies[file] = set;
        foreach (var dependency in set)
        {
            if (!_dependents.TryGetValue(dependency, out var dependents))
            {
                _dependents[dependency] = dependents = new HashSet<string>(StringComparer.Ordinal);
            }

            dependents.Add(file);
        }
    }

    public void Remove(string file)
    {
        Set(file, []);
        _dependencies.Remove(file);
    }

    /// <summary>
    /// Every file that depends on <paramref name="file"/>, directly or not, each with its chain: the importing file
    /// first, then the files in between, ending before <paramref name="file"/>.
    /// Breadth-first, so each chain is a shortest one.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ImpactOf(string file)
    {
        var reached = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var queue = new Queue<(string File, IReadOnlyList<string> Via)>();
        queue.Enqueue((file, []));
        var seen = new HashSet<string>(StringComparer.Ordinal) { file };
        while (queue.Count > 0)
        {
            var (current, via) = queue.Dequeue();
            foreach (var dependent in DependentsOf(current).Order(StringComparer.Ordinal))
            {
                if (!seen.Add(dependent))
                {
                    continue;
                }

                // dependent imports current, which (through 'via') imports the file.
                IReadOnlyList<string> chain = current == file ? [] : [current, .. via];
                reached[dependent] = chain;
                queue.Enqueue((dependent, chain));
            }
        }

        return reached;
    }
}
