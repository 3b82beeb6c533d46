using Lightning.Core.Errors;

namespace Lightning.Git.Insights;

/// <summary>Confines caller-supplied paths to a repository, so a filter can never name a file outside it.</summary>
internal static class RepositoryPaths
{
    /// <summary>The working directory of a repository, or a clear error when it does not exist.</summary>
    public static string Root(string repositoryPath)
    {
        if (string.IsNullOrWhiteSpace(repositoryPath))
        {
            throw new LightningException(ErrorKind.Invalid, "git.not_a_repository", "No repository path was given.");
        }

        var full = Path.GetFullPath(repositoryPath);
        if (!Directory.Exists(full))
        {
            throw new LightningException(ErrorKind.Invalid, "git.not_a_repository", $"Not a git repository: the folder '{repositoryPath}' does not exist.");
        }

        return full;
    }

    /// <summary>
    /// <paramref name="path"/> relative to <paramref name="root"/> with <c>/</c> separators, or a <c>git.path_outside</c>
    /// error when it escapes the repository (<c>..</c>, or an absolute path elsewhere). An empty result is the root itself.
    /// </summary>
    public static string Confine(string root, string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_path", "A path filter is empty or contains a NUL character.");
        }

        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(root, path));
        var relative = Path.GetRelativePath(root, full);
        if (string.Equals(relative, ".", StringComparison.Ordinal))
        {
            return string.Empty;
        }

        if (Path.IsPathRooted(relative)
            || string.Equals(relative, "..", StringComparison.Ordinal)
            || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.path_outside", $"The path '{path}' is outside the repository.");
        }

        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
