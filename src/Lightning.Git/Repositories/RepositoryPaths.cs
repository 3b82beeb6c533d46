using Lightning.Core.Errors;

namespace Lightning.Git.Repositories;

/// <summary>Checks the paths callers hand in: the repository by absolute path, files confined to it.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository's full path without a trailing separator; it must be absolute and exist.</summary>
    public static string Root(string repositoryPath)
    {
        if (string.IsNullOrWhiteSpace(repositoryPath) || repositoryPath.Contains('\0', StringComparison.Ordinal)
            || !Path.IsPathFullyQualified(repositoryPath))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_path", $"The repository path must be absolute: '{repositoryPath}'.");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryPath));
        if (!Directory.Exists(full))
        {
            throw new LightningException(ErrorKind.Invalid, "git.not_a_repository", $"Not a git repository: '{full}' does not exist.");
        }

        return full;
    }

    /// <summary>
    /// <paramref name="path"/> (relative to the repository, or absolute inside it) as a repository-relative path with
    /// forward slashes; <c>.</c> for the root. Anything that leaves the repository or reaches into <c>.git</c> is refused,
    /// so a caller cannot make git read or stage files elsewhere.
    /// </summary>
    public static string Confine(string root, string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_path", "A file path is empty.");
        }

        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(root, path));
        var relative = Path.GetRelativePath(root, full);
        if (string.Equals(relative, ".", StringComparison.Ordinal))
        {
            return ".";
        }

        if (Path.IsPathRooted(relative)
            || string.Equals(relative, "..", StringComparison.Ordinal)
            || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.path_outside_repository", $"The path '{path}' is outside the repository.");
        }

        var normalized = relative.Replace(Path.DirectorySeparatorChar, '/');
        if (string.Equals(normalized, ".git", StringComparison.Ordinal) || normalized.StartsWith(".git/", StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.path_outside_repository", $"The path '{path}' is inside the .git folder.");
        }

        return normalized;
    }

    public static IReadOnlyList<string> ConfineAll(string root, IReadOnlyList<string>? paths) =>
        paths is null ? [] : paths.Select(path => Confine(root, path)).ToList();

    /// <summary>Refs and revisions are passed as arguments; one starting with '-' would be read as an option.</summary>
    public static string Revision(string revision)
    {
        if (string.IsNullOrWhiteSpace(revision) || revision.StartsWith('-') || revision.Contains('\0', StringComparison.Ordinal)
            || revision.Contains('\n', StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_ref", $"'{revision}' is not a valid revision.");
        }

        return revision.Trim();
    }
}
