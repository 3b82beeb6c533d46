using Lightning.Core.Errors;

namespace Lightning.Git.Releases;

/// <summary>Keeps paths a caller supplies inside the repository they name.</summary>
internal static class RepositoryPaths
{
    /// <summary>
    /// <paramref name="path"/> (relative to <paramref name="root"/>, or absolute inside it) as a repository-relative
    /// path with '/' separators; <c>..</c> escapes and absolute paths elsewhere are refused with <c>git.path_outside_repository</c>.
    /// </summary>
    public static string Confine(string root, string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_path", "A path inside the repository is required.");
        }

        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(fullRoot, path)));
        if (string.Equals(full, fullRoot, StringComparison.Ordinal))
        {
            return ".";
        }

        if (!full.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.path_outside_repository", $"The path '{path}' is outside the repository.");
        }

        var relative = Path.GetRelativePath(fullRoot, full).Replace(Path.DirectorySeparatorChar, '/');
        if (relative.Split('/').Any(part => string.Equals(part, ".git", StringComparison.OrdinalIgnoreCase)))
        {
            throw new LightningException(ErrorKind.Invalid, "git.path_outside_repository", $"The path '{path}' names git's own folder, not the work tree.");
        }

        return relative;
    }
}
