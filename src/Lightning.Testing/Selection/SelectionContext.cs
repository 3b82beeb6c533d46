using Lightning.Testing.Detection;
using Lightning.Testing.Selection.Coverage;
using Lightning.Testing.Selection.Dependencies;

namespace Lightning.Testing.Selection;

/// <summary>
/// What selection knows about a repository, built once and reused while nothing structural changes (the watch loop):
/// its detected test projects, the import graph of its sources, and the coverage map of each project that has one,
/// with the hunks that carry the map's line numbers to the base of the change when the map is from another commit.
/// </summary>
public sealed class SelectionContext
{
    public required string Repository { get; init; }

    public required TestDetectionReport Detection { get; init; }

    public required ImportGraphBuilder Builder { get; init; }

    public required ImportGraph Graph { get; init; }

    /// <summary>Coverage maps by project root.</summary>
    public IReadOnlyDictionary<string, CoverageMap> Maps { get; init; } = new Dictionary<string, CoverageMap>(StringComparer.Ordinal);

    /// <summary>
    /// By project root: for each file that changed between the map's commit and the base, the hunks (old = map's
    /// commit, new = base). Absent for a project whose map is of the base itself.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, ChangedFile>> MapDrift { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, ChangedFile>>(StringComparer.Ordinal);

    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The supported project whose test files include <paramref name="file"/> (the deepest root when projects nest).</summary>
    public DetectedTestProject? TestProjectOf(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        DetectedTestProject? found = null;
        foreach (var project in Detection.Projects.Where(project => project.Supported))
        {
            if (RelativeTo(project, file) is { } relative && project.TestFileGlobs.Any(glob => Glob.Matches(glob, relative))
                && (found is null || project.Root.Length > found.Root.Length))
            {
                found = project;
            }
        }

        return found;
    }

    /// <summary>Every test file of <paramref name="project"/> the walk saw, relative to the repository.</summary>
    public IEnumerable<string> TestFilesOf(DetectedTestProject project) =>
        Builder.Files.Where(file => TestProjectOf(file) == project).Order(StringComparer.Ordinal);

    /// <summary><paramref name="file"/> relative to the project's root, or null when it is outside.</summary>
    public static string? RelativeTo(DetectedTestProject project, string file)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(file);
        if (project.Root == ".")
        {
            return file;
        }

        return file.StartsWith(project.Root + "/", StringComparison.Ordinal) ? file[(project.Root.Length + 1)..] : null;
    }
}
