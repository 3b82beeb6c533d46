namespace Lightning.Testing.Coverage.Runs;

/// <summary>
/// A directory or file of a run's coverage with its totals (a directory's are its files' summed), for a file tree:
/// directories first, then files, each by name. The root is the repository, with path <c>.</c>.
/// </summary>
public sealed record CoverageTreeNode(string Name, string Path, string Kind, CoverageTotals Totals)
{
    public const string DirectoryKind = "directory";
    public const string FileKind = "file";

    public IReadOnlyList<CoverageTreeNode> Children { get; init; } = [];

    public static CoverageTreeNode Build(IEnumerable<(string Path, CoverageTotals Totals)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var root = new Folder(".", ".");
        foreach (var (path, totals) in files)
        {
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var folder = root;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                var name = parts[i];
                if (!folder.Folders.TryGetValue(name, out var next))
                {
                    next = folder.Folders[name] = new Folder(name, string.Join('/', parts[..(i + 1)]));
                }

                folder = next;
            }

            folder.Files.Add(new CoverageTreeNode(parts.Length == 0 ? path : parts[^1], path, FileKind, totals));
        }

        return root.ToNode();
    }

    sealed class Folder(string name, string path)
    {
        public SortedDictionary<string, Folder> Folders { get; } = new(StringComparer.Ordinal);

        public List<CoverageTreeNode> Files { get; } = [];

        public CoverageTreeNode ToNode()
        {
            List<CoverageTreeNode> children = [.. Folders.Values.Select(folder => folder.ToNode()), .. Files.OrderBy(file => file.Name, StringComparer.Ordinal)];
            return new CoverageTreeNode(name, path, DirectoryKind, CoverageTotals.Sum(children.Select(child => child.Totals))) { Children = children };
        }
    }
}
